import * as pulumi from "@pulumi/pulumi";
// Type-only, as in deploymentProperties.ts: no type-check cost.
import type { input } from "@pulumi/azure-native/types";
import type { BatchDeploymentSpec } from "../model";
import { armCodeConfiguration } from "./arm";
import { isoDuration } from "../model/isoDuration";

/**
 * The spec takes the az ml YAML spelling of these enums; ARM (BatchOutputAction, BatchLoggingLevel in mfe.json)
 * takes another and does not read the YAML one.
 */
export const ARM_OUTPUT_ACTIONS = { append_row: "AppendRow", summary_only: "SummaryOnly" } as const;
export const ARM_LOGGING_LEVELS = { info: "Info", warning: "Warning", debug: "Debug" } as const;

/** The ids a batch deployment points at. */
export interface BatchDeploymentAssets {
    readonly computeId: pulumi.Input<string>;
    /**
     * The compute's name in the workspace: a pipeline component's jobs take it as their `default_compute` setting.
     * @default the compute id
     */
    readonly computeName?: pulumi.Input<string>;
    readonly modelId?: pulumi.Input<string>;
    readonly componentId?: pulumi.Input<string>;
    readonly codeId?: pulumi.Input<string>;
    readonly environmentId?: pulumi.Input<string>;
}

/** The `properties` of an azure-native `BatchDeployment`. */
export type BatchDeploymentProperties = input.machinelearningservices.BatchDeploymentPropertiesArgs;

const byId = (id: pulumi.Input<string> | undefined): input.machinelearningservices.IdAssetReferenceArgs | undefined =>
    id === undefined ? undefined : { referenceType: "Id", assetId: id };

/**
 * Batch deployment properties in the ARM shape of Microsoft.MachineLearningServices (BatchDeployment in mfe.json
 * 2025-12-01): a model scored file by file on a compute cluster, or a pipeline component run as a pipeline job.
 */
export function batchDeploymentProperties(
    spec: BatchDeploymentSpec,
    assets: BatchDeploymentAssets,
): BatchDeploymentProperties {
    if (spec.type === "pipelineComponent") {
        return pipelineComponentProperties(spec, assets);
    }
    return {
        compute: assets.computeId,
        model: byId(assets.modelId),
        codeConfiguration: armCodeConfiguration(assets.codeId, spec.scoringScript),
        environmentId: assets.environmentId,
        environmentVariables: spec.environmentVariables,
        resources: { instanceCount: spec.instanceCount },
        miniBatchSize: spec.miniBatchSize,
        maxConcurrencyPerInstance: spec.maxConcurrencyPerInstance,
        retrySettings: {
            maxRetries: spec.retrySettings.maxRetries,
            timeout: isoDuration(spec.retrySettings.timeoutSeconds),
        },
        outputAction: ARM_OUTPUT_ACTIONS[spec.outputAction],
        outputFileName: spec.outputFileName,
        errorThreshold: spec.errorThreshold,
        loggingLevel: ARM_LOGGING_LEVELS[spec.loggingLevel],
        description: spec.description,
        properties: spec.properties,
    };
}

/**
 * A pipeline component deployment: the component and its job settings, as az ml sends them
 * (BatchPipelineComponentDeploymentConfiguration). Its jobs run on the `default_compute` setting, which is the
 * deployment's compute unless the settings name one; the model-scoring fields (mini batches, retries, output
 * file, environment variables) belong to the component's own steps and are not sent.
 */
function pipelineComponentProperties(
    spec: BatchDeploymentSpec,
    assets: BatchDeploymentAssets,
): BatchDeploymentProperties {
    return {
        deploymentConfiguration: {
            deploymentConfigurationType: "PipelineComponent",
            componentId: byId(assets.componentId),
            settings: { default_compute: assets.computeName ?? assets.computeId, ...spec.settings },
        },
        description: spec.description,
        properties: spec.properties,
    };
}
