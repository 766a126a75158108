import fc from "fast-check";
import { capacityPlanEmpty, planCapacity, trafficState } from "../../src/rollout";
import { mirrorBeside, trafficOver } from "./arbitraries";

const settings = { scaledDownInstances: 1, terminationWaitSeconds: 300 };
const declared = { blue: 3, green: 3 };

describe("planCapacity: what the owner writes around a traffic change", () => {
    it("scales the deployment left without traffic down after the wait, and nothing before", () => {
        const plan = planCapacity({
            declared,
            live: { blue: 3, green: 3 },
            target: trafficState({ green: 100 }),
            settings,
        });
        expect(plan).toEqual({ before: [], after: [{ deployment: "blue", from: 3, to: 1 }], waitSeconds: 300 });
    });

    it("scales a scaled-down deployment up before traffic (live or mirrored) reaches it", () => {
        expect(
            planCapacity({ declared, live: { blue: 3, green: 1 }, target: trafficState({ green: 100 }), settings }),
        ).toEqual({
            before: [{ deployment: "green", from: 1, to: 3 }],
            after: [{ deployment: "blue", from: 3, to: 1 }],
            waitSeconds: 300,
        });
        expect(
            planCapacity({
                declared,
                live: { blue: 3, green: 1 },
                target: trafficState({ blue: 100 }, { green: 10 }),
                settings,
            }).before,
        ).toEqual([{ deployment: "green", from: 1, to: 3 }]);
    });

    it("writes a changed count of a serving deployment before traffic moves, and plans nothing once there", () => {
        const plan = planCapacity({
            declared: { blue: 5, green: 3 },
            live: { blue: 3, green: 1 },
            target: trafficState({ blue: 100 }),
            settings,
        });
        expect(plan).toEqual({ before: [{ deployment: "blue", from: 3, to: 5 }], after: [], waitSeconds: 0 });
        const done = planCapacity({
            declared: { blue: 5, green: 3 },
            live: { blue: 5, green: 1 },
            target: trafficState({ blue: 100 }),
            settings,
        });
        expect(capacityPlanEmpty(done)).toBe(true);
    });

    it("waits only when a scale-down removes instances; raising an idle deployment to a larger scaledDownInstances does not", () => {
        const plan = planCapacity({
            declared,
            live: { blue: 3, green: 1 },
            target: trafficState({ blue: 100 }),
            settings: { scaledDownInstances: 2, terminationWaitSeconds: 300 },
        });
        expect(plan).toEqual({ before: [], after: [{ deployment: "green", from: 1, to: 2 }], waitSeconds: 0 });
    });

    it("matches names as Azure does, keeps Azure's spelling, and leaves undeclared and missing deployments alone", () => {
        const plan = planCapacity({
            declared: { Blue: 3, green: 3, gone: 2 },
            live: { BLUE: 3, green: 3, other: 4, unsized: undefined },
            target: trafficState({ GREEN: 100 }),
            settings,
        });
        expect(plan.after).toEqual([{ deployment: "BLUE", from: 3, to: 1 }]);
        expect(plan.before).toEqual([]);
        // A deployment reporting no count is written either way, and taken to lose instances.
        const unknown = planCapacity({
            declared: { unsized: 3 },
            live: { unsized: undefined },
            target: trafficState({}),
            settings,
        });
        expect(unknown).toEqual({ before: [], after: [{ deployment: "unsized", to: 1 }], waitSeconds: 300 });
    });

    it("never scales down a deployment that serves traffic, and planning again from the result plans nothing", () => {
        const names = ["blue", "green", "red"];
        fc.assert(
            fc.property(
                trafficOver(names, true).chain((traffic) =>
                    fc.tuple(fc.constant(traffic), mirrorBeside(names, traffic)),
                ),
                fc.dictionary(fc.constantFrom(...names), fc.integer({ min: 1, max: 6 })),
                fc.integer({ min: 1, max: 3 }),
                ([traffic, mirror], counts, scaledDownInstances) => {
                    const target = trafficState(traffic, mirror);
                    const live = Object.fromEntries(names.map((n) => [n, counts[n] ?? 4]));
                    const want = { blue: 4, green: 5, red: 6 };
                    const s = { scaledDownInstances, terminationWaitSeconds: 60 };
                    const plan = planCapacity({ declared: want, live, target, settings: s });
                    for (const change of plan.after) {
                        expect((target.traffic[change.deployment] ?? 0) + (target.mirror[change.deployment] ?? 0)).toBe(
                            0,
                        );
                        expect(change.to).toBe(scaledDownInstances);
                    }
                    for (const change of plan.before) {
                        expect(change.to).toBe(want[change.deployment as keyof typeof want]);
                    }
                    const after = { ...live };
                    for (const change of [...plan.before, ...plan.after]) {
                        after[change.deployment] = change.to;
                    }
                    expect(capacityPlanEmpty(planCapacity({ declared: want, live: after, target, settings: s }))).toBe(
                        true,
                    );
                },
            ),
        );
    });
});
