import * as pulumi from "@pulumi/pulumi";
import type { OnlineDeployment } from "./onlineDeployment";

/**
 * Who writes an online deployment's instance count. Normally its azure-native resource (`sku.capacity`). With an
 * endpoint whose rollout policy scales down after success, the endpoint's traffic owner does: it scales deployments
 * up before they take traffic and down once they serve none, so the azure-native resource ignores `sku.capacity`
 * (it would put its recorded count back on its next update) and the owner gets the declared counts as an input.
 */

/** The property path of an azure-native OnlineDeployment's instance count, as `ignoreChanges` names it. */
export const DEPLOYMENT_CAPACITY_PROPERTY = "sku.capacity";

// Deployments made with the capacity left to the traffic owner: routeTraffic refuses to own one made otherwise.
const ownedByTraffic = new WeakSet<OnlineDeployment>();

/** Records that `deployment`'s azure-native resource leaves its instance count to the traffic owner. */
export function markCapacityOwned(deployment: OnlineDeployment): void {
    ownedByTraffic.add(deployment);
}

/** Whether `deployment` was made leaving its instance count to the traffic owner. */
export function capacityOwned(deployment: OnlineDeployment): boolean {
    return ownedByTraffic.has(deployment);
}

/**
 * The declared instance counts the traffic owner writes, by deployment name, as an input that resolves only once
 * the deployments' own creates and updates are done: the owner's diff then reads the counts those left behind (an
 * azure-native update of a deployment puts back the count it recorded, which the owner must correct).
 */
export function ownedCapacities(deployments: readonly OnlineDeployment[]): pulumi.Output<Record<string, number>> {
    const counts = Object.fromEntries(deployments.map((d) => [d.deploymentName, d.spec.instanceCount]));
    return pulumi.all(deployments.map((d) => d.deploymentId)).apply(() => counts);
}
