import type { BatchInvocationOutputSpecInput, BatchJobOverridesSpec } from "../model/batchInvocation";

/**
 * A batch invocation's inputs and outputs as the provider host receives and stores them. Later versions must read
 * every shape written before (delete and read run the code of the last update); optional fields are the ones an
 * older state or a preview may lack.
 */

/** One job input as stored: data from a path, or a literal. */
export interface BatchInvocationInputProps {
    /** @default "uri_folder" */
    readonly type?: "uri_folder" | "uri_file" | "literal";
    readonly path?: string;
    readonly value?: string | number | boolean;
}

/** What a batch invocation reports. */
export interface BatchInvocationOutputs {
    /** The job this invocation started (or found and followed). */
    readonly jobName: string;
    /** Its status when the update ended: Completed once waited for; any status with `wait: false`. */
    readonly status: string;
    /** The folder its output goes to: azureml://datastores/<datastore>/paths/<folder>/. */
    readonly outputUri: string;
    /** The job in Azure ML studio: progress, logs, and why it failed if it did. */
    readonly studioUrl: string;
}

export interface BatchInvocationProps extends Partial<BatchInvocationOutputs> {
    readonly endpointId: string;
    readonly scoringUri: string;
    readonly deployment?: string;
    readonly deploymentRevision?: string;
    readonly inputs: Readonly<Record<string, BatchInvocationInputProps>>;
    readonly output?: BatchInvocationOutputSpecInput;
    readonly overrides?: BatchJobOverridesSpec;
    readonly trigger?: string;
    readonly wait?: boolean;
    readonly timeoutSeconds?: number;
    readonly cancelOnTimeout?: boolean;
    readonly jobNamePrefix?: string;
    /**
     * `<project>/<stack>/<resource name>`: part of every job name, so two invocations never share a job, but never
     * a reason for a new job (a renamed resource keeps its job).
     */
    readonly scope?: string;
}
