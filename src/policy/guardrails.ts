import { CommonSettings, Guardrail, GuardrailResource } from "./guardrail";
import { imageVersion, inputAt, subjectOf } from "./resources";

/**
 * The ML guardrails: the one home of each rule. Each reads the inputs of one resource as azure-native or the
 * library's dynamic providers receive them, and says what is wrong in a sentence that names the value and the fix.
 */

export const ML_TYPES = {
    workspace: "azure-native:machinelearningservices:Workspace",
    onlineEndpoint: "azure-native:machinelearningservices:OnlineEndpoint",
    onlineDeployment: "azure-native:machinelearningservices:OnlineDeployment",
    environmentVersion: "azure-native:machinelearningservices:EnvironmentVersion",
    keyVault: "azure-native:keyvault:Vault",
    endpointTraffic: "pulumi-nodejs:dynamic/azureml:EndpointTraffic",
} as const;

/** Azure's recommendation for production online deployments: at least three instances. */
export const RECOMMENDED_PRODUCTION_INSTANCES = 3;

const isKubernetesEndpoint = (r: GuardrailResource) => typeof inputAt(r.inputs, "properties.compute") === "string";

export const endpointEntraAuth: Guardrail = {
    name: "azureml-endpoint-entra-auth",
    description:
        "Production online endpoints authenticate callers with Microsoft Entra ID tokens (authMode AADToken), not keys that never expire",
    remediation:
        "set authMode: aad_token on the endpoint (this replaces the endpoint: plan the switch) and give callers a role through `callers`",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.onlineEndpoint],
    defaults: {},
    settingsSchema: {},
    check(resource) {
        const mode = inputAt(resource.inputs, "properties.authMode");
        if (isKubernetesEndpoint(resource)) {
            // Kubernetes online endpoints have no Entra tokens: expiring AML tokens are the strongest they take.
            return mode === "AMLToken"
                ? []
                : [
                      `${subjectOf(resource)}: authMode is ${JSON.stringify(mode ?? "Key")}; a Kubernetes endpoint cannot use Entra ID tokens, so use aml_token (tokens expire, keys do not) or move the endpoint to managed compute with aad_token`,
                  ];
        }
        return mode === "AADToken"
            ? []
            : [
                  `${subjectOf(resource)}: authMode is ${JSON.stringify(mode ?? "Key")}; production endpoints use Entra ID tokens (authMode: aad_token), so access is granted by role and no shared key can leak`,
              ];
    },
};

export const privateNetworkAccess: Guardrail = {
    name: "azureml-private-network-access",
    description: "Production workspaces and online endpoints are not reachable from the public internet",
    remediation:
        "set publicNetworkAccess: Disabled on the workspace and the endpoint, and reach them through private endpoints",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.workspace, ML_TYPES.onlineEndpoint],
    defaults: {},
    settingsSchema: {},
    check(resource) {
        const onEndpoint = resource.type.endsWith(":OnlineEndpoint");
        const access = inputAt(resource.inputs, onEndpoint ? "properties.publicNetworkAccess" : "publicNetworkAccess");
        return access === "Disabled"
            ? []
            : [
                  `${subjectOf(resource)}: publicNetworkAccess is ${JSON.stringify(access ?? "Enabled")} on the ${onEndpoint ? "online endpoint" : "workspace"}; production ${onEndpoint ? "endpoints" : "workspaces"} take publicNetworkAccess: Disabled and are reached through private endpoints`,
              ];
    },
};

export interface InstanceCountSettings extends CommonSettings {
    /** Fewest instances a production online deployment runs. @default 3 */
    readonly minInstances: number;
}

export const productionInstanceCount: Guardrail<InstanceCountSettings> = {
    name: "azureml-production-instance-count",
    description: `Production online deployments run at least the ${RECOMMENDED_PRODUCTION_INSTANCES} instances Azure recommends, so an upgrade or a failed node leaves capacity serving`,
    remediation: "raise instanceCount (and autoscale's minInstances) on the deployment",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.onlineDeployment],
    defaults: { minInstances: RECOMMENDED_PRODUCTION_INSTANCES },
    settingsSchema: { minInstances: { type: "integer", minimum: 1, default: RECOMMENDED_PRODUCTION_INSTANCES } },
    check(resource, settings) {
        const count = inputAt(resource.inputs, "sku.capacity");
        return typeof count === "number" && count >= settings.minInstances
            ? []
            : [
                  `${subjectOf(resource)}: instanceCount is ${count ?? "not set (1)"}; production deployments run at least ${settings.minInstances} instances so that an OS upgrade or a failed node leaves capacity serving; raise instanceCount to ${settings.minInstances}`,
              ];
    },
};

export interface RolloutGatesSettings extends CommonSettings {
    /** Fewest gates (metric gates and probes) a rollout policy has. @default 1 */
    readonly minGates: number;
}

export const rolloutGates: Guardrail<RolloutGatesSettings> = {
    name: "azureml-rollout-gates",
    description:
        "Traffic on production endpoints moves under a rollout policy with gates: in steps, each judged on the deployment gaining traffic, rolled back when a gate fails",
    remediation:
        "set rollout on the endpoint with steps, bakeSeconds and at least one gate (errorRate, latencyP99Ms, …)",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.endpointTraffic],
    defaults: { minGates: 1 },
    settingsSchema: { minGates: { type: "integer", minimum: 0, default: 1 } },
    check(resource, settings) {
        const endpoint = subjectOf(resource);
        const rollout = resource.inputs.rollout as { gates?: unknown[]; probes?: unknown[] } | undefined;
        if (rollout === undefined || rollout === null) {
            return [
                `${endpoint}: no rollout policy, so a change of traffic is written at once with nothing watching the deployment that gains it; set rollout with steps, a bake and gates (e.g. errorRate lessThan 0.01)`,
            ];
        }
        const gates = (rollout.gates?.length ?? 0) + (rollout.probes?.length ?? 0);
        return gates >= settings.minGates
            ? []
            : [
                  `${endpoint}: the rollout policy has ${gates} gate${gates === 1 ? "" : "s"}, so its steps are judged on nothing; add at least ${settings.minGates} (errorRate, latencyP99Ms or requestsPerMinute gates, or probes)`,
              ];
    },
};

export const pinnedImages: Guardrail = {
    name: "azureml-pinned-images",
    description:
        "Environments name their image by a fixed tag or digest, never the mutable :latest, so the environment version (a hash of the image reference) changes whenever what runs changes",
    remediation: "pin the image to a dated tag or a digest (image@sha256:…)",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.environmentVersion],
    defaults: {},
    settingsSchema: {},
    check(resource) {
        const image = inputAt(resource.inputs, "properties.image");
        if (typeof image !== "string") {
            return [];
        }
        const version = imageVersion(image);
        if (version.kind === "digest" || (version.kind === "tag" && version.value!.toLowerCase() !== "latest")) {
            return [];
        }
        return [
            `${subjectOf(resource)}: image ${JSON.stringify(image)} ${version.kind === "none" ? "has no tag (it means :latest)" : "is :latest"}, which the registry moves: the same environment version would run another image after a rebuild or a scale-out; pin a dated tag or a digest`,
        ];
    },
};

export const appInsights: Guardrail = {
    name: "azureml-app-insights",
    description: "Production workspaces have Application Insights and production online deployments send it their logs",
    remediation: "set appInsightsEnabled: true on the deployment; keep the workspace's Application Insights",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.workspace, ML_TYPES.onlineDeployment],
    defaults: {},
    settingsSchema: {},
    check(resource) {
        if (resource.type.endsWith(":Workspace")) {
            const insights = resource.inputs.applicationInsights;
            return typeof insights === "string" && insights !== ""
                ? []
                : [`${subjectOf(resource)}: the workspace has no Application Insights; production workspaces keep one`];
        }
        return inputAt(resource.inputs, "properties.appInsightsEnabled") === true
            ? []
            : [
                  `${subjectOf(resource)}: appInsightsEnabled is not true, so the scoring container's requests and failures reach no Application Insights; set appInsightsEnabled: true`,
              ];
    },
};

export const keyVaultPurgeProtection: Guardrail = {
    name: "azureml-key-vault-purge-protection",
    description:
        "Production key vaults have purge protection on, so a deleted vault and its secrets can be recovered during the retention period",
    remediation: "set keyVault.purgeProtection: true on the workspace (it cannot be turned off again)",
    defaultEnforcementLevel: "mandatory",
    resourceTypes: [ML_TYPES.keyVault],
    defaults: {},
    settingsSchema: {},
    check(resource) {
        return inputAt(resource.inputs, "properties.enablePurgeProtection") === true
            ? []
            : [
                  `${subjectOf(resource)}: purge protection is off, so the vault and the workspace's secrets can be purged for good before the retention period ends; set keyVault.purgeProtection: true`,
              ];
    },
};

/** Every guardrail, in the order a pack lists them. */
export const GUARDRAILS: readonly Guardrail[] = [
    endpointEntraAuth,
    privateNetworkAccess,
    productionInstanceCount,
    rolloutGates,
    pinnedImages,
    appInsights,
    keyVaultPurgeProtection,
];
