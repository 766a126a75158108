import * as pulumi from "@pulumi/pulumi";
import type { RolloutPolicySpec } from "../model/rolloutPolicy";
import { HostedDynamicResource } from "./hostedDynamicResource";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const ENDPOINT_TRAFFIC_PROVIDER_VERSION = "2";

/** Arguments of EndpointTraffic. */
export interface EndpointTrafficArgs {
    readonly endpointId: pulumi.Input<string>;
    /** Live traffic by deployment; unnamed deployments get 0. */
    readonly traffic: pulumi.Input<Record<string, number>>;
    /** Shadow traffic by deployment. @default {} (the provider's: an unset map is none) */
    readonly mirrorTraffic?: pulumi.Input<Record<string, number>>;
    readonly description?: pulumi.Input<string>;
    readonly publicNetworkAccess?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, string>>;
    /** Minutes to keep retrying a busy endpoint. @default 20 (the provider's, DEFAULT_TRAFFIC_TIMEOUT_MINUTES) */
    readonly timeoutMinutes?: pulumi.Input<number>;
    /**
     * When the endpoint was created (its `systemData.createdAt`): within minutes of it, a 404 is ARM catching up
     * and is retried; otherwise a 404 fails at once, naming the id. @default none (a 404 fails at once)
     */
    readonly endpointCreatedAt?: pulumi.Input<string | undefined>;
    /** How a change of live traffic rolls out, validated (see rolloutPolicySpec). @default none: written at once */
    readonly rollout?: RolloutPolicySpec;
    /**
     * The deployments' declared instance counts by name, which this owner writes when `rollout.afterSuccess.previous`
     * is `scaleDown` (their azure-native resources then ignore `sku.capacity`). @default none: azure-native keeps
     * the instance counts
     */
    readonly capacities?: pulumi.Input<Record<string, number>>;
}

/**
 * The one owner of an online endpoint's traffic (and its mutable settings): after the deployments exist it writes
 * the full traffic map by read-modify-write (progressively when a rollout policy is set), so one `pulumi up` goes
 * from nothing to serving traffic; on delete it takes all traffic off so the deployments can go. With `capacities`
 * and a policy that scales down after success, it also writes the deployments' instance counts. Runs in the
 * provider host (endpointTrafficProvider).
 */
export class EndpointTraffic extends HostedDynamicResource {
    declare readonly applied: pulumi.Output<{ traffic: Record<string, number>; mirrorTraffic: Record<string, number> }>;
    /** This owner's mark on the endpoint (tag azureml-pulumi-traffic-owner). */
    declare readonly ownerToken: pulumi.Output<string>;

    constructor(name: string, args: EndpointTrafficArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "endpointTraffic",
            "EndpointTraffic",
            name,
            // The defaults of mirrorTraffic and timeoutMinutes are the provider's: an unset input costs the runtime
            // nothing, and state written with them spelled out diffs the same (see diffEndpointTrafficInputs).
            {
                ...args,
                applied: undefined,
                ownerToken: undefined,
                version: ENDPOINT_TRAFFIC_PROVIDER_VERSION,
            },
            ["applied", "ownerToken"],
            opts,
        );
    }
}
