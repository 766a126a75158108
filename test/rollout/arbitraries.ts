import fc from "fast-check";
import { RolloutPolicySpec, rolloutPolicySpec } from "../../src/model";

const POOL = ["blue", "green", "red", "amber", "teal", "violet"];

/** A deployment name in a random spelling: Azure compares names case-insensitively, so the plan must too. */
const spelled = (name: string) => fc.constantFrom(name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1));

/** Whole percentages over `names` that add up to 100 (zeros allowed), or an empty map when `allowEmpty`. */
export function trafficOver(names: readonly string[], allowEmpty = false): fc.Arbitrary<Record<string, number>> {
    const full = fc
        .array(fc.integer({ min: 0, max: 100 }), { minLength: names.length - 1, maxLength: names.length - 1 })
        .chain((cuts) => {
            const sorted = [0, ...[...cuts].sort((a, b) => a - b), 100];
            const shares = names.map((_, i) => sorted[i + 1] - sorted[i]);
            return fc.tuple(...names.map(spelled)).map((keys) => {
                const map: Record<string, number> = {};
                keys.forEach((key, i) => (map[key] = shares[i]));
                return map;
            });
        });
    return allowEmpty ? fc.oneof({ weight: 1, arbitrary: fc.constant({}) }, { weight: 6, arbitrary: full }) : full;
}

/** A mirror map Azure accepts next to `traffic`: nothing, or up to 50 % to one deployment without live traffic. */
export function mirrorBeside(
    names: readonly string[],
    traffic: Record<string, number>,
): fc.Arbitrary<Record<string, number>> {
    const live = (name: string) =>
        Object.entries(traffic).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? 0;
    const total = Object.values(traffic).reduce((a, b) => a + b, 0);
    const idle = names.filter((n) => live(n) === 0);
    if (total === 0 || idle.length === 0) {
        return fc.constant({});
    }
    return fc.oneof(
        fc.constant({}),
        fc.tuple(fc.constantFrom(...idle), fc.integer({ min: 1, max: 50 })).map(([n, p]) => ({ [n]: p })),
    );
}

/** A policy as a stack file would give it, parsed: every ladder shape, bakes, a mirror stage or not, gates, probes. */
export const policies: fc.Arbitrary<RolloutPolicySpec> = fc
    .record(
        {
            ladder: fc.oneof(
                fc.constant({}),
                fc
                    .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 6 })
                    .map((s) => ({ steps: [...s.sort((a, b) => a - b), 100] })),
                fc.integer({ min: 1, max: 99 }).map((percent) => ({ canary: { percent } })),
                fc
                    .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 100 }))
                    .map(([stepPercent, max]) => ({ linear: { stepPercent, maxPercent: Math.max(max, stepPercent) } })),
            ),
            bakeSeconds: fc.integer({ min: 0, max: 3600 }),
            mirror: fc.option(
                fc.record({
                    percent: fc.integer({ min: 1, max: 50 }),
                    durationSeconds: fc.integer({ min: 60, max: 3600 }),
                }),
                { nil: undefined },
            ),
            gates: fc.array(
                fc.record({
                    metric: fc.constantFrom("errorRate", "latencyP99Ms", "requestsPerMinute", "cpuPercent"),
                    comparison: fc.constantFrom("lessThan", "atMost", "greaterThan", "atLeast"),
                    threshold: fc.double({ min: 0, max: 1, noNaN: true }),
                }),
                { maxLength: 3 },
            ),
            onFailure: fc.constantFrom("rollback", "halt"),
        },
        { requiredKeys: ["ladder", "bakeSeconds", "gates", "onFailure"] },
    )
    .map(({ ladder, ...rest }) => {
        const parsed = rolloutPolicySpec.safeParse({ ...ladder, ...rest });
        if (!parsed.success) {
            throw new Error(`generated an invalid policy: ${JSON.stringify(parsed.error.issues)}`);
        }
        return parsed.data;
    });

/** An endpoint: its deployments (in Azure's spelling), live maps and declared maps. */
export const endpoints = fc.shuffledSubarray(POOL, { minLength: 1, maxLength: POOL.length }).chain((names) =>
    fc.tuple(trafficOver(names, true), trafficOver(names, true)).chain(([liveTraffic, targetTraffic]) =>
        fc.record({
            deployments: fc.constant(names),
            liveTraffic: fc.constant(liveTraffic),
            liveMirror: mirrorBeside(names, liveTraffic),
            targetTraffic: fc.constant(targetTraffic),
            targetMirror: mirrorBeside(names, targetTraffic),
        }),
    ),
);
