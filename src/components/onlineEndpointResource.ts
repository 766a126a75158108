import * as pulumi from "@pulumi/pulumi";
import type * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type * as monitor from "@pulumi/azure-native/monitor";
import type { OnlineEndpointSpec } from "../model";
import { armIdentity } from "./arm";

const AUTH_MODES = { key: "Key", aml_token: "AMLToken", aad_token: "AADToken" } as const;

/**
 * Endpoint properties the traffic owner writes. An azure-native update is a PUT of the recorded inputs, and a PUT
 * without the traffic map sets every deployment to 0 %: the endpoint resource must never write these after create.
 */
export const TRAFFIC_OWNED_PROPERTIES: readonly string[] = [
    "properties.traffic",
    "properties.mirrorTraffic",
    "properties.description",
    "properties.publicNetworkAccess",
    "properties.properties",
    "tags",
];

/** Endpoint properties Azure cannot change in place: a change is a replace. */
export const REPLACE_ON_CHANGE_PROPERTIES: readonly string[] = [
    "properties.authMode",
    "properties.compute",
    "identity",
];

/** Where an online endpoint goes and what it is called, besides its spec. */
export interface OnlineEndpointTarget {
    readonly endpointName: string;
    readonly workspaceName: pulumi.Input<string>;
    readonly workspaceId: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /** The spec's own, else the workspace's. @default azure-native's (Enabled) */
    readonly publicNetworkAccess?: pulumi.Input<string>;
}

/** The arguments of the azure-native `OnlineEndpoint` resource: no traffic, which the traffic owner writes. */
export function onlineEndpointArmArgs(
    spec: OnlineEndpointSpec,
    target: OnlineEndpointTarget,
): machinelearningservices.OnlineEndpointArgs {
    return {
        workspaceName: target.workspaceName,
        resourceGroupName: target.resourceGroupName,
        endpointName: target.endpointName,
        location: target.location,
        identity: armIdentity(spec.identity),
        properties: {
            authMode: AUTH_MODES[spec.authMode],
            compute:
                spec.kind === "kubernetes"
                    ? pulumi.interpolate`${target.workspaceId}/computes/${spec.compute}`
                    : undefined,
            description: spec.description,
            publicNetworkAccess: target.publicNetworkAccess,
        },
        tags: spec.tags,
    };
}

/**
 * The options of an endpoint resource (online or batch): the properties its owner writes ignored (by default the
 * online traffic owner's), the immutable ones replaced, and the old endpoint deleted first since the name is unique
 * per region.
 *
 * @param dependsOn what the endpoint waits for: its identity's role grants and the component's own dependsOn, which
 * children do not inherit but which must hold for the endpoint and so for its deployments.
 */
export function endpointResourceOptions(
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Resource>[],
    properties: { readonly owned: readonly string[]; readonly replacing: readonly string[] } = {
        owned: TRAFFIC_OWNED_PROPERTIES,
        replacing: REPLACE_ON_CHANGE_PROPERTIES,
    },
): pulumi.CustomResourceOptions {
    return {
        parent,
        dependsOn,
        ignoreChanges: [...properties.owned],
        replaceOnChanges: [...properties.replacing],
        deleteBeforeReplace: true,
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
    };
}

/** The logs an online endpoint sends to Log Analytics. */
export const ONLINE_ENDPOINT_LOG_CATEGORIES: readonly string[] = [
    "AmlOnlineEndpointConsoleLog",
    "AmlOnlineEndpointTrafficLog",
    "AmlOnlineEndpointEventLog",
];

/** The arguments of a diagnostic setting sending an endpoint's logs and all its metrics to Log Analytics. */
export function endpointDiagnosticsArgs(
    endpointId: pulumi.Input<string>,
    logAnalyticsWorkspaceId: pulumi.Input<string>,
    logCategories: readonly string[],
): monitor.DiagnosticSettingArgs {
    return {
        name: "azureml-pulumi",
        resourceUri: endpointId,
        workspaceId: logAnalyticsWorkspaceId,
        logs: logCategories.map((category) => ({ category, enabled: true })),
        metrics: [{ category: "AllMetrics", enabled: true }],
    };
}
