import type * as pulumi from "@pulumi/pulumi";
import { checkEndpointTraffic } from "./inputChecks";
import {
    applyEndpointTraffic,
    clearEndpointTraffic,
    diffEndpointTraffic,
    EndpointTrafficProps,
    readLiveEndpointTraffic,
} from "./trafficRuntime";

type Inputs = EndpointTrafficProps & { version: string };

/**
 * The one owner of an online endpoint's traffic (and its mutable settings), as the provider host runs it. It
 * writes the full traffic map by read-modify-write after the deployments exist, so one `pulumi up` goes from
 * nothing to serving traffic; on delete it takes all traffic off so the deployments can go. Maps are compared
 * normalised (case-insensitive names, zero entries dropped), so `{ blue: 100, green: 0 }` never diffs against
 * `{ blue: 100 }`.
 */
export const endpointTrafficProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        return { inputs: news, failures: checkEndpointTraffic(news) };
    },

    async diff(_id: string, olds: Inputs, news: Inputs) {
        return diffEndpointTraffic(olds, news);
    },

    async create(inputs: Inputs) {
        const { applied, ownerToken } = await applyEndpointTraffic(inputs);
        return { id: `${inputs.endpointId}/traffic`, outs: { ...inputs, applied, ownerToken } };
    },

    async update(_id: string, olds: Inputs, news: Inputs) {
        const { applied, ownerToken } = await applyEndpointTraffic(news, olds);
        return { outs: { ...news, applied, ownerToken } };
    },

    async delete(_id: string, props: Inputs) {
        await clearEndpointTraffic(props);
    },

    async read(id: string, props: Inputs) {
        const live = await readLiveEndpointTraffic(props);
        return live === undefined ? {} : { id, props: live };
    },
};
