import { rolloutPolicySpec } from "../../src/model";
import {
    capacityTimeLimitSeconds,
    formatSeconds,
    planCapacity,
    planRollout,
    rolloutTimeLimitSeconds,
    summarizeCapacity,
    summarizePlan,
} from "../../src/rollout";

const policy = (input: unknown) => rolloutPolicySpec.parse(input);
const gates = [
    { metric: "errorRate", comparison: "lessThan", threshold: 0.01 },
    { metric: "latencyP99Ms", comparison: "lessThan", threshold: 300 },
    { metric: "requestsPerMinute", comparison: "atLeast", threshold: 10 },
];

describe("the preview line", () => {
    it("states a blue/green shift with its steps, bake, mirror stage and gates", () => {
        const plan = planRollout({
            deployments: ["blue", "green"],
            liveTraffic: { blue: 100 },
            targetTraffic: { green: 100 },
            policy: policy({ linear: { stepPercent: 25 }, mirror: { percent: 20 }, gates }),
        });
        expect(summarizePlan(plan)).toBe(
            "blue 100→0, green 0→100 in 4 steps, 5m bake, mirror 20% for 10m, gates: errors<1%, p99<300ms, rpm>=10",
        );
        expect(plan.steps.map((s) => [s.kind, s.traffic, s.mirror])).toEqual([
            ["mirror", { blue: 100 }, { green: 20 }],
            ["shift", { blue: 75, green: 25 }, {}],
            ["shift", { blue: 50, green: 50 }, {}],
            ["shift", { blue: 25, green: 75 }, {}],
            ["shift", { green: 100 }, {}],
        ]);
    });

    it("says why a change goes at once, and when nothing changes", () => {
        const base = { deployments: ["Blue", "green"], targetTraffic: { blue: 100, green: 0 } };
        expect(summarizePlan(planRollout({ ...base, liveTraffic: {} }))).toBe("blue 0→100 at once (no rollout policy)");
        expect(summarizePlan(planRollout({ ...base, liveTraffic: {}, policy: policy({}) }))).toBe(
            "blue 0→100 at once (nothing serves live traffic yet)",
        );
        expect(summarizePlan(planRollout({ ...base, liveTraffic: { BLUE: 100 }, policy: policy({}) }))).toBe(
            "traffic unchanged",
        );
        expect(
            summarizePlan(
                planRollout({ ...base, liveTraffic: { blue: 100 }, targetMirror: { green: 10 }, policy: policy({}) }),
            ),
        ).toBe("mirror green 0→10% at once (only the mirror changes)");
    });

    it("caps the ladder at the gaining deployment's declared share and names a skipped mirror stage", () => {
        const plan = planRollout({
            deployments: ["blue", "green"],
            liveTraffic: { blue: 90, green: 10 },
            targetTraffic: { blue: 40, green: 60 },
            policy: policy({ canary: { percent: 20 }, bakeSeconds: 90, mirror: { percent: 10 }, onFailure: "halt" }),
        });
        expect(plan.steps.map((s) => s.traffic)).toEqual([
            { blue: 80, green: 20 },
            { blue: 40, green: 60 },
        ]);
        expect(summarizePlan(plan)).toBe(
            "blue 90→40, green 10→60 in 2 steps, 1m30s bake, no mirror stage (green already serves live traffic), no gates, halts on failure",
        );
    });

    it("ramps several gaining deployments one after another, each with its own mirror stage", () => {
        const plan = planRollout({
            deployments: ["blue", "green", "red"],
            liveTraffic: { blue: 100 },
            targetTraffic: { green: 60, red: 40 },
            policy: policy({ steps: [10, 50, 100], mirror: { percent: 5, durationSeconds: 60 }, bakeSeconds: 60 }),
        });
        expect(plan.steps.map((s) => [s.kind, s.gaining, s.traffic, s.mirror])).toEqual([
            ["mirror", "green", { blue: 100 }, { green: 5 }],
            ["shift", "green", { blue: 90, green: 10 }, {}],
            ["shift", "green", { blue: 50, green: 50 }, {}],
            ["shift", "green", { blue: 40, green: 60 }, {}],
            ["mirror", "red", { blue: 40, green: 60 }, { red: 5 }],
            ["shift", "red", { blue: 30, green: 60, red: 10 }, {}],
            ["shift", "red", { green: 60, red: 40 }, {}],
        ]);
        expect(summarizePlan(plan)).toBe(
            "blue 100→0, green 0→60, red 0→40 in 5 steps, 1m bake, mirror 5% for 1m to each of green, red, no gates",
        );
    });
});

describe("time", () => {
    it("formats seconds for the preview", () => {
        expect([0, 45, 90, 300, 3600, 5400, 3661].map(formatSeconds)).toEqual([
            "0s",
            "45s",
            "1m30s",
            "5m",
            "1h",
            "1h30m",
            "1h1m1s",
        ]);
    });

    it("bounds a rollout by its timeLimit, or by twice its longest plan plus half an hour", () => {
        expect(rolloutTimeLimitSeconds(policy({}))).toBe(2 * 3 * 300 + 1800);
        expect(rolloutTimeLimitSeconds(policy({ canary: { percent: 5 }, mirror: { percent: 10 } }))).toBe(
            2 * (2 * 300 + 600) + 1800,
        );
        expect(rolloutTimeLimitSeconds(policy({ timeLimit: { seconds: 7200 } }))).toBe(7200);
    });
});

const settings = { scaledDownInstances: 1, terminationWaitSeconds: 300 };
const declared = { blue: 3, green: 3 };

describe("the preview line with instance counts", () => {
    const policy = rolloutPolicySpec.parse({
        linear: { stepPercent: 50 },
        bakeSeconds: 120,
        afterSuccess: { previous: "scaleDown" },
    });
    const rollout = planRollout({
        deployments: ["blue", "green"],
        liveTraffic: { blue: 100 },
        targetTraffic: { green: 100 },
        policy,
    });

    it("mentions the scale-down after the wait, and a scale-up first", () => {
        const capacity = planCapacity({ declared, live: { blue: 3, green: 3 }, target: rollout.target, settings });
        expect(summarizePlan(rollout, capacity)).toBe(
            "blue 100→0, green 0→100 in 2 steps, 2m bake, no gates, then scale blue to 1 after 5m",
        );
        const back = planCapacity({ declared, live: { blue: 3, green: 1 }, target: rollout.target, settings });
        expect(summarizePlan(rollout, back)).toBe(
            "scale green to 3, then blue 100→0, green 0→100 in 2 steps, 2m bake, no gates, then scale blue to 1 after 5m",
        );
        expect(summarizePlan(rollout, { before: [], after: [], waitSeconds: 0 })).toBe(summarizePlan(rollout));
    });

    it("states instance counts alone when traffic stays", () => {
        expect(
            summarizeCapacity({
                before: [{ deployment: "blue", from: 3, to: 5 }],
                after: [
                    { deployment: "green", from: 3, to: 1 },
                    { deployment: "red", from: 2, to: 1 },
                ],
                waitSeconds: 90,
            }),
        ).toBe("scale blue to 5, then scale green, red to 1 after 1m30s");
        expect(summarizeCapacity({ before: [], after: [], waitSeconds: 0 })).toBe("instance counts unchanged");
    });
});

describe("capacityTimeLimitSeconds", () => {
    it("adds the termination wait and a write per owned deployment only when the policy scales down", () => {
        const keep = rolloutPolicySpec.parse({});
        const down = rolloutPolicySpec.parse({ afterSuccess: { previous: "scaleDown", terminationWaitSeconds: 600 } });
        expect(capacityTimeLimitSeconds(keep, 2)).toBe(0);
        expect(capacityTimeLimitSeconds(down, 2)).toBe(600 + 2 * 20 * 60);
    });
});
