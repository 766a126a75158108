import fc from "fast-check";
import { normalizeTraffic, percentIssues, trafficIssues } from "../../src/rules";
import {
    RolloutPlan,
    TrafficState,
    planRollout,
    resumePosition,
    rollbackState,
    sameState,
    shareOf,
    trafficState,
} from "../../src/rollout";
import { RolloutPolicySpec } from "../../src/model";
import { endpoints, policies } from "./arbitraries";

const RUNS = { numRuns: 400 };

const cases = fc.tuple(endpoints, fc.option(policies, { nil: undefined, freq: 6 }));

type Case = [Parameters<typeof planRollout>[0], RolloutPolicySpec | undefined];

function plan([endpoint, policy]: Case): RolloutPlan {
    return planRollout({ ...endpoint, policy });
}

/** What Azure would say about a state, by the library's own rules. */
const issuesOf = (deployments: readonly string[], state: TrafficState) => [
    ...percentIssues(state.traffic, state.mirror),
    ...trafficIssues(deployments, state.traffic, state.mirror),
];

const mapsOf = (state: TrafficState) => ({ traffic: state.traffic, mirror: state.mirror });

describe("rollout plans, for random endpoints and policies", () => {
    it("are drawn from every kind of change (the generators reach what the properties are about)", () => {
        const plans = fc.sample(cases, { numRuns: 2000, seed: 7 }).map(plan);
        const progressive = plans.filter((p) => p.mode === "progressive");
        expect(plans.some((p) => p.mode === "direct")).toBe(true);
        expect(plans.some((p) => p.mode === "unchanged")).toBe(true);
        expect(progressive.length).toBeGreaterThan(plans.length / 3);
        expect(progressive.some((p) => p.steps.some((s) => s.kind === "mirror"))).toBe(true);
        expect(progressive.some((p) => new Set(p.steps.map((s) => s.gaining)).size > 2)).toBe(true);
        expect(progressive.some((p) => Object.keys(p.target.mirror).length > 0)).toBe(true);
    });

    it("write only maps Azure accepts", () => {
        fc.assert(
            fc.property(cases, (c) => {
                const p = plan(c);
                for (const step of p.steps) {
                    expect(issuesOf(c[0].deployments, step)).toEqual([]);
                }
            }),
            RUNS,
        );
    });

    it("end at the target, normalised, and write nothing when live already matches it", () => {
        fc.assert(
            fc.property(cases, ([endpoint, policy]) => {
                const p = planRollout({ ...endpoint, policy });
                const target = trafficState(endpoint.targetTraffic, endpoint.targetMirror);
                if (sameState(trafficState(endpoint.liveTraffic, endpoint.liveMirror), target)) {
                    expect(p.mode).toBe("unchanged");
                    expect(p.steps).toEqual([]);
                } else {
                    expect(mapsOf(p.steps[p.steps.length - 1])).toEqual(target);
                    expect(p.steps[p.steps.length - 1].traffic).toEqual(normalizeTraffic(endpoint.targetTraffic));
                }
            }),
            RUNS,
        );
    });

    it("never write the same maps twice in a row, nor the start again", () => {
        fc.assert(
            fc.property(cases, (c) => {
                const p = plan(c);
                [p.start, ...p.steps].forEach((state, i, all) => {
                    if (i > 0) {
                        expect(sameState(state, all[i - 1])).toBe(false);
                    }
                });
                expect(p.steps.some((s) => sameState(s, p.start))).toBe(false);
            }),
            RUNS,
        );
    });

    it("move every share one way only: the gaining deployment's share never falls, no loser's ever rises", () => {
        fc.assert(
            fc.property(cases, (c) => {
                const p = plan(c);
                const states = [p.start, ...p.steps];
                const names = new Set(states.flatMap((s) => Object.keys(s.traffic)));
                for (const name of names) {
                    const rising = shareOf(p.target.traffic, name) >= shareOf(p.start.traffic, name);
                    for (let i = 1; i < states.length; i++) {
                        const before = shareOf(states[i - 1].traffic, name);
                        const after = shareOf(states[i].traffic, name);
                        expect(rising ? after >= before : after <= before).toBe(true);
                    }
                }
                for (const step of p.steps) {
                    if (step.kind === "shift") {
                        const before = step.index === 0 ? p.start : p.steps[step.index - 1];
                        expect(shareOf(step.traffic, step.gaining!)).toBeGreaterThan(
                            shareOf(before.traffic, step.gaining!),
                        );
                        expect(shareOf(step.traffic, step.gaining!)).toBe(step.share);
                    }
                }
            }),
            RUNS,
        );
    });

    it("mirror only to a deployment about to gain, while it serves no live traffic, and clear it as it does", () => {
        fc.assert(
            fc.property(cases, (c) => {
                const p = plan(c);
                for (const step of p.steps.filter((s) => s.kind === "mirror")) {
                    expect(step.mirror).toEqual({ [step.gaining!]: step.share });
                    expect(shareOf(step.traffic, step.gaining!)).toBe(0);
                    expect(step.share).toBeLessThanOrEqual(50);
                    const next = p.steps[step.index + 1];
                    expect(next.kind).toBe("shift");
                    expect(next.gaining).toBe(step.gaining);
                    expect(shareOf(next.mirror, step.gaining!)).toBe(0);
                }
            }),
            RUNS,
        );
    });

    it("roll back to a map written before, valid, with no mirror", () => {
        fc.assert(
            fc.property(cases, (c) => {
                const p = plan(c);
                p.steps.forEach((_, i) => {
                    const back = rollbackState(p, i);
                    expect(issuesOf(c[0].deployments, back)).toEqual([]);
                    expect(back.mirror).toEqual({});
                    expect(back.traffic).toEqual(p.start.traffic);
                    if (p.mode === "progressive") {
                        expect(Object.values(back.traffic).reduce((a, b) => a + b, 0)).toBe(100);
                    }
                });
            }),
            RUNS,
        );
    });

    it("resume from any map on the way with the rest of the plan, nothing repeated", () => {
        fc.assert(
            fc.property(cases, ([endpoint, policy]) => {
                const p = planRollout({ ...endpoint, policy });
                expect(resumePosition(p, p.start)).toEqual({ kind: "notStarted", remaining: p.steps });
                p.steps.forEach((step, k) => {
                    const position = resumePosition(p, { traffic: step.traffic, mirror: step.mirror });
                    expect(position).toEqual({
                        kind: "applied",
                        index: k,
                        rebake: step,
                        remaining: p.steps.slice(k + 1),
                    });
                    // A process that only knows Azure's live maps plans the same remaining writes.
                    const again = planRollout({
                        ...endpoint,
                        liveTraffic: step.traffic,
                        liveMirror: step.mirror,
                        policy,
                    });
                    expect(again.steps.map(mapsOf)).toEqual(p.steps.slice(k + 1).map(mapsOf));
                });
            }),
            RUNS,
        );
    });
});
