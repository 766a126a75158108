import type { BatchEndpointInvokeArgs } from "../components";
import type { BatchJobSpec } from "../model";

/** The name a stack's batch job gives its one data input (model deployments take exactly one). */
export const BATCH_JOB_INPUT_NAME = "input_data";

/**
 * A stack's batch job (`batchJobs.<key>`) as the arguments of its endpoint's `invoke`: the one input, the output
 * folder split into datastore and path (a folder of its own per job, so no job fails on an earlier one's file), and
 * the settings it overrides.
 */
export function batchJobInvocation(job: BatchJobSpec): BatchEndpointInvokeArgs {
    const output =
        job.output === undefined ? undefined : /^azureml:\/\/datastores\/([^/]+)\/paths\/(.+)$/.exec(job.output.path);
    const overrides = {
        ...(job.outputFileName !== undefined ? { outputFileName: job.outputFileName } : {}),
        ...(job.miniBatchSize !== undefined ? { miniBatchSize: job.miniBatchSize } : {}),
        ...(job.instanceCount !== undefined ? { instanceCount: job.instanceCount } : {}),
    };
    return {
        deployment: job.deployment,
        inputs: { [BATCH_JOB_INPUT_NAME]: { type: job.input.type, path: job.input.path } },
        ...(output !== null && output !== undefined ? { output: { datastore: output[1], path: output[2] } } : {}),
        overrides,
        timeoutSeconds: job.timeoutSeconds,
        ...(job.trigger !== undefined ? { trigger: job.trigger } : {}),
    };
}
