import { z } from "zod";
import { scoringCodeIssues } from "./scoringCode";
import { count, environmentVariables, properties, tags } from "./common";
import { autoscaleSpec } from "./autoscale";
import { probeSpec } from "./probe";
import { issueReporter } from "./problems";

/** Secret injection references Azure ML resolves in environment variables at deployment time. */
export const KEY_VAULT_REFERENCE =
    /^\$\{\{keyvault:https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.azure\.net\/secrets\/[a-zA-Z0-9-]{1,127}(\/[0-9a-f]{32})?\}\}$/;
export const CONNECTION_REFERENCE =
    /^\$\{\{azureml:\/\/connections\/[^/{}]+\/(credentials|target|metadata)\/[^/{}]+\}\}$/;

/** Whether an environment variable value is a Key Vault secret reference. */
export function isKeyVaultReference(value: string): boolean {
    return KEY_VAULT_REFERENCE.test(value);
}

/** Azure ML's documented request defaults. */
export const REQUEST_DEFAULTS = {
    requestTimeoutMs: 5000,
    maxConcurrentRequestsPerInstance: 1,
    maxQueueWaitMs: 500,
} as const;
/** Longest request timeout Azure ML documents per endpoint kind (how-to-manage-quotas, endpoint limits). */
export const MANAGED_MAX_REQUEST_TIMEOUT_MS = 180_000;
export const KUBERNETES_MAX_REQUEST_TIMEOUT_MS = 300_000;
/** A deployment alone does not know its endpoint's kind: it is held to the larger limit, the endpoint to its own. */
export const MAX_REQUEST_TIMEOUT_MS = KUBERNETES_MAX_REQUEST_TIMEOUT_MS;

export const requestSettingsSpec = z.strictObject({
    /** Scoring timeout in milliseconds: at most 180000 on managed endpoints, 300000 on Kubernetes ones. @default 5000 */
    requestTimeoutMs: count(1)
        .max(MAX_REQUEST_TIMEOUT_MS, {
            error: `Azure ML waits at most ${MAX_REQUEST_TIMEOUT_MS} ms for a scoring request (${MANAGED_MAX_REQUEST_TIMEOUT_MS} on managed endpoints); lower requestTimeoutMs`,
        })
        .default(REQUEST_DEFAULTS.requestTimeoutMs),
    /** Requests one instance scores at once; more wait in its queue. @default 1 */
    maxConcurrentRequestsPerInstance: count(1, 1000).default(REQUEST_DEFAULTS.maxConcurrentRequestsPerInstance),
    /** Deprecated by Azure ML in favour of requestTimeoutMs; kept for existing configurations. @default 500 */
    maxQueueWaitMs: count(0, MAX_REQUEST_TIMEOUT_MS).default(REQUEST_DEFAULTS.maxQueueWaitMs),
});

const resourceQuantities = z.strictObject({
    /** Kubernetes CPU quantity, for example "500m" or "2". */
    cpu: z
        .string()
        .regex(/^\d+(\.\d+)?m?$/, { error: "CPU quantities read like 500m or 2" })
        .optional(),
    /** Kubernetes memory quantity, for example "1Gi". */
    memory: z
        .string()
        .regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/, { error: "memory quantities read like 512Mi or 2Gi" })
        .optional(),
    /** Whole GPUs. */
    gpu: z.string().regex(/^\d+$/, { error: "GPU counts are whole numbers" }).optional(),
});

export const dataCollectorSpec = z.strictObject({
    /** Collections by name: model_inputs, model_outputs, request, response, or custom names. */
    collections: z.record(
        z.string().min(1),
        z.strictObject({
            /** Whether the collection is on. @default true */
            enabled: z.boolean().default(true),
            /** Share of requests collected, 0–1. @default 1 */
            samplingRate: z.number().min(0, { error: "at least 0" }).max(1, { error: "at most 1" }).default(1),
        }),
    ),
    /** How often collected data rolls into a new file. @default "Hour" */
    rollingRate: z.enum(["Year", "Month", "Day", "Hour", "Minute"]).default("Hour"),
    /** Request headers captured with the payload. @default [] */
    captureHeaders: z.array(z.string().min(1)).default([]),
});

/** A fixed instanceCount, scaled by hand or by Azure Monitor autoscale (managed). */
export const defaultScaleSpec = z.strictObject({
    /** A fixed instanceCount, scaled by hand or by Azure Monitor autoscale. */
    type: z.literal("default"),
});

/** In-cluster scaling on CPU utilisation (Kubernetes only); the defaults are Azure ML's documented ones. */
export const targetUtilizationScaleSpec = z.strictObject({
    /** In-cluster scaling on CPU utilisation (Kubernetes only). */
    type: z.literal("targetUtilization"),
    /** Fewest instances the cluster scales down to. @default 1 */
    minInstances: count(1, 1000).default(1),
    /** Most instances the cluster scales out to. @default 1 */
    maxInstances: count(1, 1000).default(1),
    /** CPU utilisation, in percent, the cluster scales to hold. @default 70 */
    targetUtilizationPercentage: count(1, 100).default(70),
    /** Seconds between utilisation readings. @default 1 */
    pollingIntervalSeconds: count(1, 3600).default(1),
});

/** How a deployment scales: a fixed instanceCount, or in-cluster scaling on utilisation (Kubernetes). */
export const onlineScaleSpec = z.discriminatedUnion("type", [defaultScaleSpec, targetUtilizationScaleSpec], {
    error: "scale types are 'default' (a fixed instanceCount) or 'targetUtilization' (Kubernetes in-cluster scaling)",
});

/** One online deployment: a model served by instances behind an endpoint. */
export const onlineDeploymentSpec = z
    .strictObject({
        /** A key of `models`, or a registered model azureml:<name>:<version>. Optional for custom containers. */
        model: z.string().min(1).optional(),
        /** Mount path of the model in a custom container. @default - */
        modelMountPath: z.string().regex(/^\//, { error: "mount paths are absolute" }).optional(),
        /** A key of `codes`, or a registered code asset; goes with scoringScript. */
        code: z.string().min(1).optional(),
        /** Path of the scoring script inside the code asset. */
        scoringScript: z.string().min(1).optional(),
        /** A key of `environments`, or a registered environment azureml:<name>:<version>. */
        environment: z.string().min(1).optional(),
        /** VM SKU for managed deployments (Standard_DS3_v2); instance type name on Kubernetes. @default - (managed); "defaultinstancetype" (Kubernetes) */
        instanceType: z.string().min(1).optional(),
        /** Instances that serve the deployment; within autoscale's bounds when autoscale is set. @default 1 */
        instanceCount: count(1, 1000).default(1),
        /** Scoring timeout and concurrency per instance. @default Azure ML's request defaults */
        requestSettings: requestSettingsSpec.default({ ...REQUEST_DEFAULTS }),
        /** Restarts the container when it stops answering. @default Azure ML's probe defaults */
        livenessProbe: probeSpec.optional(),
        /** Holds traffic back from an instance until it answers. @default Azure ML's probe defaults */
        readinessProbe: probeSpec.optional(),
        /** Holds the other probes until the container has started. @default - (no startup probe) */
        startupProbe: probeSpec.optional(),
        environmentVariables: environmentVariables.default({}),
        /** Integrate the deployment with the workspace's Application Insights. @default false */
        appInsightsEnabled: z.boolean().default(false),
        /** Managed only: whether the deployment may reach public networks. @default "Enabled" */
        egressPublicNetworkAccess: z.enum(["Enabled", "Disabled"]).default("Enabled"),
        /** Collect model inputs and outputs (or request and response payloads) to the workspace's blob storage. @default - (no collection) */
        dataCollector: dataCollectorSpec.optional(),
        /** "default" keeps instanceCount; "targetUtilization" is Kubernetes only. @default "default" (managed); targetUtilization with 1–1 instances (Kubernetes) */
        scaleSettings: onlineScaleSpec.optional(),
        /** Managed only: Azure Monitor autoscale. @default - (fixed instanceCount) */
        autoscale: autoscaleSpec.optional(),
        /** Kubernetes only: container resource requests and limits. */
        resources: z
            .strictObject({
                /** What the container asks the scheduler for. @default none */
                requests: resourceQuantities.optional(),
                /** The most the container may use. @default none */
                limits: resourceQuantities.optional(),
            })
            .optional(),
        /** Shown in the studio (at most 1024 characters). @default none */
        description: z.string().max(1024).optional(),
        tags: tags.optional(),
        properties: properties.optional(),
    })
    .superRefine((d, ctx) => {
        const add = issueReporter(ctx);
        for (const issue of scoringCodeIssues(d)) {
            add(issue.path, issue.input, issue.message);
        }
        if (d.model === undefined && d.environment === undefined) {
            add(["model"], undefined, "a deployment serves a model or a custom container; set model or environment");
        }
        for (const probe of ["livenessProbe", "startupProbe"] as const) {
            const settings = d[probe];
            if (settings !== undefined && settings.successThreshold !== 1) {
                add(
                    [probe, "successThreshold"],
                    settings.successThreshold,
                    "liveness and startup probes need successThreshold 1",
                );
            }
        }
        for (const [name, value] of Object.entries(d.environmentVariables)) {
            if (value.startsWith("${{") && !KEY_VAULT_REFERENCE.test(value) && !CONNECTION_REFERENCE.test(value)) {
                add(
                    ["environmentVariables", name],
                    value,
                    "secret references read ${{keyvault:https://<vault>.vault.azure.net/secrets/<name>[/<version>]}} or ${{azureml://connections/<connection>/credentials/<key>}}",
                );
            }
        }
        if (d.autoscale !== undefined && d.scaleSettings?.type === "targetUtilization") {
            add(
                ["scaleSettings"],
                d.scaleSettings.type,
                "a deployment scales with autoscale (managed) or scaleSettings (Kubernetes), not both",
            );
        }
        if (
            d.autoscale !== undefined &&
            (d.instanceCount < d.autoscale.minInstances || d.instanceCount > d.autoscale.maxInstances)
        ) {
            add(
                ["instanceCount"],
                d.instanceCount,
                `must lie within autoscale bounds ${d.autoscale.minInstances}..${d.autoscale.maxInstances}`,
            );
        }
        if (
            d.scaleSettings?.type === "targetUtilization" &&
            d.scaleSettings.minInstances > d.scaleSettings.maxInstances
        ) {
            add(
                ["scaleSettings", "minInstances"],
                d.scaleSettings.minInstances,
                `must not exceed maxInstances (${d.scaleSettings.maxInstances})`,
            );
        }
    });

export type OnlineDeploymentSpec = z.output<typeof onlineDeploymentSpec>;
