import { autoscaleSpec, rolloutPolicySpec } from "../../src/model";
import { parsed, problemLines } from "../support/problems";

describe("rollout policy spec", () => {
    it("defaults to 10/50/100 with five minutes of bake time and rollback", () => {
        expect(parsed(rolloutPolicySpec, {})).toEqual({
            steps: [10, 50, 100],
            bakeSeconds: 300,
            gates: [],
            onFailure: "rollback",
        });
    });

    it("needs rising steps that end at 100", () => {
        expect(problemLines(rolloutPolicySpec, { steps: [50, 20, 100] }, "r")).toEqual([
            "r.steps[1]: steps must rise; step 1 is not above the one before (50), got 20",
        ]);
        expect(problemLines(rolloutPolicySpec, { steps: [10, 50] }, "r")).toEqual([
            "r.steps[1]: the last step must be 100 so the rollout completes, got 50",
        ]);
        expect(problemLines(rolloutPolicySpec, { steps: [] }, "r")[0]).toContain("give at least one step");
    });

    it("caps the mirror phase at 50 %", () => {
        expect(problemLines(rolloutPolicySpec, { mirror: { percent: 60 } }, "r")).toEqual([
            "r.mirror.percent: at most 50, got 60",
        ]);
    });

    it("checks gate metrics and windows", () => {
        expect(
            problemLines(
                rolloutPolicySpec,
                { gates: [{ metric: "cpu", comparison: "lessThan", threshold: 1 }] },
                "r",
            )[0],
        ).toContain("r.gates[0].metric: Invalid option");
        expect(
            problemLines(
                rolloutPolicySpec,
                { gates: [{ metric: "errorRate", comparison: "lessThan", threshold: 0.01, windowSeconds: 30 }] },
                "r",
            ),
        ).toEqual(["r.gates[0].windowSeconds: at least 60 seconds, got 30"]);
    });
});

describe("rollout policy: ladders, probes, analysis, limits", () => {
    it("resolves canary and linear into the ladder of steps", () => {
        expect(parsed(rolloutPolicySpec, { canary: { percent: 5 } }).steps).toEqual([5, 100]);
        expect(parsed(rolloutPolicySpec, { linear: { stepPercent: 30 } }).steps).toEqual([30, 60, 90, 100]);
        expect(parsed(rolloutPolicySpec, { linear: { stepPercent: 20, maxPercent: 50 } }).steps).toEqual([20, 40, 100]);
        expect(parsed(rolloutPolicySpec, { steps: [100] }).steps).toEqual([100]);
    });

    it("takes one of steps, canary and linear", () => {
        expect(problemLines(rolloutPolicySpec, { steps: [50, 100], canary: { percent: 10 } }, "r")).toEqual([
            'r.canary: give only one of steps, canary and linear; remove canary or steps, got {"percent":10}',
        ]);
        expect(problemLines(rolloutPolicySpec, { canary: { percent: 100 } }, "r")).toEqual([
            "r.canary.percent: at most 99, got 100",
        ]);
        expect(problemLines(rolloutPolicySpec, { linear: { stepPercent: 40, maxPercent: 30 } }, "r")).toEqual([
            "r.linear.maxPercent: maxPercent is below stepPercent (40); raise maxPercent or lower stepPercent, got 30",
        ]);
    });

    it("reads errorRate as a fraction and percentages up to 100", () => {
        expect(
            problemLines(
                rolloutPolicySpec,
                { gates: [{ metric: "errorRate", comparison: "lessThan", threshold: 5 }] },
                "r",
            ),
        ).toEqual(["r.gates[0].threshold: errorRate is a fraction from 0 to 1; write 0.05 for 5 %, got 5"]);
        expect(
            problemLines(
                rolloutPolicySpec,
                { gates: [{ metric: "cpuPercent", comparison: "atMost", threshold: 120 }] },
                "r",
            ),
        ).toEqual(["r.gates[0].threshold: cpuPercent is a percentage from 0 to 100; lower the threshold, got 120"]);
    });

    it("defaults probes and analysis the way the docs say", () => {
        const p = parsed(rolloutPolicySpec, { probes: [{ payload: { data: [1] } }], analysis: {} });
        expect(p.probes).toEqual([{ payload: { data: [1] }, expectedStatus: 200 }]);
        expect(p.analysis).toEqual({
            intervalSeconds: 60,
            failureLimit: 0,
            inconclusiveLimit: 10,
            metricsDelaySeconds: 180,
        });
        expect(problemLines(rolloutPolicySpec, { probes: [{ payload: {}, expectedStatus: 700 }] }, "r")).toEqual([
            "r.probes[0].expectedStatus: HTTP status codes run from 100 to 599, got 700",
        ]);
        expect(problemLines(rolloutPolicySpec, { probes: [{}] }, "r")[0]).toMatch(/^r\.probes\[0\]\.payload: /);
        expect(problemLines(rolloutPolicySpec, { analysis: { intervalSeconds: 5 } }, "r")).toEqual([
            "r.analysis.intervalSeconds: at least 10 seconds, got 5",
        ]);
    });

    it("refuses a time limit shorter than the bakes it must hold", () => {
        expect(problemLines(rolloutPolicySpec, { mirror: { percent: 10 }, timeLimit: { seconds: 600 } }, "r")).toEqual([
            "r.timeLimit.seconds: the rollout needs 1500 seconds at least (3 steps × 300 s bake + 600 s mirror); raise timeLimit.seconds or shorten the bakes, got 600",
        ]);
        expect(
            parsed(rolloutPolicySpec, { timeLimit: { seconds: 3600 }, afterSuccess: { previous: "scaleDown" } }),
        ).toMatchObject({
            timeLimit: { seconds: 3600, onExpiry: "rollback" },
            afterSuccess: { previous: "scaleDown", terminationWaitSeconds: 300, scaledDownInstances: 1 },
        });
        expect(problemLines(rolloutPolicySpec, { timeLimit: { onExpiry: "failInPlace" } }, "r")[0]).toContain(
            "r.timeLimit.onExpiry: Invalid option",
        );
    });

    it("suggests the key meant when one is misspelt", () => {
        expect(problemLines(rolloutPolicySpec, { canery: { percent: 5 } }, "r")).toEqual([
            "r.canery: unknown key; did you mean 'canary'?",
        ]);
    });
});

describe("autoscale spec", () => {
    const out = { metric: "CpuUtilizationPercentage", operator: "GreaterThan", threshold: 70, direction: "out" };
    const inward = { ...out, operator: "LessThan", threshold: 20, direction: "in" };

    it("needs a scale-in rule next to scale-out rules", () => {
        expect(problemLines(autoscaleSpec, { minInstances: 1, maxInstances: 3, rules: [out] }, "a")).toEqual([
            "a.rules: rules only scale out; add a rule with direction 'in' or the deployment never shrinks, got 1",
        ]);
        expect(problemLines(autoscaleSpec, { minInstances: 1, maxInstances: 3, rules: [out, inward] })).toEqual([]);
    });

    it("keeps bounds ordered, in profiles too", () => {
        expect(problemLines(autoscaleSpec, { minInstances: 4, maxInstances: 3 }, "a")).toEqual([
            "a.minInstances: must not exceed maxInstances (3), got 4",
        ]);
        const schedule = {
            name: "weekday",
            timeZone: "UTC",
            days: ["Monday"],
            hours: [8],
            minInstances: 2,
            maxInstances: 4,
            defaultInstances: 5,
        };
        expect(problemLines(autoscaleSpec, { minInstances: 1, maxInstances: 3, schedules: [schedule] }, "a")).toEqual([
            "a.schedules[0].defaultInstances: must lie between minInstances (2) and maxInstances (4), got 5",
        ]);
    });
});

describe("a parsed policy", () => {
    it("parses again to itself (a stack's settings handed on to a component)", () => {
        for (const input of [{ canary: { percent: 10 } }, { linear: { stepPercent: 25 } }, { steps: [20, 100] }]) {
            const once = rolloutPolicySpec.parse(input);
            expect(rolloutPolicySpec.parse(once)).toEqual(once);
        }
        expect(() => rolloutPolicySpec.parse({ steps: [50, 100], canary: { percent: 10 } })).toThrow("give only one");
    });
});
