import type * as pulumi from "@pulumi/pulumi";
import { BatchEndpointDefaultsProps, checkBatchEndpointDefaults } from "./batchEndpointDefaultsChecks";
import {
    applyBatchEndpointDefaults,
    diffBatchEndpointDefaults,
    readLiveBatchEndpointDefaults,
    releaseBatchEndpointDefaults,
} from "./batchEndpointDefaultsRuntime";

/**
 * The one owner of a batch endpoint's default deployment (and its description and tags), as the provider host
 * runs it. It writes by read-modify-write of the whole endpoint after the deployments exist, so one `pulumi up`
 * goes from nothing to a batch endpoint with its default; its diff reads the live default, so a default switched
 * outside Pulumi is put back.
 */
export const batchEndpointDefaultsProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: BatchEndpointDefaultsProps, news: BatchEndpointDefaultsProps) {
        return { inputs: news, failures: checkBatchEndpointDefaults(news) };
    },

    async diff(_id: string, olds: BatchEndpointDefaultsProps, news: BatchEndpointDefaultsProps) {
        return diffBatchEndpointDefaults(olds, news);
    },

    async create(inputs: BatchEndpointDefaultsProps) {
        const { applied, ownerToken } = await applyBatchEndpointDefaults(inputs);
        return { id: `${inputs.endpointId}/defaults`, outs: { ...inputs, applied, ownerToken } };
    },

    async update(_id: string, olds: BatchEndpointDefaultsProps, news: BatchEndpointDefaultsProps) {
        const { applied, ownerToken } = await applyBatchEndpointDefaults(news, olds);
        return { outs: { ...news, applied, ownerToken } };
    },

    async delete(_id: string, props: BatchEndpointDefaultsProps) {
        await releaseBatchEndpointDefaults(props);
    },

    async read(id: string, props: BatchEndpointDefaultsProps) {
        const live = await readLiveBatchEndpointDefaults(props);
        return live === undefined ? {} : { id, props: live };
    },
};
