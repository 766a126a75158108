import { TrafficMap, normalizeTraffic } from "../rules";
import { shareOf } from "./trafficState";

/*
 * Traffic moves one deployment at a time: the risers (share below target) rise one after another, taking what they
 * gain from the losers (share above target) one after another. Both orders depend only on the target and the names,
 * never on the start, so a plan computed from any map on the way is the rest of the plan computed from the start:
 * that is what lets a killed rollout resume from Azure's live traffic with nothing written twice. Moving
 * proportionally would need rounding, and rounded maps drift off the original path.
 */

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Deployments whose share must rise, in the order they are ramped: the larger target share first, then by name. */
export function risersInOrder(current: TrafficMap, target: TrafficMap): string[] {
    return Object.keys(normalizeTraffic(target))
        .filter((name) => shareOf(target, name) > shareOf(current, name))
        .sort((a, b) => shareOf(target, b) - shareOf(target, a) || byName(a, b));
}

/**
 * Deployments whose share must fall, in the order they give traffic up: the smaller target share first (the one
 * being retired drains before one that keeps a share), then by name.
 */
export function losersInOrder(current: TrafficMap, target: TrafficMap): string[] {
    return Object.keys(normalizeTraffic(current))
        .filter((name) => shareOf(current, name) > shareOf(target, name))
        .sort((a, b) => shareOf(target, a) - shareOf(target, b) || byName(a, b));
}

/**
 * The map after `riser` rises to `share` (at most its target share), taking the difference from the losers in
 * their order. Both maps must add up to 100, so the losers always have enough to give.
 */
export function raiseShare(
    current: TrafficMap,
    target: TrafficMap,
    riser: string,
    share: number,
): Record<string, number> {
    const next: Record<string, number> = { ...normalizeTraffic(current) };
    const name = riser.toLowerCase();
    let needed = Math.min(share, shareOf(target, name)) - shareOf(next, name);
    if (needed <= 0) {
        return normalizeTraffic(next);
    }
    next[name] = shareOf(next, name) + needed;
    for (const loser of losersInOrder(current, target)) {
        const given = Math.min(needed, shareOf(next, loser) - shareOf(target, loser));
        next[loser] = shareOf(next, loser) - given;
        needed -= given;
        if (needed === 0) {
            break;
        }
    }
    if (needed !== 0) {
        throw new RangeError(`cannot raise '${name}' to ${share} %: the other deployments have ${needed} % too little`);
    }
    return normalizeTraffic(next);
}
