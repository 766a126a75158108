import * as pulumi from "@pulumi/pulumi";
import { EndpointTraffic, EndpointTrafficArgs } from "../providers/endpointTraffic";
import { SpecValidationError, scaleDownSettings, trafficIssues } from "../model";
import type { RolloutPolicySpec } from "../model/rolloutPolicy";
import { capacityTimeLimitSeconds, rolloutTimeLimitSeconds } from "../rollout";

/** Traffic for `routeTraffic`. */
export interface TrafficArgs {
    /** Live traffic percentages by deployment name; they add up to 100, or 0 for none. */
    readonly traffic: Record<string, number>;
    /** Shadow traffic: at most 50 % copied to one deployment that has no live traffic. @default {} */
    readonly mirrorTraffic?: Record<string, number>;
}

/** The endpoint settings the traffic owner writes, since the endpoint resource ignores changes to them. */
export interface OwnedEndpointSettings {
    /** @default none */
    readonly description?: string;
    /** @default none: the endpoint's as created */
    readonly publicNetworkAccess?: pulumi.Input<string>;
    /** @default none */
    readonly tags?: Record<string, string>;
    /** When the endpoint was created, so a 404 right after it is taken for ARM catching up. @default none */
    readonly endpointCreatedAt?: pulumi.Input<string | undefined>;
    /** How a change of live traffic rolls out. @default none: written at once */
    readonly rollout?: RolloutPolicySpec;
}

/**
 * Refuses traffic that names no deployment of the endpoint or breaks Azure ML's traffic rules, before anything is
 * created; the config schema applies the same rules to inline deployments.
 */
export function checkTraffic(subject: string, deploymentNames: readonly string[], args: TrafficArgs): void {
    const issues = trafficIssues(deploymentNames, args.traffic, args.mirrorTraffic ?? {});
    if (issues.length > 0) {
        throw new SpecValidationError(
            subject,
            issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
    }
}

/**
 * The arguments of an endpoint's traffic owner. `capacities` (the deployments' declared instance counts) goes with
 * them only when the policy scales down after success, the one case in which the owner writes instance counts.
 */
export function trafficOwnerArgs(
    endpointId: pulumi.Input<string>,
    traffic: TrafficArgs,
    settings: OwnedEndpointSettings,
    capacities?: pulumi.Input<Record<string, number>>,
): EndpointTrafficArgs {
    const mirror = traffic.mirrorTraffic ?? {};
    return {
        endpointId,
        traffic: traffic.traffic,
        // No mirror is the provider's default: the key is left out rather than sent empty.
        ...(Object.keys(mirror).length > 0 ? { mirrorTraffic: mirror } : {}),
        ...settings,
        ...(scaleDownSettings(settings.rollout) !== undefined && capacities !== undefined ? { capacities } : {}),
    };
}

/**
 * The one writer of an endpoint's traffic and mutable settings, `${parentName}-traffic` under `parent`. It depends
 * on the deployments it routes to (and the endpoint), so it writes once they exist, in the same `pulumi up`.
 * `ownedDeployments` is how many deployments' instance counts it writes (see `capacities`), for its timeouts.
 */
export function createTrafficOwner(
    parentName: string,
    parent: pulumi.Resource,
    args: EndpointTrafficArgs,
    dependsOn: readonly pulumi.Resource[],
    ownedDeployments = 0,
): EndpointTraffic {
    // The engine must never cut a healthy rollout short: its time limit, plus room for the writes around it, plus
    // the termination wait and the scale writes when the owner writes instance counts.
    const seconds =
        args.rollout !== undefined
            ? rolloutTimeLimitSeconds(args.rollout) + capacityTimeLimitSeconds(args.rollout, ownedDeployments)
            : 0;
    const minutes = 30 + Math.ceil(seconds / 60);
    return new EndpointTraffic(`${parentName}-traffic`, args, {
        parent,
        dependsOn: [...dependsOn],
        customTimeouts: { create: `${minutes}m`, update: `${minutes}m`, delete: "30m" },
    });
}
