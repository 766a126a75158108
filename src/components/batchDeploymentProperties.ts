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
    readonly modelId?: pulumi.Input<string>;
    readonly componentId?: pulumi.Input<string>;
    readonly codeId?: pulumi.Input<string>;
    readonly environmentId?: pulumi.Input<string>;
}

/** The `properties` of an azure-native `BatchDeployment`. */
export type BatchDeploymentProperties = input.machinelearningservices.BatchDeploymentPropertiesArgs;

/** Batch deployment properties in the ARM shape of Microsoft.MachineLearningServices. */
export function batchDeploymentProperties(
    spec: BatchDeploymentSpec,
    assets: BatchDeploymentAssets,
): BatchDeploymentProperties {
    const byId = (
        id: pulumi.Input<string> | undefined,
    ): input.machinelearningservices.IdAssetReferenceArgs | undefined =>
        id === undefined ? undefined : { referenceType: "Id", assetId: id };
    return {
        compute: assets.computeId,
        model: byId(assets.modelId),
        deploymentConfiguration:
            spec.type === "pipelineComponent"
                ? {
                      deploymentConfigurationType: "PipelineComponent",
                      componentId: byId(assets.componentId),
                      settings: spec.settings,
                  }
                : undefined,
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
