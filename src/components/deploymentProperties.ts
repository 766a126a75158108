import * as pulumi from "@pulumi/pulumi";
// Type-only, from the module every azure-native submodule's declarations already load: typing the ARM bodies costs
// no type-check time, where the root index would double it.
import type { input } from "@pulumi/azure-native/types";
import { OnlineDeploymentSpec, PROBE_DEFAULTS, ProbeSpec, withKindDefaults } from "../model";
import { armCodeConfiguration } from "./arm";
import { isoDuration } from "../model/isoDuration";

export type ManagedOnlineDeploymentProperties = input.machinelearningservices.ManagedOnlineDeploymentArgs;
export type KubernetesOnlineDeploymentProperties = input.machinelearningservices.KubernetesOnlineDeploymentArgs;
/** The `properties` of an azure-native `OnlineDeployment`, by endpoint kind. */
export type OnlineDeploymentProperties = ManagedOnlineDeploymentProperties | KubernetesOnlineDeploymentProperties;
type CommonProperties = Omit<
    ManagedOnlineDeploymentProperties,
    "endpointComputeType" | "egressPublicNetworkAccess" | "scaleSettings"
>;
type ScaleSettings =
    | input.machinelearningservices.DefaultScaleSettingsArgs
    | input.machinelearningservices.TargetUtilizationScaleSettingsArgs;

/** A probe in ARM shape (ISO-8601 durations). */
export function armProbe(probe: ProbeSpec | undefined): input.machinelearningservices.ProbeSettingsArgs {
    const p = probe ?? PROBE_DEFAULTS;
    return {
        initialDelay: isoDuration(p.initialDelaySeconds),
        period: isoDuration(p.periodSeconds),
        timeout: isoDuration(p.timeoutSeconds),
        successThreshold: p.successThreshold,
        failureThreshold: p.failureThreshold,
    };
}

/** The ids a deployment points at. */
export interface DeploymentAssets {
    readonly modelId?: pulumi.Input<string>;
    readonly codeId?: pulumi.Input<string>;
    readonly environmentId?: pulumi.Input<string>;
}

/** Online deployment properties in the ARM shape of Microsoft.MachineLearningServices (managed or Kubernetes). */
export function onlineDeploymentProperties(
    deployment: OnlineDeploymentSpec,
    kind: "managed",
    assets: DeploymentAssets,
): ManagedOnlineDeploymentProperties;
export function onlineDeploymentProperties(
    deployment: OnlineDeploymentSpec,
    kind: "kubernetes",
    assets: DeploymentAssets,
): KubernetesOnlineDeploymentProperties;
export function onlineDeploymentProperties(
    deployment: OnlineDeploymentSpec,
    kind: "managed" | "kubernetes",
    assets: DeploymentAssets,
): OnlineDeploymentProperties;
export function onlineDeploymentProperties(
    deployment: OnlineDeploymentSpec,
    kind: "managed" | "kubernetes",
    assets: DeploymentAssets,
): OnlineDeploymentProperties {
    const spec = withKindDefaults(deployment, kind);
    const common: CommonProperties = {
        model: assets.modelId,
        modelMountPath: spec.modelMountPath,
        codeConfiguration: armCodeConfiguration(assets.codeId, spec.scoringScript),
        environmentId: assets.environmentId,
        instanceType: spec.instanceType,
        requestSettings: {
            requestTimeout: isoDuration(spec.requestSettings.requestTimeoutMs / 1000),
            maxConcurrentRequestsPerInstance: spec.requestSettings.maxConcurrentRequestsPerInstance,
            maxQueueWait: isoDuration(spec.requestSettings.maxQueueWaitMs / 1000),
        },
        livenessProbe: armProbe(spec.livenessProbe),
        readinessProbe: armProbe(spec.readinessProbe),
        startupProbe: spec.startupProbe !== undefined ? armProbe(spec.startupProbe) : undefined,
        environmentVariables: spec.environmentVariables,
        appInsightsEnabled: spec.appInsightsEnabled,
        dataCollector:
            spec.dataCollector !== undefined
                ? {
                      collections: Object.fromEntries(
                          Object.entries(spec.dataCollector.collections).map(([name, c]) => [
                              name,
                              { dataCollectionMode: c.enabled ? "Enabled" : "Disabled", samplingRate: c.samplingRate },
                          ]),
                      ),
                      rollingRate: spec.dataCollector.rollingRate,
                      requestLogging:
                          spec.dataCollector.captureHeaders.length > 0
                              ? { captureHeaders: spec.dataCollector.captureHeaders }
                              : undefined,
                  }
                : undefined,
        description: spec.description,
        properties: spec.properties,
    };
    if (kind === "managed") {
        return {
            ...common,
            endpointComputeType: "Managed",
            egressPublicNetworkAccess: spec.egressPublicNetworkAccess,
            scaleSettings: armScaleSettings(spec.scaleSettings),
        };
    }
    const resources = spec.resources;
    return {
        ...common,
        endpointComputeType: "Kubernetes",
        containerResourceRequirements:
            resources !== undefined
                ? { containerResourceRequests: resources.requests, containerResourceLimits: resources.limits }
                : undefined,
        scaleSettings: armScaleSettings(spec.scaleSettings),
    };
}

/** Scale settings in ARM shape; managed deployments, and Kubernetes ones that ask for it, keep a fixed count. */
function armScaleSettings(scale: OnlineDeploymentSpec["scaleSettings"]): ScaleSettings {
    if (scale === undefined || scale.type === "default") {
        return { scaleType: "Default" };
    }
    return {
        scaleType: "TargetUtilization",
        minInstances: scale.minInstances,
        maxInstances: scale.maxInstances,
        targetUtilizationPercentage: scale.targetUtilizationPercentage,
        pollingInterval: isoDuration(scale.pollingIntervalSeconds),
    };
}
