import { rolloutPolicySpec } from "../../src/model";
import { RolloutPlanError, planRollout, resumePosition, rollbackState } from "../../src/rollout";

const policy = rolloutPolicySpec.parse({ steps: [10, 50, 100], mirror: { percent: 20 } });
const input = { deployments: ["blue", "green"], liveTraffic: { blue: 100 }, targetTraffic: { green: 100 }, policy };
const plan = planRollout(input);

describe("resuming a rollout from Azure's live maps", () => {
    it("re-bakes the step that is live and writes only the ones after it", () => {
        const position = resumePosition(plan, { traffic: { Blue: 50, GREEN: 50, red: 0 }, mirror: {} });
        expect(position.kind).toBe("applied");
        if (position.kind === "applied") {
            expect(position.index).toBe(2);
            expect(position.rebake.traffic).toEqual({ blue: 50, green: 50 });
            expect(position.remaining.map((s) => s.traffic)).toEqual([{ green: 100 }]);
        }
    });

    it("recognises a mirror stage that is already live, without writing it again", () => {
        const position = resumePosition(plan, { traffic: { blue: 100 }, mirror: { green: 20 } });
        expect(position).toMatchObject({ kind: "applied", index: 0 });
        const replanned = planRollout({ ...input, liveMirror: { green: 20 } });
        expect(replanned.steps.map((s) => s.kind)).toEqual(["shift", "shift", "shift"]);
    });

    it("reports live maps the plan never writes as off the plan", () => {
        expect(resumePosition(plan, { traffic: { blue: 70, green: 30 }, mirror: {} })).toEqual({
            kind: "offPlan",
            live: { traffic: { blue: 70, green: 30 }, mirror: {} },
        });
    });
});

describe("rolling back", () => {
    it("puts back the live map from before the rollout, whichever step failed, without the mirror", () => {
        expect(rollbackState(plan, 0)).toEqual({ traffic: { blue: 100 }, mirror: {} });
        expect(rollbackState(plan, 1)).toEqual({ traffic: { blue: 100 }, mirror: {} });
        expect(rollbackState(plan, 3)).toEqual({ traffic: { blue: 100 }, mirror: {} });
        expect(() => rollbackState(plan, 4)).toThrow("the plan has steps 0 to 3; got 4");
    });
});

describe("planning", () => {
    it("refuses maps that break Azure's rules, naming the map, the key and the value", () => {
        expect(() => planRollout({ ...input, targetTraffic: { green: 90, purple: 10 } })).toThrow(RolloutPlanError);
        expect(() => planRollout({ ...input, targetTraffic: { green: 90, purple: 10 } })).toThrow(
            "target traffic.purple: names no deployment of this endpoint (declared: blue, green), got 10",
        );
    });

    it("keeps the target's mirror to a third deployment wherever Azure accepts it", () => {
        const p = planRollout({
            deployments: ["blue", "green", "shadow"],
            liveTraffic: { blue: 100 },
            targetTraffic: { green: 100 },
            targetMirror: { shadow: 5 },
            policy: rolloutPolicySpec.parse({ canary: { percent: 10 } }),
        });
        expect(p.steps.map((s) => s.mirror)).toEqual([{ shadow: 5 }, { shadow: 5 }]);
    });
});
