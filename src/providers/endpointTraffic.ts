import * as pulumi from "@pulumi/pulumi";
import { loadHostRuntime } from "./loadHostRuntime";
import { UNKNOWN_VALUE } from "./unknownValue";
import type { EndpointTrafficProps } from "./hostRuntime";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const ENDPOINT_TRAFFIC_PROVIDER_VERSION = "1";

type Inputs = EndpointTrafficProps & { version: string };

/**
 * The one owner of an online endpoint's traffic (and its mutable settings). It writes the full traffic map by
 * read-modify-write after the deployments exist, so one `pulumi up` goes from nothing to serving traffic; on
 * delete it takes all traffic off so the deployments can go. Maps are compared normalised (case-insensitive
 * names, zero entries dropped), so `{ blue: 100, green: 0 }` never diffs against `{ blue: 100 }`.
 */
const endpointTrafficProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (
            typeof news.endpointId === "string" &&
            news.endpointId !== UNKNOWN_VALUE &&
            !/\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/onlineEndpoints\/[^/]+$/i.test(
                news.endpointId,
            )
        ) {
            failures.push({
                property: "endpointId",
                reason: `expected an online endpoint resource id, got "${news.endpointId}"`,
            });
        }
        for (const key of ["traffic", "mirrorTraffic"] as const) {
            const map = news[key];
            for (const [name, percent] of Object.entries(typeof map === "object" && map !== null ? map : {})) {
                if (
                    (percent as unknown) !== UNKNOWN_VALUE &&
                    (typeof percent !== "number" || !Number.isInteger(percent) || percent < 0 || percent > 100)
                ) {
                    failures.push({
                        property: `${key}.${name}`,
                        reason: `percentages are whole numbers from 0 to 100, got ${JSON.stringify(percent)}`,
                    });
                }
            }
        }
        return { inputs: news, failures };
    },

    async diff(_id: string, olds: Inputs, news: Inputs) {
        // Inline on purpose: the provider is serialized with what it references, so it stays self-contained.
        const norm = (map: Record<string, number> | undefined) =>
            JSON.stringify(
                Object.entries(map ?? {})
                    .filter(([, v]) => v !== 0)
                    .map(([k, v]) => [k.toLowerCase(), v])
                    .sort(),
            );
        const replaces = olds.endpointId !== news.endpointId ? ["endpointId"] : [];
        const changed =
            replaces.length > 0 ||
            norm(olds.traffic) !== norm(news.traffic) ||
            norm(olds.mirrorTraffic) !== norm(news.mirrorTraffic) ||
            olds.description !== news.description ||
            olds.publicNetworkAccess !== news.publicNetworkAccess ||
            JSON.stringify(olds.tags ?? null) !== JSON.stringify(news.tags ?? null) ||
            olds.version !== news.version;
        return { changes: changed, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Inputs) {
        const applied = await loadHostRuntime().applyEndpointTraffic(inputs);
        return { id: `${inputs.endpointId}/traffic`, outs: { ...inputs, applied } };
    },

    async update(_id: string, _olds: Inputs, news: Inputs) {
        const applied = await loadHostRuntime().applyEndpointTraffic(news);
        return { outs: { ...news, applied } };
    },

    async delete(_id: string, props: Inputs) {
        await loadHostRuntime().clearEndpointTraffic(props);
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
}

/** See endpointTrafficProvider. */
export class EndpointTraffic extends pulumi.dynamic.Resource {
    declare readonly applied: pulumi.Output<{ traffic: Record<string, number>; mirrorTraffic: Record<string, number> }>;

    constructor(name: string, args: EndpointTrafficArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            endpointTrafficProvider,
            name,
            {
                mirrorTraffic: {},
                timeoutMinutes: 20,
                ...args,
                applied: undefined,
                version: ENDPOINT_TRAFFIC_PROVIDER_VERSION,
            },
            opts,
            "azureml",
            "EndpointTraffic",
        );
    }
}
