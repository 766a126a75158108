import type * as pulumi from "@pulumi/pulumi";
import { checkWorkspacePurge } from "./inputChecks";
import { purgeWorkspace } from "./workspacePurgeRuntime";

interface PurgeInputs {
    workspaceId: string;
    workspaceName: string;
    version: string;
}

/**
 * Purges an Azure ML workspace when it is destroyed, as the provider host runs it. Creating it does nothing;
 * deleting it deletes the workspace with forceToPurge, so no soft-deleted workspace keeps the name.
 */
export const workspacePurgeProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: PurgeInputs, news: PurgeInputs) {
        return { inputs: news, failures: checkWorkspacePurge(news) };
    },

    async diff(_id: string, olds: PurgeInputs, news: PurgeInputs) {
        const replaces = olds.workspaceId !== news.workspaceId ? ["workspaceId"] : [];
        const changed =
            replaces.length > 0 || olds.version !== news.version || olds.workspaceName !== news.workspaceName;
        return { changes: changed, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(inputs: PurgeInputs) {
        return { id: inputs.workspaceId, outs: inputs };
    },

    async update(_id: string, _olds: PurgeInputs, news: PurgeInputs) {
        return { outs: news };
    },

    async delete(_id: string, props: PurgeInputs) {
        await purgeWorkspace(props.workspaceId);
    },
};
