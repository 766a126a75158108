import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import type { EndpointTraffic } from "../providers/endpointTraffic";
import { scaleDownSettings } from "../model";
import type { OnlineEndpointSpec } from "../model";
import { dependencyList, subscriptionOf } from "./arm";
import { capacityOwned, ownedCapacities } from "./capacityOwnership";
import { createOnlineDeployments } from "./deploymentChain";
import { onlineEndpointCredentials } from "./endpointCredentials";
import { endpointRoleGrants } from "./endpointIdentity";
import type { OnlineDeployment, OnlineEndpointRef } from "./onlineDeployment";
import { OnlineEndpointArgs, validateOnlineEndpointArgs } from "./onlineEndpointArgs";
import {
    ONLINE_ENDPOINT_LOG_CATEGORIES,
    endpointDiagnosticsArgs,
    endpointResourceOptions,
    onlineEndpointArmArgs,
} from "./onlineEndpointResource";
import { grantRoles } from "./roleGrant";
import { EndpointCallers } from "./endpointCallers";
import { OwnedEndpointSettings, TrafficArgs, checkTraffic, createTrafficOwner, trafficOwnerArgs } from "./trafficOwner";

export type { InlineDeploymentArgs } from "./deploymentChain";
export type { OnlineEndpointArgs } from "./onlineEndpointArgs";
export type { TrafficArgs } from "./trafficOwner";
export type { WorkspaceRef } from "./workspaceRef";

/**
 * An online endpoint (managed, or Kubernetes on an attached compute) with its deployments and its traffic, as one
 * graph: endpoint → deployments → traffic, so one `pulumi up` goes from nothing to serving traffic.
 *
 * Traffic has one owner. The endpoint resource itself never writes traffic after creation: traffic, mirror
 * traffic and the mutable settings (description, public network access, tags) are ignored on it and written by the
 * `EndpointTraffic` child, which does read-modify-write of the whole endpoint. Changing the auth mode, compute or
 * identity replaces the endpoint (shown as a replace in the preview). With a rollout policy that scales the old
 * deployment down after success, the same child owns the deployments' instance counts too (their azure-native
 * resources ignore `sku.capacity`).
 *
 * The class only sequences the helpers a batch endpoint shares (validation, role grants, the endpoint's ARM
 * arguments and options, the deployment chain, the traffic owner); its public fields are all set here, before
 * `registerOutputs`, and never change afterwards.
 */
export class OnlineEndpoint extends pulumi.ComponentResource {
    /** The endpoint's name in Azure, known before deployment (the component name unless set). */
    readonly endpointName: string;
    /** ARM id of the endpoint. */
    readonly endpointId: pulumi.Output<string>;
    /** Where clients send scoring requests. */
    readonly scoringUri: pulumi.Output<string>;
    /** The OpenAPI document of the scoring API, when the deployments publish one. */
    readonly openApiUri: pulumi.Output<string | undefined>;
    /** Principal id of the endpoint's identity (system-assigned). */
    readonly principalId: pulumi.Output<string | undefined>;
    /** Keys (authMode key) and token (authMode aml_token) are secrets; absent for other modes. */
    readonly primaryKey?: pulumi.Output<string>;
    readonly secondaryKey?: pulumi.Output<string>;
    readonly accessToken?: pulumi.Output<string>;
    /** The inline deployments by name; separate OnlineDeployment components are not among them. */
    readonly deployments: Readonly<Record<string, OnlineDeployment>>;
    /**
     * The traffic owner created with the endpoint, for inline deployments. Undefined with `deferTraffic`: then the
     * owner is what `routeTraffic` returns, and this field stays undefined.
     */
    readonly traffic: EndpointTraffic | undefined;
    /** The validated settings, defaults applied. */
    readonly spec: OnlineEndpointSpec;
    /** Managed (Azure ML's infrastructure) or Kubernetes (an attached cluster). */
    readonly kind: "managed" | "kubernetes";
    /** What a separate OnlineDeployment needs to join this endpoint. */
    readonly ref: OnlineEndpointRef;
    private readonly componentName: string;
    private readonly ownedSettings: OwnedEndpointSettings;
    private readonly trafficDeferred: boolean;
    // routeTraffic's owner, kept only to refuse a second one. An ES private field, not a property: nothing visible on
    // the component changes after registerOutputs.
    #routedTraffic: EndpointTraffic | undefined;

    constructor(name: string, args: OnlineEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const { spec, endpointName, deployments: deploymentSpecs } = validateOnlineEndpointArgs(name, args);
        super("azureml:endpoints:OnlineEndpoint", name, {}, opts);
        const { workspace, location, deployments = {}, userAssignedIdentityPrincipalId, deferTraffic = false } = args;
        this.spec = spec;
        this.kind = spec.kind;
        this.endpointName = endpointName;
        this.componentName = name;
        this.trafficDeferred = deferTraffic;

        const where = { workspaceName: workspace.workspaceName, resourceGroupName: workspace.resourceGroupName };
        // Roles are defined in the workspace's subscription, read from its id (no invoke per endpoint).
        const subscriptionId = () => subscriptionOf(workspace.workspaceId);
        const publicNetworkAccess = spec.publicNetworkAccess ?? workspace.publicNetworkAccess;
        const grants = endpointRoleGrants(spec, workspace);

        // A user-assigned identity exists before the endpoint, which cannot pull images without its roles.
        const userRoles =
            spec.identity.type === "UserAssigned" && userAssignedIdentityPrincipalId !== undefined && grants.length > 0
                ? grantRoles(name, this, userAssignedIdentityPrincipalId, grants, subscriptionId())
                : [];
        const endpoint = new machinelearningservices.OnlineEndpoint(
            `${name}-endpoint`,
            onlineEndpointArmArgs(spec, {
                ...where,
                endpointName,
                workspaceId: workspace.workspaceId,
                location,
                publicNetworkAccess,
            }),
            endpointResourceOptions(this, [...userRoles, ...dependencyList(opts?.dependsOn)]),
        );
        this.endpointId = endpoint.id;
        this.scoringUri = endpoint.properties.apply((p) => p.scoringUri ?? "");
        this.openApiUri = endpoint.properties.apply((p) => p.swaggerUri);
        this.principalId = endpoint.identity.apply((i) => i?.principalId);

        // A system-assigned identity exists only with the endpoint: its grants come after it, before deployments.
        // No grants, no Outputs built for them (each costs the runtime a set of tracked promises).
        const systemRoles =
            spec.identity.type === "SystemAssigned" && grants.length > 0
                ? grantRoles(
                      name,
                      this,
                      this.principalId.apply((p) => p ?? ""),
                      grants,
                      subscriptionId(),
                  )
                : [];

        if (spec.diagnostics && spec.kind === "managed" && workspace.logAnalyticsWorkspaceId !== undefined) {
            new monitor.DiagnosticSetting(
                `${name}-diagnostics`,
                endpointDiagnosticsArgs(endpoint.id, workspace.logAnalyticsWorkspaceId, ONLINE_ENDPOINT_LOG_CATEGORIES),
                { parent: this },
            );
        }

        // Deployments take the endpoint's name from the resource, so each depends on the endpoint existing. With a
        // policy that scales down after success, they leave their instance counts to the traffic owner.
        const scaleDown = scaleDownSettings(spec.rollout);
        this.ref = {
            endpointName: endpoint.name,
            endpointId: endpoint.id,
            ...where,
            kind: spec.kind,
            location,
            ...(scaleDown !== undefined ? { scaleDown } : {}),
        };
        this.deployments = createOnlineDeployments(name, this, {
            endpoint: this.ref,
            deployments,
            specs: deploymentSpecs,
            after: [endpoint, ...systemRoles],
        });

        this.ownedSettings = {
            description: spec.description,
            publicNetworkAccess,
            tags: spec.tags,
            endpointCreatedAt: endpoint.systemData.apply((d) => d?.createdAt),
            rollout: spec.rollout,
        };
        const inline = Object.values(this.deployments);
        this.traffic = deferTraffic
            ? undefined
            : createTrafficOwner(
                  name,
                  this,
                  trafficOwnerArgs(
                      endpoint.id,
                      { traffic: spec.traffic, mirrorTraffic: spec.mirrorTraffic },
                      this.ownedSettings,
                      scaleDown !== undefined ? ownedCapacities(inline) : undefined,
                  ),
                  [endpoint, ...inline],
                  scaleDown !== undefined ? inline.length : 0,
              );

        // Callers can score only once the endpoint exists; the grant waits for nothing else.
        if (args.callers !== undefined && args.callers.length > 0) {
            new EndpointCallers(
                `${name}-callers`,
                {
                    endpoint: { kind: "online", endpointId: endpoint.id, authMode: spec.authMode },
                    callers: args.callers,
                    roles: args.callerRoles,
                },
                { parent: this },
            );
        }

        const credentials = onlineEndpointCredentials(spec.authMode, { endpointName: endpoint.name, ...where }, this);
        this.primaryKey = credentials.primaryKey;
        this.secondaryKey = credentials.secondaryKey;
        this.accessToken = credentials.accessToken;

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
     * Creates the traffic owner for an endpoint made with `deferTraffic`, once its deployments exist as separate
     * OnlineDeployment components: the owner depends on them, so it writes after they are created. Traffic may name
     * only those deployments (and inline ones). Called once; returns the owner, which the component does not expose
     * as a field (its public surface is fixed when it registers).
     */
    routeTraffic(args: TrafficArgs, deployments: readonly OnlineDeployment[]): EndpointTraffic {
        if (!this.trafficDeferred || this.#routedTraffic !== undefined) {
            throw new Error(
                `OnlineEndpoint "${this.componentName}" already has its traffic owner; routeTraffic needs deferTraffic: true and is called once`,
            );
        }
        checkTraffic(
            `OnlineEndpoint "${this.componentName}" traffic`,
            [...Object.keys(this.deployments), ...deployments.map((d) => d.deploymentName)],
            args,
        );
        const all = [...Object.values(this.deployments), ...deployments];
        const scaleDown = this.ref.scaleDown;
        if (scaleDown !== undefined) {
            const foreign = deployments.filter((d) => !capacityOwned(d)).map((d) => d.deploymentName);
            if (foreign.length > 0) {
                throw new Error(
                    `OnlineEndpoint "${this.componentName}" scales deployments down after a rollout, so its traffic owner writes their instance counts; ${foreign.join(", ")} ${foreign.length === 1 ? "was" : "were"} made with another endpoint reference and would put the count back: create ${foreign.length === 1 ? "it" : "them"} with this endpoint's ref`,
                );
            }
        }
        this.#routedTraffic = createTrafficOwner(
            this.componentName,
            this,
            trafficOwnerArgs(
                this.endpointId,
                args,
                this.ownedSettings,
                scaleDown !== undefined ? ownedCapacities(all) : undefined,
            ),
            all,
            scaleDown !== undefined ? all.length : 0,
        );
        return this.#routedTraffic;
    }
}
