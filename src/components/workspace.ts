import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as storage from "@pulumi/azure-native/storage";
import { WorkspaceSpec, WorkspaceSpecInput, parseOrThrow, tags as tagsSchema, workspaceSpec } from "../model";
import { armIdentity } from "./arm";
import { containerRegistryName, keyVaultName, storageAccountName, uniqueSuffix, workspaceResourceName } from "./naming";
import { RoleGrant, grantRoles } from "./roleGrant";
import { WorkspacePurge } from "../providers/workspacePurge";
import { principalForValidation } from "./placeholders";

/**
 * Arguments of a {@link Workspace}. Settings the library validates are plain values (see `workspaceSpec` for every
 * default and rule); references to other resources are Inputs.
 */
export interface WorkspaceArgs extends Omit<WorkspaceSpecInput, "userAssignedIdentityPrincipalId"> {
    /** Resource group that holds the workspace and every resource created for it. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure region. @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /** Tags on the workspace and every resource created for it. @default {} */
    readonly tags?: Record<string, string>;
    /** Principal id of the primary user-assigned identity; see `workspaceSpec`. @default - */
    readonly userAssignedIdentityPrincipalId?: pulumi.Input<string>;
}

/** The id of an existing resource the settings name, or of the one `create` makes from them. */
function existingOr<S extends object>(
    settings: S | { existingId: string },
    create: (settings: S) => pulumi.CustomResource,
): pulumi.Output<string> {
    return "existingId" in settings ? pulumi.output(settings.existingId) : create(settings as S).id;
}

/** A validated WorkspaceArgs: checked before any child exists, so bad input never half-creates a workspace. */
function validateWorkspaceArgs(
    name: string,
    args: WorkspaceArgs,
): { spec: WorkspaceSpec; tags: Record<string, string> } {
    const { resourceGroupName: _rg, location: _location, tags, userAssignedIdentityPrincipalId, ...rest } = args;
    const principal = principalForValidation(userAssignedIdentityPrincipalId);
    // The physical name defaults to one derived from the component name: validate whichever is used.
    const spec = parseOrThrow(
        workspaceSpec,
        { ...rest, name: rest.name ?? workspaceResourceName(name), userAssignedIdentityPrincipalId: principal },
        `Workspace "${name}"`,
    );
    return { spec, tags: parseOrThrow(tagsSchema.optional(), tags, `Workspace "${name}"`, "tags") ?? {} };
}

/**
 * An Azure Machine Learning workspace with the resources it depends on: a storage account (default datastores),
 * a key vault, Log Analytics with workspace-based Application Insights, and a container registry. Each dependency can
 * be brought as an existing resource id instead. Defaults are secure: identity-based datastore access with shared
 * keys refused, RBAC key vault, no registry admin user, TLS 1.2, no public blob access; public network access is
 * always an explicit choice.
 */
export class Workspace extends pulumi.ComponentResource {
    /** Name of the Azure ML workspace (the ARM resource name). */
    readonly workspaceName: pulumi.Output<string>;
    readonly workspaceId: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    readonly location: pulumi.Output<string>;
    readonly storageAccountId: pulumi.Output<string>;
    readonly keyVaultId: pulumi.Output<string>;
    readonly containerRegistryId: pulumi.Output<string>;
    readonly applicationInsightsId: pulumi.Output<string>;
    readonly logAnalyticsWorkspaceId: pulumi.Output<string>;
    /** Principal id of the system-assigned identity, when there is one. */
    readonly principalId: pulumi.Output<string | undefined>;
    /** The validated settings, defaults applied. */
    readonly spec: WorkspaceSpec;
    /** The workspace's public network access: part of {@link WorkspaceRef}, the default of its endpoints. */
    readonly publicNetworkAccess: "Enabled" | "Disabled";

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        const { spec, tags } = validateWorkspaceArgs(name, args);
        super("azureml:workspace:Workspace", name, {}, opts);
        this.spec = spec;
        this.publicNetworkAccess = spec.publicNetworkAccess;

        const parent = { parent: this };
        const rg = args.resourceGroupName;
        const location = args.location;
        const suffix = uniqueSuffix(pulumi.getProject(), pulumi.getStack(), name);
        const publicAccess = spec.publicNetworkAccess;
        const client = authorization.getClientConfigOutput();

        const storageAccountId = existingOr(
            spec.storageAccount,
            (settings) =>
                new storage.StorageAccount(
                    `${name}-storage`,
                    {
                        resourceGroupName: rg,
                        location,
                        accountName: settings.name ?? storageAccountName(name, suffix),
                        kind: "StorageV2",
                        sku: { name: settings.sku },
                        allowBlobPublicAccess: false,
                        allowSharedKeyAccess: spec.systemDatastoresAuthMode === "accessKey",
                        enableHttpsTrafficOnly: true,
                        minimumTlsVersion: "TLS1_2",
                        publicNetworkAccess: publicAccess,
                        tags,
                    },
                    parent,
                ),
        );

        const keyVaultId = existingOr(
            spec.keyVault,
            (settings) =>
                new keyvault.Vault(
                    `${name}-keyvault`,
                    {
                        resourceGroupName: rg,
                        location,
                        vaultName: settings.name ?? keyVaultName(name, suffix),
                        properties: {
                            tenantId: client.tenantId,
                            sku: { family: "A", name: settings.sku },
                            enableRbacAuthorization: true,
                            enableSoftDelete: true,
                            softDeleteRetentionInDays: settings.softDeleteRetentionDays,
                            // ARM refuses false once purge protection is on; omit it unless asked for.
                            ...(settings.purgeProtection ? { enablePurgeProtection: true } : {}),
                            publicNetworkAccess: publicAccess,
                        },
                        tags,
                    },
                    parent,
                ),
        );

        const logAnalyticsWorkspaceId = existingOr(
            spec.logAnalytics,
            (settings) =>
                new operationalinsights.Workspace(
                    `${name}-logs`,
                    {
                        resourceGroupName: rg,
                        location,
                        sku: { name: "PerGB2018" },
                        retentionInDays: settings.retentionDays,
                        tags,
                    },
                    parent,
                ),
        );

        const applicationInsightsId = existingOr(
            spec.applicationInsights,
            (settings) =>
                new applicationinsights.Component(
                    `${name}-insights`,
                    {
                        resourceGroupName: rg,
                        location,
                        kind: "web",
                        applicationType: "web",
                        ingestionMode: "LogAnalytics",
                        workspaceResourceId: logAnalyticsWorkspaceId,
                        samplingPercentage: settings.samplingPercentage,
                        tags,
                    },
                    parent,
                ),
        );

        const containerRegistryId = existingOr(
            spec.containerRegistry,
            (settings) =>
                new containerregistry.Registry(
                    `${name}-registry`,
                    {
                        resourceGroupName: rg,
                        location,
                        registryName: settings.name ?? containerRegistryName(name, suffix),
                        sku: { name: settings.sku },
                        adminUserEnabled: false,
                        // Only Premium registries can refuse public access.
                        publicNetworkAccess: settings.sku === "Premium" ? publicAccess : "Enabled",
                        tags,
                    },
                    parent,
                ),
        );

        const usesUserIdentity = spec.identity.type.includes("UserAssigned");
        const grants: RoleGrant[] = [
            { key: "storage-contributor", role: "contributor", scope: storageAccountId },
            { key: "storage-blob-contributor", role: "storageBlobDataContributor", scope: storageAccountId },
            { key: "keyvault-contributor", role: "contributor", scope: keyVaultId },
            { key: "keyvault-administrator", role: "keyVaultAdministrator", scope: keyVaultId },
            { key: "registry-contributor", role: "contributor", scope: containerRegistryId },
            { key: "insights-contributor", role: "contributor", scope: applicationInsightsId },
        ];
        const roleAssignments =
            usesUserIdentity && spec.grantIdentityRoles && args.userAssignedIdentityPrincipalId !== undefined
                ? grantRoles(name, this, args.userAssignedIdentityPrincipalId, grants, client.subscriptionId)
                : [];

        // Assets read the workspace name, so making the workspace wait for this grant puts it before any upload.
        const deployerRoles =
            spec.deployerBlobAccess === "none"
                ? []
                : grantRoles(
                      name,
                      this,
                      client.objectId,
                      [
                          {
                              key: "deployer-blob-contributor",
                              role: "storageBlobDataContributor",
                              scope: storageAccountId,
                          },
                      ],
                      client.subscriptionId,
                      [],
                      spec.deployerBlobAccess === "user" ? "User" : "ServicePrincipal",
                  );

        const workspace = new machinelearningservices.Workspace(
            `${name}-workspace`,
            {
                resourceGroupName: rg,
                location,
                workspaceName: spec.name,
                friendlyName: spec.friendlyName,
                description: spec.description,
                kind: "Default",
                sku: { name: "Basic", tier: "Basic" },
                identity: armIdentity(spec.identity),
                primaryUserAssignedIdentity: usesUserIdentity
                    ? (spec.primaryUserAssignedIdentityId ?? spec.identity.userAssignedIdentityIds[0])
                    : undefined,
                storageAccount: storageAccountId,
                keyVault: keyVaultId,
                applicationInsights: applicationInsightsId,
                containerRegistry: containerRegistryId,
                publicNetworkAccess: publicAccess,
                systemDatastoresAuthMode: spec.systemDatastoresAuthMode,
                hbiWorkspace: spec.highBusinessImpact,
                managedNetwork: { isolationMode: spec.managedNetwork },
                // Azure ML creates no online deployment in an isolated workspace before its network exists, and
                // provisions it by itself only with the first compute instance. This flag acts at creation only.
                provisionNetworkNow: spec.managedNetwork !== "Disabled" ? true : undefined,
                imageBuildCompute: spec.imageBuildCompute,
                tags,
            },
            { parent: this, dependsOn: [...roleAssignments, ...deployerRoles] },
        );

        // With purge-on-destroy, consumers read the workspace through the purge resource: they are destroyed
        // before it, and it purges the workspace before the workspace resource's own (soft) delete runs.
        const purge = spec.purgeOnDestroy
            ? new WorkspacePurge(
                  `${name}-purge`,
                  { workspaceId: workspace.id, workspaceName: workspace.name },
                  { parent: this },
              )
            : undefined;
        this.workspaceName = purge?.workspaceName ?? workspace.name;
        this.workspaceId = purge?.workspaceId ?? workspace.id;
        this.resourceGroupName = pulumi.output(rg);
        this.location = workspace.location.apply((l) => l ?? "");
        this.storageAccountId = storageAccountId;
        this.keyVaultId = keyVaultId;
        this.containerRegistryId = containerRegistryId;
        this.applicationInsightsId = applicationInsightsId;
        this.logAnalyticsWorkspaceId = logAnalyticsWorkspaceId;
        this.principalId = workspace.identity.apply((i) => i?.principalId);

        this.registerOutputs({
            workspaceName: this.workspaceName,
            workspaceId: this.workspaceId,
            resourceGroupName: this.resourceGroupName,
            location: this.location,
            storageAccountId,
            keyVaultId,
            containerRegistryId,
            applicationInsightsId,
            logAnalyticsWorkspaceId,
            principalId: this.principalId,
        });
    }
}
