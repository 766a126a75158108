/**
 * Traffic maps as Azure ML compares them: names are case-insensitive and a 0 % entry is the same as no entry.
 * The Azure SDK drops zero entries and Azure lower-cases names, so a map compared raw (`{ blue: 100, green: 0 }`
 * against `{ blue: 100 }`) would show a diff forever; every comparison goes through `normalizeTraffic`.
 */
export type TrafficMap = Readonly<Record<string, number>>;

/** Lower-cased names, zero entries dropped, keys sorted. */
export function normalizeTraffic(map: TrafficMap | undefined): Record<string, number> {
    // A Map, not an object: a deployment may be called "constructor", which an object literal already "has".
    const out = new Map<string, number>();
    for (const [name, percent] of Object.entries(map ?? {})) {
        if (percent !== 0) {
            const key = name.toLowerCase();
            out.set(key, (out.get(key) ?? 0) + percent);
        }
    }
    return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whether two maps route traffic the same way. */
export function sameTraffic(a: TrafficMap | undefined, b: TrafficMap | undefined): boolean {
    return JSON.stringify(normalizeTraffic(a)) === JSON.stringify(normalizeTraffic(b));
}

/**
 * The full map to PUT: every existing deployment (in Azure's spelling) with its desired share, 0 for the rest, so
 * a PUT never leaves a deployment's share to chance. Names the endpoint does not have come back in `unknown`.
 */
export function fullTrafficMap(
    deployments: readonly string[],
    desired: TrafficMap,
): { map: Record<string, number>; unknown: string[] } {
    const wanted = new Map(Object.entries(normalizeTraffic(desired)));
    const map = Object.fromEntries(deployments.map((name) => [name, wanted.get(name.toLowerCase()) ?? 0]));
    const known = new Set(deployments.map((d) => d.toLowerCase()));
    return { map, unknown: [...wanted.keys()].filter((name) => !known.has(name)) };
}
