import { z } from "zod";
import { deploymentName, endpointName } from "./common";
import { assetSource } from "./assetSource";
import {
    BATCH_JOB_TIMEOUT_SECONDS,
    batchInstanceCount,
    batchJobTimeoutSeconds,
    batchMiniBatchSize,
    batchOutputFileName,
} from "./batchJobSettings";

/** One batch job: score an input folder or file with a batch endpoint and wait for the outputs. */
export const batchJobSpec = z.strictObject({
    /** The batch endpoint to invoke. */
    endpoint: endpointName,
    /** The deployment to run, a deployment of the endpoint. @default the endpoint's default deployment */
    deployment: deploymentName.optional(),
    /** The data to score. */
    input: z.strictObject({
        /** `uri_folder` scores the files of a folder, `uri_file` one file. @default "uri_folder" */
        type: z.enum(["uri_folder", "uri_file"]).default("uri_folder"),
        /** https URL or azureml://datastores/<ds>/paths/<p> of the data to score. */
        path: assetSource.refine((p) => /^(https:\/\/|azureml:\/\/)/.test(p), {
            error: "batch inputs are https URLs or azureml://datastores/... URIs",
        }),
    }),
    /** Where outputs go. @default the workspace's default datastore, under the job's name */
    output: z
        .strictObject({
            /** azureml://datastores/<ds>/paths/<p> of the folder the outputs go to. */
            path: z.string().regex(/^azureml:\/\/datastores\/[^/]+\/paths\/.+/, {
                error: "outputs read azureml://datastores/<ds>/paths/<p>",
            }),
        })
        .optional(),
    /** Overrides the deployment's output file name. @default - */
    outputFileName: batchOutputFileName.optional(),
    /** Overrides the deployment's mini batch size. @default - */
    miniBatchSize: batchMiniBatchSize.optional(),
    /** Overrides the deployment's instance count. @default - */
    instanceCount: batchInstanceCount.optional(),
    /** How long to wait for the job before failing the update. @default 3600 */
    timeoutSeconds: batchJobTimeoutSeconds.default(BATCH_JOB_TIMEOUT_SECONDS),
    /** A change of this value starts a new job even when nothing else changed. @default - */
    trigger: z.string().optional(),
});

export type BatchJobSpec = z.output<typeof batchJobSpec>;
