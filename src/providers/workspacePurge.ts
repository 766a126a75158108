import * as pulumi from "@pulumi/pulumi";
import { loadHostRuntime } from "./loadHostRuntime";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const WORKSPACE_PURGE_PROVIDER_VERSION = "1";

interface PurgeInputs {
    workspaceId: string;
    workspaceName: string;
    version: string;
}

/**
 * Purges an Azure ML workspace when it is destroyed. Creating it does nothing; deleting it deletes the workspace
 * with forceToPurge, so no soft-deleted workspace keeps the name. Consumers take the workspace name and id from
 * this resource, so they are deleted before it, and it before the workspace resource (whose own delete then finds
 * nothing, which is success).
 */
const workspacePurgeProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: PurgeInputs, news: PurgeInputs) {
        return { inputs: news, failures: loadHostRuntime().checkWorkspacePurge(news) };
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
        await loadHostRuntime().purgeWorkspace(props.workspaceId);
    },
};

export interface WorkspacePurgeArgs {
    readonly workspaceId: pulumi.Input<string>;
    readonly workspaceName: pulumi.Input<string>;
}

/** See workspacePurgeProvider. */
export class WorkspacePurge extends pulumi.dynamic.Resource {
    declare readonly workspaceId: pulumi.Output<string>;
    declare readonly workspaceName: pulumi.Output<string>;

    constructor(name: string, args: WorkspacePurgeArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            workspacePurgeProvider,
            name,
            { ...args, version: WORKSPACE_PURGE_PROVIDER_VERSION },
            opts,
            "azureml",
            "WorkspacePurge",
        );
    }
}
