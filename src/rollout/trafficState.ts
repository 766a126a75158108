import { TrafficMap, normalizeTraffic } from "../rules";

/** An endpoint's live and mirrored traffic, normalised (lower-case names, no zero entries, sorted). */
export interface TrafficState {
    readonly traffic: Readonly<Record<string, number>>;
    readonly mirror: Readonly<Record<string, number>>;
}

export function trafficState(traffic?: TrafficMap, mirror?: TrafficMap): TrafficState {
    return { traffic: normalizeTraffic(traffic), mirror: normalizeTraffic(mirror) };
}

/** Whether two states route live and mirrored traffic the same way. */
export function sameState(a: TrafficState, b: TrafficState): boolean {
    return JSON.stringify(trafficState(a.traffic, a.mirror)) === JSON.stringify(trafficState(b.traffic, b.mirror));
}

export function liveTotal(map: TrafficMap): number {
    return Object.values(map).reduce((a, b) => a + b, 0);
}

/** A deployment's share in a normalised map, whatever the spelling of its name. */
export function shareOf(map: TrafficMap, name: string): number {
    return map[name.toLowerCase()] ?? 0;
}
