import * as pulumi from "@pulumi/pulumi";

/**
 * What an endpoint needs of its workspace, passed explicitly rather than read from a component's `spec`, so a
 * workspace created elsewhere (another stack, an existing one) is as good as a {@link Workspace} component, which is
 * one.
 */
export interface WorkspaceRef {
    /** The Azure ML workspace's name, where the endpoint and its deployments go. */
    readonly workspaceName: pulumi.Input<string>;
    /** Its ARM id, which a Kubernetes endpoint's compute id is built from. */
    readonly workspaceId: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** Scope of AcrPull for a user-assigned endpoint identity. @default none: required with such an identity */
    readonly containerRegistryId?: pulumi.Input<string>;
    /** Scope of Storage Blob Data Reader for a user-assigned endpoint identity. @default none: required with such an identity */
    readonly storageAccountId?: pulumi.Input<string>;
    /** Scope of Key Vault Secrets User when an endpoint sets keyVaultAccess. @default none: no key vault role */
    readonly keyVaultId?: pulumi.Input<string>;
    /** Where managed endpoints send their diagnostic settings. @default none: no diagnostic settings */
    readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
    /**
     * The workspace's public network access, which an endpoint that sets none of its own takes.
     * @default none: such an endpoint leaves it to azure-native's default (Enabled)
     */
    readonly publicNetworkAccess?: "Enabled" | "Disabled";
}
