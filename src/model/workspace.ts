import { z } from "zod";
import { armResourceId, computeName, count, identity, principalId, publicNetworkAccess } from "./common";

/** Workspace names: 3–33 characters, letters, digits, '-' and '_', starting with a letter or digit. */
export const workspaceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, {
    error: "workspace names have 3 to 33 characters: a letter or digit, then letters, digits, '-' or '_'",
});

/** An existing resource the workspace uses instead of one created for it. */
const existingResource = z.strictObject({
    /** Resource id of an existing resource to use instead of creating one. */
    existingId: armResourceId,
});

/** Storage account created for the workspace (default datastores, code and model uploads). */
export const workspaceStorage = z.union([
    existingResource,
    z.strictObject({
        /** Physical name; 3–24 lower-case letters and digits. @default derived from project, stack and name */
        name: z
            .string()
            .regex(/^[a-z0-9]{3,24}$/, { error: "storage account names have 3 to 24 lower-case letters and digits" })
            .optional(),
        /** Replication of the storage account. @default "Standard_LRS" */
        sku: z
            .enum([
                "Standard_LRS",
                "Standard_ZRS",
                "Standard_GRS",
                "Standard_RAGRS",
                "Standard_GZRS",
                "Standard_RAGZRS",
            ])
            .default("Standard_LRS"),
    }),
]);

/** Key vault created for the workspace (the secrets of its connections and datastores). */
export const workspaceKeyVault = z.union([
    existingResource,
    z.strictObject({
        /** Physical name; 3–24 letters, digits and hyphens, starting with a letter. @default derived */
        name: z
            .string()
            .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, {
                error: "key vault names have 3 to 24 letters, digits and single hyphens, start with a letter and end with a letter or digit",
            })
            .optional(),
        /** Pricing tier of the vault. @default "standard" */
        sku: z.enum(["standard", "premium"]).default("standard"),
        /** Days a deleted vault stays recoverable (7–90). @default 90 */
        softDeleteRetentionDays: count(7, 90).default(90),
        /** Purge protection cannot be turned off once on; it also keeps the vault name taken for the retention period. @default false */
        purgeProtection: z.boolean().default(false),
    }),
]);

/** Container registry created for the workspace (environment images). */
export const workspaceContainerRegistry = z.union([
    existingResource,
    z.strictObject({
        /** Physical name; 5–50 letters and digits. @default derived */
        name: z
            .string()
            .regex(/^[a-zA-Z0-9]{5,50}$/, { error: "container registry names have 5 to 50 letters and digits" })
            .optional(),
        /** Premium is required for private endpoints. @default "Basic" */
        sku: z.enum(["Basic", "Standard", "Premium"]).default("Basic"),
    }),
]);

/** Log Analytics workspace created for the workspace (logs of Application Insights and of endpoints). */
export const workspaceLogAnalytics = z.union([
    existingResource,
    z.strictObject({
        /** Days to keep logs (30–730). @default 30 */
        retentionDays: count(30, 730).default(30),
    }),
]);

/** Workspace-based Application Insights created for the workspace. */
export const workspaceApplicationInsights = z.union([
    existingResource,
    z.strictObject({
        /** Percentage of telemetry kept (0–100]. @default 100 */
        samplingPercentage: z.number().gt(0, { error: "more than 0" }).max(100, { error: "at most 100" }).default(100),
    }),
]);

/** An Azure ML workspace and the resources it depends on. */
export const workspaceSpec = z
    .strictObject({
        /** Physical workspace name. @default derived from the component name */
        name: workspaceName.optional(),
        /** Display name in the studio. @default - */
        friendlyName: z.string().max(256).optional(),
        /** Shown in the studio (at most 1024 characters). @default none */
        description: z.string().max(1024).optional(),
        /** Whether the workspace is reachable from public networks. No default: an explicit choice. */
        publicNetworkAccess,
        /** The managed identity the workspace acts as: system-assigned, or user-assigned with its principal id. @default { type: "SystemAssigned" } */
        identity: identity.default({ type: "SystemAssigned", userAssignedIdentityIds: [] }),
        /**
         * Resource id of the user-assigned identity the workspace acts as; one of identity.userAssignedIdentityIds.
         * @default the first user-assigned identity, when the type includes UserAssigned
         */
        primaryUserAssignedIdentityId: armResourceId.optional(),
        /**
         * Object (principal) id of the primary user-assigned identity. The library grants it the roles the workspace
         * needs on its storage, key vault, registry and App Insights; Azure does that by itself only for a
         * system-assigned identity. Required with a user-assigned identity unless grantIdentityRoles is false.
         */
        userAssignedIdentityPrincipalId: principalId.optional(),
        /** Grant the user-assigned identity its roles on the dependent resources. @default true */
        grantIdentityRoles: z.boolean().default(true),
        /**
         * Grant the identity running `pulumi up` Storage Blob Data Contributor on the workspace's storage, which Entra
         * ID uploads of local assets need when shared keys are refused: "servicePrincipal" (CI) or "user". Needs
         * permission to assign roles. @default "none"
         */
        deployerBlobAccess: z.enum(["none", "servicePrincipal", "user"]).default("none"),
        /** How the default datastores authenticate to storage. 'identity' lets storage refuse shared keys. @default "identity" */
        systemDatastoresAuthMode: z.enum(["identity", "accessKey"]).default("identity"),
        /**
         * Managed network isolation. An isolated network is provisioned with the workspace: Azure ML creates no online
         * deployment until it exists. @default "Disabled"
         */
        managedNetwork: z.enum(["Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound"]).default("Disabled"),
        /**
         * Name of the compute cluster (or instance) that builds environment images. A registry behind a private
         * endpoint cannot build them itself, so a private workspace needs one when an environment has a conda file
         * or a build context. @default - (the registry builds images)
         */
        imageBuildCompute: computeName.optional(),
        /** High business impact: reduces the telemetry Microsoft collects and encrypts local scratch disks. @default false */
        highBusinessImpact: z.boolean().default(false),
        /** Purge instead of soft-delete on destroy, so the name can be re-used at once. @default false */
        purgeOnDestroy: z.boolean().default(false),
        /** The storage account: an existing one by `existingId`, or settings of the one created. @default created with default settings */
        storageAccount: workspaceStorage.default({ sku: "Standard_LRS" }),
        /** The key vault: an existing one by `existingId`, or settings of the one created. @default created with default settings */
        keyVault: workspaceKeyVault.default({ sku: "standard", softDeleteRetentionDays: 90, purgeProtection: false }),
        /** The container registry: an existing one by `existingId`, or settings of the one created. @default created with default settings */
        containerRegistry: workspaceContainerRegistry.default({ sku: "Basic" }),
        /** The Log Analytics workspace: an existing one by `existingId`, or settings of the one created. @default created with default settings */
        logAnalytics: workspaceLogAnalytics.default({ retentionDays: 30 }),
        /** Application Insights: an existing one by `existingId`, or settings of the one created. @default created with default settings, connected to the Log Analytics workspace */
        applicationInsights: workspaceApplicationInsights.default({ samplingPercentage: 100 }),
    })
    .superRefine((ws, ctx) => {
        const userIds = ws.identity.userAssignedIdentityIds;
        if (ws.primaryUserAssignedIdentityId !== undefined) {
            if (!ws.identity.type.includes("UserAssigned")) {
                ctx.addIssue({
                    code: "custom",
                    path: ["primaryUserAssignedIdentityId"],
                    input: ws.primaryUserAssignedIdentityId,
                    message: `needs identity.type 'UserAssigned' or 'SystemAssigned,UserAssigned', but it is '${ws.identity.type}'`,
                });
            } else if (!userIds.some((id) => id.toLowerCase() === ws.primaryUserAssignedIdentityId!.toLowerCase())) {
                ctx.addIssue({
                    code: "custom",
                    path: ["primaryUserAssignedIdentityId"],
                    input: ws.primaryUserAssignedIdentityId,
                    message: "must be one of identity.userAssignedIdentityIds; add it there or pick one of them",
                });
            }
        }
        if (
            ws.identity.type.includes("UserAssigned") &&
            ws.grantIdentityRoles &&
            ws.userAssignedIdentityPrincipalId === undefined
        ) {
            ctx.addIssue({
                code: "custom",
                path: ["userAssignedIdentityPrincipalId"],
                input: undefined,
                message:
                    "a user-assigned workspace identity needs roles on storage, key vault, registry and App Insights; give its principal id, or set grantIdentityRoles false if they are granted elsewhere",
            });
        }
        if (ws.identity.type === "None") {
            ctx.addIssue({
                code: "custom",
                path: ["identity", "type"],
                input: ws.identity.type,
                message:
                    "a workspace needs a managed identity to reach its storage, key vault and registry; use 'SystemAssigned' or 'UserAssigned'",
            });
        }
        const registry = ws.containerRegistry;
        if (ws.publicNetworkAccess === "Disabled" && "sku" in registry && registry.sku !== "Premium") {
            ctx.addIssue({
                code: "custom",
                path: ["containerRegistry", "sku"],
                input: registry.sku,
                message:
                    "a workspace without public network access needs a Premium container registry (private endpoints); set sku to 'Premium'",
            });
        }
    });

export type WorkspaceSpec = z.output<typeof workspaceSpec>;
export type { WorkspaceSpecInput } from "./generated/workspace";
