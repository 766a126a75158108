import { z } from "zod";
import { scoringCodeIssues } from "./scoringCode";
import { environmentVariables, properties, registeredReference, tags } from "./common";
import {
    batchErrorThreshold,
    batchInstanceCount,
    batchLoggingLevel,
    batchMaxConcurrencyPerInstance,
    batchMaxRetries,
    batchMiniBatchSize,
    batchOutputFileName,
    batchRetryTimeoutSeconds,
} from "./batchJobSettings";
import { issueReporter } from "./problems";

/** Azure ML's documented batch deployment defaults. */
export const BATCH_DEFAULTS = {
    instanceCount: 1,
    miniBatchSize: 10,
    maxConcurrencyPerInstance: 1,
    maxRetries: 3,
    retryTimeoutSeconds: 30,
    outputAction: "append_row",
    outputFileName: "predictions.csv",
    errorThreshold: -1,
    loggingLevel: "info",
} as const;

/** One batch deployment: a model (or pipeline component) scored on a compute cluster. */
export const batchDeploymentSpec = z
    .strictObject({
        /** "model" scores a model with a scoring script (or none, for MLflow); "pipelineComponent" runs a component. @default "model" */
        type: z.enum(["model", "pipelineComponent"]).default("model"),
        /** A key of `models`, or azureml:<name>:<version>. Required for type "model". */
        model: z.string().min(1).optional(),
        /** A registered pipeline component azureml:<name>:<version>. Required for type "pipelineComponent". */
        component: registeredReference.optional(),
        /** A key of `codes`, or a registered code asset; goes with scoringScript. */
        code: z.string().min(1).optional(),
        /** Path of the scoring script inside the code asset. */
        scoringScript: z.string().min(1).optional(),
        /** A key of `environments`, or azureml:<name>:<version>. */
        environment: z.string().min(1).optional(),
        /** The key of an amlCompute cluster. */
        compute: z.string().min(1),
        /** Nodes per job. @default 1 */
        instanceCount: batchInstanceCount.default(BATCH_DEFAULTS.instanceCount),
        /** Files per mini batch. @default 10 */
        miniBatchSize: batchMiniBatchSize.default(BATCH_DEFAULTS.miniBatchSize),
        /** Scoring processes per node. @default 1 */
        maxConcurrencyPerInstance: batchMaxConcurrencyPerInstance.default(BATCH_DEFAULTS.maxConcurrencyPerInstance),
        /** Retries of a failed mini batch. @default { maxRetries: 3, timeoutSeconds: 30 } */
        retrySettings: z
            .strictObject({
                maxRetries: batchMaxRetries.default(BATCH_DEFAULTS.maxRetries),
                timeoutSeconds: batchRetryTimeoutSeconds.default(BATCH_DEFAULTS.retryTimeoutSeconds),
            })
            .default({ maxRetries: BATCH_DEFAULTS.maxRetries, timeoutSeconds: BATCH_DEFAULTS.retryTimeoutSeconds }),
        /** append_row gathers outputs into one file; summary_only leaves that to the scoring script. @default "append_row" */
        outputAction: z.enum(["append_row", "summary_only"]).default(BATCH_DEFAULTS.outputAction),
        /** @default "predictions.csv" (with append_row) */
        outputFileName: batchOutputFileName.optional(),
        /** Failed files tolerated before the job fails; -1 tolerates any number. @default -1 */
        errorThreshold: batchErrorThreshold.default(BATCH_DEFAULTS.errorThreshold),
        /** @default "info" */
        loggingLevel: batchLoggingLevel.default(BATCH_DEFAULTS.loggingLevel),
        environmentVariables: environmentVariables.default({}),
        /** pipelineComponent only: job settings such as default_compute or continue_on_step_failure. */
        settings: z.record(z.string(), z.string()).optional(),
        /** Shown in the studio (at most 1024 characters). @default none */
        description: z.string().max(1024).optional(),
        tags: tags.optional(),
        properties: properties.optional(),
    })
    .superRefine((d, ctx) => {
        const add = issueReporter(ctx);
        if (d.type === "model") {
            if (d.model === undefined) {
                add(
                    ["model"],
                    undefined,
                    "a model deployment needs a model; set model to a key of models or azureml:<name>:<version>",
                );
            }
            if (d.component !== undefined) {
                add(
                    ["component"],
                    d.component,
                    "components belong to type 'pipelineComponent'; remove component or change type",
                );
            }
            if (d.settings !== undefined) {
                add(["settings"], d.settings, "job settings belong to type 'pipelineComponent'");
            }
        } else {
            if (d.component === undefined) {
                add(
                    ["component"],
                    undefined,
                    "a pipelineComponent deployment needs component: azureml:<name>:<version>",
                );
            }
            for (const key of ["model", "code", "scoringScript"] as const) {
                if (d[key] !== undefined) {
                    add([key], d[key], `${key} belongs to type 'model'; a pipeline component brings its own`);
                }
            }
            if (Object.keys(d.environmentVariables).length > 0) {
                // ARM's pipeline component configuration has no place for them: they would be dropped silently.
                add(
                    ["environmentVariables"],
                    d.environmentVariables,
                    "environment variables belong to type 'model'; set them on the pipeline component's steps",
                );
            }
        }
        for (const issue of scoringCodeIssues(d)) {
            add(issue.path, issue.input, issue.message);
        }
        if (d.outputAction === "summary_only" && d.outputFileName !== undefined) {
            add(
                ["outputFileName"],
                d.outputFileName,
                "with outputAction 'summary_only' nothing is written to an output file; remove outputFileName or use 'append_row'",
            );
        }
    })
    .transform((d) => ({
        ...d,
        outputFileName:
            d.outputAction === "append_row" ? (d.outputFileName ?? BATCH_DEFAULTS.outputFileName) : undefined,
    }));

export type BatchDeploymentSpec = z.output<typeof batchDeploymentSpec>;
