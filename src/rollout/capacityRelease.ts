import { CapacityChange } from "./capacityPlan";

export interface CapacityReleaseInput {
    /** The instance counts the owner owned until now (its previous inputs), by deployment name. */
    readonly declared: Readonly<Record<string, number>>;
    /** The count it left idle deployments at (the previous policy's scaledDownInstances). */
    readonly scaledDownInstances: number;
    /** The deployments that exist, by Azure's spelling, with the instance count Azure reports. */
    readonly live: Readonly<Record<string, number | undefined>>;
}

/**
 * The writes that hand instance counts back when a policy stops scaling down: azure-native owns them again, but it
 * still believes every deployment runs the count it last wrote, so a deployment this owner left scaled down would
 * stay small and later take traffic that way. Every declared deployment standing at exactly the scaled-down count,
 * below its declared one, goes back to the declared count; anything else was set by someone else and stays.
 */
export function planCapacityRelease(input: CapacityReleaseInput): CapacityChange[] {
    const declared = new Map(Object.entries(input.declared).map(([name, count]) => [name.toLowerCase(), count]));
    return Object.entries(input.live)
        .flatMap(([deployment, from]) => {
            const to = declared.get(deployment.toLowerCase());
            return to !== undefined && from === input.scaledDownInstances && from < to
                ? [{ deployment, from, to }]
                : [];
        })
        .sort((a, b) => (a.deployment.toLowerCase() < b.deployment.toLowerCase() ? -1 : 1));
}
