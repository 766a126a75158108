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
