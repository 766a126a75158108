import { z } from "zod";
import { count, deploymentName, endpointName, seconds } from "./common";
import { assetSource } from "./assetSource";

/** One batch job: score an input folder or file with a batch endpoint and wait for the outputs. */
export const batchJobSpec = z.strictObject({
    /** The batch endpoint to invoke. */
    endpoint: endpointName,
    /** @default the endpoint's default deployment */
    deployment: deploymentName.optional(),
    input: z.strictObject({
        /** @default "uri_folder" */
        type: z.enum(["uri_folder", "uri_file"]).default("uri_folder"),
        /** https URL or azureml://datastores/<ds>/paths/<p> of the data to score. */
        path: assetSource.refine((p) => /^(https:\/\/|azureml:\/\/)/.test(p), {
            error: "batch inputs are https URLs or azureml://datastores/... URIs",
        }),
    }),
    /** Where outputs go. @default the workspace's default datastore, under the job's name */
    output: z
        .strictObject({
            path: z.string().regex(/^azureml:\/\/datastores\/[^/]+\/paths\/.+/, {
                error: "outputs read azureml://datastores/<ds>/paths/<p>",
            }),
        })
        .optional(),
    /** Overrides the deployment's output file name. @default - */
    outputFileName: z
        .string()
        .regex(/^[^/\\]+$/, { error: "a file name, without folders" })
        .optional(),
    /** Overrides the deployment's mini batch size. @default - */
    miniBatchSize: count(1, 100_000).optional(),
    /** Overrides the deployment's instance count. @default - */
    instanceCount: count(1, 1000).optional(),
    /** How long to wait for the job before failing the update. @default 3600 */
    timeoutSeconds: seconds(60, 7 * 24 * 3600).default(3600),
    /** A change of this value starts a new job even when nothing else changed. @default - */
    trigger: z.string().optional(),
});

export type BatchJobSpec = z.output<typeof batchJobSpec>;
