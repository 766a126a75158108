import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_TRAFFIC_TIMEOUT_MINUTES } from "../azure/trafficTimeout";
import type { RolloutPolicySpec } from "../model/rolloutPolicy";
import { loadHostRuntime } from "./loadHostRuntime";
import type { EndpointTrafficProps } from "./hostRuntime";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const ENDPOINT_TRAFFIC_PROVIDER_VERSION = "2";

type Inputs = EndpointTrafficProps & { version: string };

/**
 * The one owner of an online endpoint's traffic (and its mutable settings). It writes the full traffic map by
 * read-modify-write after the deployments exist, so one `pulumi up` goes from nothing to serving traffic; on
 * delete it takes all traffic off so the deployments can go. Maps are compared normalised (case-insensitive
 * names, zero entries dropped), so `{ blue: 100, green: 0 }` never diffs against `{ blue: 100 }`.
 */
const endpointTrafficProvider: pulumi.dynamic.ResourceProvider = {
    // Check and diff run in the host too, on the library's one set of traffic rules, loaded at call time.
    async check(_olds: Inputs, news: Inputs) {
        return { inputs: news, failures: loadHostRuntime().checkEndpointTraffic(news) };
    },

    async diff(_id: string, olds: Inputs, news: Inputs) {
        return loadHostRuntime().diffEndpointTraffic(olds, news);
    },

    async create(inputs: Inputs) {
        const { applied, ownerToken } = await loadHostRuntime().applyEndpointTraffic(inputs);
        return { id: `${inputs.endpointId}/traffic`, outs: { ...inputs, applied, ownerToken } };
    },

    async update(_id: string, olds: Inputs, news: Inputs) {
        const { applied, ownerToken } = await loadHostRuntime().applyEndpointTraffic(news, olds);
        return { outs: { ...news, applied, ownerToken } };
    },

    async delete(_id: string, props: Inputs) {
        await loadHostRuntime().clearEndpointTraffic(props);
    },

    async read(id: string, props: Inputs) {
        const live = await loadHostRuntime().readLiveEndpointTraffic(props);
        return live === undefined ? {} : { id, props: live };
    },
};

export interface EndpointTrafficArgs {
    readonly endpointId: pulumi.Input<string>;
    /** Live traffic by deployment; unnamed deployments get 0. */
    readonly traffic: pulumi.Input<Record<string, number>>;
    /** @default {} */
    readonly mirrorTraffic?: pulumi.Input<Record<string, number>>;
    readonly description?: pulumi.Input<string>;
    readonly publicNetworkAccess?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, string>>;
    /** Minutes to keep retrying a busy endpoint. @default 20 */
    readonly timeoutMinutes?: pulumi.Input<number>;
    /**
     * When the endpoint was created (its `systemData.createdAt`): within minutes of it, a 404 is ARM catching up
     * and is retried; otherwise a 404 fails at once, naming the id. @default none (a 404 fails at once)
     */
    readonly endpointCreatedAt?: pulumi.Input<string | undefined>;
    /** How a change of live traffic rolls out, validated (see rolloutPolicySpec). @default none: written at once */
    readonly rollout?: RolloutPolicySpec;
}

/** See endpointTrafficProvider. */
export class EndpointTraffic extends pulumi.dynamic.Resource {
    declare readonly applied: pulumi.Output<{ traffic: Record<string, number>; mirrorTraffic: Record<string, number> }>;
    /** This owner's mark on the endpoint (tag azureml-pulumi-traffic-owner). */
    declare readonly ownerToken: pulumi.Output<string>;

    constructor(name: string, args: EndpointTrafficArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            endpointTrafficProvider,
            name,
            {
                mirrorTraffic: {},
                timeoutMinutes: DEFAULT_TRAFFIC_TIMEOUT_MINUTES,
                ...args,
                applied: undefined,
                ownerToken: undefined,
                version: ENDPOINT_TRAFFIC_PROVIDER_VERSION,
            },
            opts,
            "azureml",
            "EndpointTraffic",
        );
    }
}
