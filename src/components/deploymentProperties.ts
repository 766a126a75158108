import * as pulumi from "@pulumi/pulumi";
import { OnlineDeploymentSpec, PROBE_DEFAULTS, ProbeSpec } from "../spec";
import { isoMilliseconds, isoSeconds } from "./arm";

/** A probe in ARM shape (ISO-8601 durations). */
export function armProbe(probe: ProbeSpec | undefined): Record<string, unknown> {
    const p = probe ?? PROBE_DEFAULTS;
    return {
        initialDelay: isoSeconds(p.initialDelaySeconds),
        period: isoSeconds(p.periodSeconds),
        timeout: isoSeconds(p.timeoutSeconds),
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
export function onlineDeploymentProperties(spec: OnlineDeploymentSpec, kind: "managed" | "kubernetes", assets: DeploymentAssets): Record<string, unknown> {
    const common: Record<string, unknown> = {
        model: assets.modelId,
        modelMountPath: spec.modelMountPath,
        codeConfiguration: assets.codeId !== undefined ? { codeId: assets.codeId, scoringScript: spec.scoringScript } : undefined,
        environmentId: assets.environmentId,
        instanceType: spec.instanceType,
        requestSettings: {
            requestTimeout: isoMilliseconds(spec.requestSettings.requestTimeoutMs),
            maxConcurrentRequestsPerInstance: spec.requestSettings.maxConcurrentRequestsPerInstance,
            maxQueueWait: isoMilliseconds(spec.requestSettings.maxQueueWaitMs),
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
                          Object.entries(spec.dataCollector.collections).map(([name, c]) => [name, { dataCollectionMode: c.enabled ? "Enabled" : "Disabled", samplingRate: c.samplingRate }]),
                      ),
                      rollingRate: spec.dataCollector.rollingRate,
                      requestLogging: spec.dataCollector.captureHeaders.length > 0 ? { captureHeaders: spec.dataCollector.captureHeaders } : undefined,
                  }
                : undefined,
        description: spec.description,
        properties: spec.properties,
    };
    if (kind === "managed") {
        return { ...common, endpointComputeType: "Managed", egressPublicNetworkAccess: spec.egressPublicNetworkAccess, scaleSettings: { scaleType: "Default" } };
    }
    const resources = spec.resources;
    return {
        ...common,
        endpointComputeType: "Kubernetes",
        containerResourceRequirements:
            resources !== undefined ? { containerResourceRequests: resources.requests, containerResourceLimits: resources.limits } : undefined,
        scaleSettings:
            spec.scaleSettings !== undefined
                ? {
                      scaleType: "TargetUtilization",
                      minInstances: spec.scaleSettings.minInstances,
                      maxInstances: spec.scaleSettings.maxInstances,
                      targetUtilizationPercentage: spec.scaleSettings.targetUtilizationPercentage,
                      pollingInterval: isoSeconds(spec.scaleSettings.pollingIntervalSeconds),
                  }
                : { scaleType: "Default" },
    };
}
