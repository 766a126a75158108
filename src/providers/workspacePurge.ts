import * as pulumi from "@pulumi/pulumi";
import { HostedDynamicResource } from "./hostedDynamicResource";

/** Bump when the provider's behaviour changes, so existing resources take an update with the new code. */
export const WORKSPACE_PURGE_PROVIDER_VERSION = "1";

/** Arguments of WorkspacePurge. */
export interface WorkspacePurgeArgs {
    readonly workspaceId: pulumi.Input<string>;
    readonly workspaceName: pulumi.Input<string>;
}

/**
 * Purges an Azure ML workspace when it is destroyed (forceToPurge, so no soft-deleted workspace keeps the name).
 * Consumers take the workspace name and id from this resource, so they are deleted before it, and it before the
 * workspace resource (whose own delete then finds nothing, which is success). Runs in the provider host
 * (workspacePurgeProvider).
 */
export class WorkspacePurge extends HostedDynamicResource {
    declare readonly workspaceId: pulumi.Output<string>;
    declare readonly workspaceName: pulumi.Output<string>;

    constructor(name: string, args: WorkspacePurgeArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "workspacePurge",
            "WorkspacePurge",
            name,
            { ...args, version: WORKSPACE_PURGE_PROVIDER_VERSION },
            [],
            opts,
        );
    }
}
