import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import type { z } from "zod";
import { EndpointTraffic } from "../providers/endpointTraffic";
import {
    OnlineEndpointSpec,
    SpecValidationError,
    describeValue,
    endpointName as endpointNameSchema,
    formatPath,
    kubernetesNameIssues,
    onlineEndpointSpec,
    parseOrThrow,
    trafficIssues,
} from "../model";
import { armIdentity, dependencyList, mergeTags } from "./arm";
import { AssetInput, OnlineDeployment, OnlineDeploymentArgs, OnlineEndpointRef } from "./onlineDeployment";
import { RoleGrant, grantRoles } from "./roleGrant";

/** What an endpoint needs of its workspace. A {@link Workspace} component is one. */
export interface WorkspaceRef {
    readonly workspaceName: pulumi.Input<string>;
    readonly workspaceId: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** For AcrPull of a user-assigned identity. */
    readonly containerRegistryId?: pulumi.Input<string>;
    /** For Storage Blob Data Reader of a user-assigned identity. */
    readonly storageAccountId?: pulumi.Input<string>;
    /** For Key Vault Secrets User with keyVaultAccess. */
    readonly keyVaultId?: pulumi.Input<string>;
    /** Diagnostic settings go here. */
    readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
    /** The endpoint's default public network access. */
    readonly spec?: { readonly publicNetworkAccess: "Enabled" | "Disabled" };
}

/** A deployment declared inside the endpoint: its settings, with assets as components or registered references. */
export type InlineDeploymentArgs = Omit<OnlineDeploymentArgs, "endpoint" | "deploymentName">;

/** Arguments of an {@link OnlineEndpoint}: the settings of `onlineEndpointSpec`, with deployments and the workspace. */
export type OnlineEndpointArgs = Omit<
    z.input<typeof onlineEndpointSpec>,
    "deployments" | "userAssignedIdentityPrincipalId"
> & {
    readonly workspace: WorkspaceRef;
    /** Endpoint name in Azure (3–32 characters, unique per region). @default the component name */
    readonly endpointName?: string;
    /** Deployments by name. @default {} */
    readonly deployments?: Record<string, InlineDeploymentArgs>;
    /** See `onlineEndpointSpec`. */
    readonly userAssignedIdentityPrincipalId?: pulumi.Input<string>;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /**
     * Leave traffic to a later `routeTraffic` call, for deployments declared as separate OnlineDeployment
     * components (which need this endpoint first). @default false
     */
    readonly deferTraffic?: boolean;
};

/** Traffic for `routeTraffic`. */
export interface TrafficArgs {
    readonly traffic: Record<string, number>;
    /** @default {} */
    readonly mirrorTraffic?: Record<string, number>;
}

const AUTH_MODES = { key: "Key", aml_token: "AMLToken", aad_token: "AADToken" } as const;
const PLACEHOLDER_ASSET = "azureml:asset:1";
const PLACEHOLDER_PRINCIPAL = "00000000-0000-0000-0000-000000000000";

/**
 * An online endpoint (managed, or Kubernetes on an attached compute) with its deployments and its traffic, as one
 * graph: endpoint → deployments → traffic, so one `pulumi up` goes from nothing to serving traffic.
 *
 * Traffic has one owner. The endpoint resource itself never writes traffic after creation: traffic, mirror
 * traffic and the mutable settings (description, public network access, tags) are ignored on it and written by the
 * `EndpointTraffic` child, which does read-modify-write of the whole endpoint. Changing the auth mode, compute or
 * identity replaces the endpoint (shown as a replace in the preview).
 */
export class OnlineEndpoint extends pulumi.ComponentResource {
    readonly endpointName: string;
    readonly endpointId: pulumi.Output<string>;
    readonly scoringUri: pulumi.Output<string>;
    readonly openApiUri: pulumi.Output<string | undefined>;
    /** Principal id of the endpoint's identity (system-assigned). */
    readonly principalId: pulumi.Output<string | undefined>;
    /** Keys (authMode key) and token (authMode aml_token) are secrets; absent for other modes. */
    readonly primaryKey?: pulumi.Output<string>;
    readonly secondaryKey?: pulumi.Output<string>;
    readonly accessToken?: pulumi.Output<string>;
    readonly deployments: Record<string, OnlineDeployment>;
    /** The traffic owner; undefined until routeTraffic when deferTraffic is set. */
    traffic?: EndpointTraffic;
    readonly spec: OnlineEndpointSpec;
    readonly kind: "managed" | "kubernetes";
    /** What a separate OnlineDeployment needs to join this endpoint. */
    readonly ref: OnlineEndpointRef;
    private readonly componentName: string;
    private readonly trafficSettings: {
        description?: string;
        publicNetworkAccess?: pulumi.Input<string>;
        tags?: Record<string, string>;
    };

    constructor(name: string, args: OnlineEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const {
            workspace,
            endpointName,
            deployments = {},
            userAssignedIdentityPrincipalId,
            location,
            deferTraffic = false,
            ...rest
        } = args;
        const subject = `OnlineEndpoint "${name}"`;
        const asSpec = (asset: AssetInput | undefined) =>
            asset === undefined ? undefined : typeof asset === "string" ? asset : PLACEHOLDER_ASSET;
        const deploymentSpecs = Object.fromEntries(
            Object.entries(deployments).map(([key, d]) => {
                const { model, code, environment, tags: _tags, ...settings } = d;
                return [
                    key,
                    { ...settings, model: asSpec(model), code: asSpec(code), environment: asSpec(environment) },
                ];
            }),
        );
        const principal =
            userAssignedIdentityPrincipalId === undefined
                ? undefined
                : typeof userAssignedIdentityPrincipalId === "string"
                  ? userAssignedIdentityPrincipalId
                  : PLACEHOLDER_PRINCIPAL;
        const spec = parseOrThrow(
            onlineEndpointSpec,
            { ...rest, deployments: deploymentSpecs, userAssignedIdentityPrincipalId: principal },
            subject,
        );
        const resolvedName = parseOrThrow(endpointNameSchema, endpointName ?? name, subject, "endpointName");
        const nameIssues =
            spec.kind === "kubernetes" ? kubernetesNameIssues(resolvedName, Object.keys(spec.deployments)) : [];
        if (nameIssues.length > 0) {
            throw new SpecValidationError(
                subject,
                nameIssues.map((issue) => ({
                    path: formatPath(issue.path),
                    message: `${issue.message}, got ${describeValue(issue.input)}`,
                })),
            );
        }
        if (
            spec.identity.type === "UserAssigned" &&
            spec.grantIdentityRoles &&
            (workspace.containerRegistryId === undefined || workspace.storageAccountId === undefined)
        ) {
            throw new SpecValidationError(subject, [
                {
                    path: "workspace",
                    message:
                        "a user-assigned identity gets AcrPull and Storage Blob Data Reader: pass a workspace with containerRegistryId and storageAccountId (a Workspace component has them)",
                },
            ]);
        }
        super("azureml:endpoints:OnlineEndpoint", name, {}, opts);
        this.spec = spec;
        this.kind = spec.kind;
        this.endpointName = resolvedName;

        const where = { workspaceName: workspace.workspaceName, resourceGroupName: workspace.resourceGroupName };
        const client = authorization.getClientConfigOutput();
        const publicNetworkAccess = spec.publicNetworkAccess ?? workspace.spec?.publicNetworkAccess;

        // Azure grants a system-assigned identity its pull and read roles itself; a user-assigned one needs them here.
        const userGrants: RoleGrant[] =
            spec.identity.type === "UserAssigned" && spec.grantIdentityRoles
                ? [
                      { key: "acr-pull", role: "acrPull", scope: workspace.containerRegistryId! },
                      { key: "storage-reader", role: "storageBlobDataReader", scope: workspace.storageAccountId! },
                      ...(spec.keyVaultAccess && workspace.keyVaultId !== undefined
                          ? [
                                {
                                    key: "keyvault-secrets",
                                    role: "keyVaultSecretsUser" as const,
                                    scope: workspace.keyVaultId,
                                },
                            ]
                          : []),
                  ]
                : [];
        const userRoles =
            userAssignedIdentityPrincipalId !== undefined
                ? grantRoles(name, this, userAssignedIdentityPrincipalId, userGrants, client.subscriptionId)
                : [];

        const endpoint = new machinelearningservices.OnlineEndpoint(
            `${name}-endpoint`,
            {
                ...where,
                endpointName: resolvedName,
                location,
                identity: armIdentity(spec.identity),
                properties: {
                    authMode: AUTH_MODES[spec.authMode],
                    compute:
                        spec.kind === "kubernetes"
                            ? pulumi.interpolate`${workspace.workspaceId}/computes/${spec.compute}`
                            : undefined,
                    description: spec.description,
                    publicNetworkAccess,
                },
                tags: spec.tags,
            },
            {
                parent: this,
                // The component's own dependsOn (an image-build cluster, say) holds for the endpoint and so for its deployments.
                dependsOn: [...userRoles, ...dependencyList(opts?.dependsOn)],
                // Traffic and the mutable settings belong to the traffic owner: an update here would be a PUT without
                // the traffic map, which Azure ML answers by setting every deployment to 0 %.
                ignoreChanges: [
                    "properties.traffic",
                    "properties.mirrorTraffic",
                    "properties.description",
                    "properties.publicNetworkAccess",
                    "properties.properties",
                    "tags",
                ],
                // These cannot change in place; a change shows as a replace, and the name is unique per region.
                replaceOnChanges: ["properties.authMode", "properties.compute", "identity"],
                deleteBeforeReplace: true,
                customTimeouts: { create: "30m", update: "30m", delete: "30m" },
            },
        );
        this.endpointId = endpoint.id;
        this.scoringUri = endpoint.properties.apply((p) => p.scoringUri ?? "");
        this.openApiUri = endpoint.properties.apply((p) => p.swaggerUri);
        this.principalId = endpoint.identity.apply((i) => i?.principalId);

        const systemRoles =
            spec.identity.type === "SystemAssigned" && spec.keyVaultAccess && workspace.keyVaultId !== undefined
                ? grantRoles(
                      name,
                      this,
                      this.principalId.apply((p) => p ?? ""),
                      [{ key: "keyvault-secrets", role: "keyVaultSecretsUser", scope: workspace.keyVaultId }],
                      client.subscriptionId,
                  )
                : [];

        if (spec.diagnostics && spec.kind === "managed" && workspace.logAnalyticsWorkspaceId !== undefined) {
            new monitor.DiagnosticSetting(
                `${name}-diagnostics`,
                {
                    name: "azureml-pulumi",
                    resourceUri: endpoint.id,
                    workspaceId: workspace.logAnalyticsWorkspaceId,
                    logs: [
                        "AmlOnlineEndpointConsoleLog",
                        "AmlOnlineEndpointTrafficLog",
                        "AmlOnlineEndpointEventLog",
                    ].map((category) => ({ category, enabled: true })),
                    metrics: [{ category: "AllMetrics", enabled: true }],
                },
                { parent: this },
            );
        }

        // Deployments take the endpoint's name from the resource, so each depends on the endpoint existing.
        const ref = { endpointName: endpoint.name, endpointId: endpoint.id, ...where, kind: spec.kind, location };
        this.ref = ref;
        this.componentName = name;
        this.trafficSettings = { description: spec.description, publicNetworkAccess, tags: spec.tags };
        // Deployments go one after another: Azure ML answers 409 while the endpoint is updating.
        this.deployments = {};
        let previous: pulumi.Resource[] = [endpoint, ...systemRoles];
        for (const [key, d] of Object.entries(deployments)) {
            const deployment = new OnlineDeployment(
                `${name}-${key}`,
                // One rule for tags: a child carries its component's tags, overridden by its own.
                { ...d, endpoint: ref, deploymentName: key, tags: mergeTags(spec.tags, d.tags) },
                { parent: this, dependsOn: previous },
            );
            this.deployments[key] = deployment;
            previous = [deployment];
        }

        if (spec.rollout !== undefined) {
            pulumi.log.warn(
                `${subject}: a rollout policy is validated but this version shifts traffic all at once`,
                this,
            );
        }
        if (!deferTraffic) {
            this.traffic = this.createTraffic({ traffic: spec.traffic, mirrorTraffic: spec.mirrorTraffic }, [
                endpoint,
                ...Object.values(this.deployments),
            ]);
        }

        if (spec.authMode === "key") {
            const keys = machinelearningservices.listOnlineEndpointKeysOutput(
                { endpointName: endpoint.name, ...where },
                { parent: this },
            );
            this.primaryKey = pulumi.secret(keys.apply((k) => k.primaryKey ?? ""));
            this.secondaryKey = pulumi.secret(keys.apply((k) => k.secondaryKey ?? ""));
        } else if (spec.authMode === "aml_token") {
            const token = machinelearningservices.getOnlineEndpointTokenOutput(
                { endpointName: endpoint.name, ...where },
                { parent: this },
            );
            this.accessToken = pulumi.secret(token.apply((t) => t.accessToken ?? ""));
        }

        this.registerOutputs({
            endpointName: this.endpointName,
            endpointId: this.endpointId,
            scoringUri: this.scoringUri,
            openApiUri: this.openApiUri,
            principalId: this.principalId,
            primaryKey: this.primaryKey,
            secondaryKey: this.secondaryKey,
            accessToken: this.accessToken,
        });
    }

    /**
     * Sets traffic after deployments declared as separate OnlineDeployment components (with `deferTraffic`). The
     * traffic owner depends on them, so it writes once they exist; names must be among them.
     */
    routeTraffic(args: TrafficArgs, deployments: readonly OnlineDeployment[]): EndpointTraffic {
        if (this.traffic !== undefined) {
            throw new Error(
                `OnlineEndpoint "${this.componentName}" already has its traffic owner; routeTraffic needs deferTraffic: true and is called once`,
            );
        }
        const names = [...Object.keys(this.deployments), ...deployments.map((d) => d.deploymentName)];
        const issues = trafficIssues(names, args.traffic, args.mirrorTraffic ?? {});
        if (issues.length > 0) {
            throw new SpecValidationError(
                `OnlineEndpoint "${this.componentName}" traffic`,
                issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            );
        }
        this.traffic = this.createTraffic({ traffic: args.traffic, mirrorTraffic: args.mirrorTraffic ?? {} }, [
            ...Object.values(this.deployments),
            ...deployments,
        ]);
        return this.traffic;
    }

    private createTraffic(args: Required<TrafficArgs>, dependsOn: pulumi.Resource[]): EndpointTraffic {
        return new EndpointTraffic(
            `${this.componentName}-traffic`,
            {
                endpointId: this.endpointId,
                traffic: args.traffic,
                mirrorTraffic: args.mirrorTraffic,
                ...this.trafficSettings,
            },
            { parent: this, dependsOn, customTimeouts: { create: "30m", update: "30m", delete: "30m" } },
        );
    }
}
