import type { ScaleDownSettings } from "../model/capacityOwnership";
import { TrafficState, shareOf } from "./trafficState";

/** One instance-count write: `deployment` (Azure's spelling) from `from` instances (unknown when Azure reports none) to `to`. */
export interface CapacityChange {
    readonly deployment: string;
    readonly from?: number;
    readonly to: number;
}

/**
 * What the traffic owner writes to instance counts in one update, when it owns them (afterSuccess scaleDown).
 * `before`: deployments that serve live or mirrored traffic in the target, brought to their declared count before
 * any traffic moves, so traffic never reaches a scaled-down deployment. `after`: deployments the target leaves
 * without traffic, brought to `scaledDownInstances` once the last step has passed, `waitSeconds` later.
 */
export interface CapacityPlan {
    readonly before: readonly CapacityChange[];
    readonly after: readonly CapacityChange[];
    /** The termination wait before `after`: the policy's when `after` removes instances, 0 when it only adds them. */
    readonly waitSeconds: number;
}

export interface CapacityPlanInput {
    /** The declared instance counts the owner owns, by deployment name. */
    readonly declared: Readonly<Record<string, number>>;
    /**
     * The deployments that exist, by Azure's spelling, with the instance count Azure reports (undefined: none).
     * Declared deployments missing here are left alone (not created yet, or gone).
     */
    readonly live: Readonly<Record<string, number | undefined>>;
    /** The traffic the update ends at (normalised). */
    readonly target: TrafficState;
    readonly settings: ScaleDownSettings;
}

const byName = (a: CapacityChange, b: CapacityChange) =>
    a.deployment.toLowerCase() < b.deployment.toLowerCase() ? -1 : 1;

/**
 * The instance-count writes that take the declared deployments to what the target traffic needs: their declared
 * count while they serve traffic, `scaledDownInstances` while they serve none. A deployment already at its count
 * is not written, so planning again after any interruption plans only what is left.
 */
export function planCapacity(input: CapacityPlanInput): CapacityPlan {
    const before: CapacityChange[] = [];
    const after: CapacityChange[] = [];
    const declared = new Map(Object.entries(input.declared).map(([name, count]) => [name.toLowerCase(), count]));
    for (const [deployment, from] of Object.entries(input.live)) {
        const wanted = declared.get(deployment.toLowerCase());
        if (wanted === undefined) {
            continue;
        }
        const serves = shareOf(input.target.traffic, deployment) > 0 || shareOf(input.target.mirror, deployment) > 0;
        const to = serves ? wanted : input.settings.scaledDownInstances;
        if (from !== to) {
            (serves ? before : after).push({ deployment, ...(from !== undefined ? { from } : {}), to });
        }
    }
    const removes = after.some((c) => c.from === undefined || c.from > c.to);
    return {
        before: before.sort(byName),
        after: after.sort(byName),
        waitSeconds: removes ? input.settings.terminationWaitSeconds : 0,
    };
}

/** Whether a plan writes nothing. */
export function capacityPlanEmpty(plan: CapacityPlan): boolean {
    return plan.before.length === 0 && plan.after.length === 0;
}
