import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_TRAFFIC_TIMEOUT_MINUTES } from "../azure/trafficTimeout";
import { HostedDynamicResource } from "./hostedDynamicResource";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const BATCH_ENDPOINT_DEFAULTS_PROVIDER_VERSION = "1";

/** Arguments of BatchEndpointDefaults. */
export interface BatchEndpointDefaultsArgs {
    /** ARM id of the batch endpoint. */
    readonly endpointId: pulumi.Input<string>;
    /** The deployment jobs run on unless they name another. @default none: the endpoint has no default deployment */
    readonly defaultDeployment?: pulumi.Input<string>;
    /** The endpoint's description, which this resource keeps. @default none */
    readonly description?: pulumi.Input<string>;
    /** The endpoint's tags, which this resource keeps (besides its own mark). @default none */
    readonly tags?: pulumi.Input<Record<string, string>>;
    /** Minutes to keep retrying a busy endpoint. @default 20 */
    readonly timeoutMinutes?: pulumi.Input<number>;
    /**
     * When the endpoint was created (its `systemData.createdAt`): within minutes of it, a 404 is ARM catching up
     * and is retried; otherwise a 404 fails at once, naming the id. @default none (a 404 fails at once)
     */
    readonly endpointCreatedAt?: pulumi.Input<string | undefined>;
}

/**
 * The one owner of a batch endpoint's default deployment (and its description and tags). ARM sets a default only
 * in a PUT of the whole endpoint, and a PUT without one leaves the endpoint with none, so the endpoint resource
 * never writes after creation; this resource, which depends on the endpoint and its deployments, sets the default
 * by read-modify-write once they exist: one `pulumi up`, no second pass. It marks the endpoint (tag
 * azureml-pulumi-defaults-owner). Its delete leaves the endpoint without a default only while the endpoint still
 * carries its mark, so that the deployments deleted after it can go; a replaced owner's delete leaves the new
 * owner's default alone. Runs in the provider host (batchEndpointDefaultsProvider).
 */
export class BatchEndpointDefaults extends HostedDynamicResource {
    /** The default deployment the endpoint had after the last write, as read back (absent: none). */
    declare readonly applied: pulumi.Output<{ defaultDeployment?: string }>;
    /** This owner's mark on the endpoint (tag azureml-pulumi-defaults-owner). */
    declare readonly ownerToken: pulumi.Output<string>;

    constructor(name: string, args: BatchEndpointDefaultsArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "batchEndpointDefaults",
            "BatchEndpointDefaults",
            name,
            {
                timeoutMinutes: DEFAULT_TRAFFIC_TIMEOUT_MINUTES,
                ...args,
                applied: undefined,
                ownerToken: undefined,
                version: BATCH_ENDPOINT_DEFAULTS_PROVIDER_VERSION,
            },
            ["applied", "ownerToken"],
            opts,
        );
    }
}
