import type { BatchJobInput, BatchJobRequest } from "../azure/batchJobInvoke";
import { BATCH_OUTPUT_DATASTORE, BATCH_OUTPUT_NAME } from "../model/batchInvocation";
import type { BatchInvocationProps } from "./batchInvocationProps";
import { trimFolder } from "./batchJobIdentity";

/** The tag on every job an invocation starts: which Pulumi resource started it (`<project>/<stack>/<name>`). */
export const INVOCATION_TAG = "azureml-pulumi-invocation";

/**
 * Where a job writes its output: `azureml://datastores/<datastore>/paths/<folder>/<job name>/`, the folder being
 * `output.path` (default `batch/<endpoint name>`). Job names are unique per invocation and attempt, so no job can
 * meet an output file an earlier one wrote, which would fail it after it queued and ran ("If the output file exists,
 * the batch scoring job will fail").
 */
export function batchOutputLocation(
    props: BatchInvocationProps,
    endpointName: string,
    jobName: string,
): { name: string; uri: string } {
    const output = props.output ?? {};
    const base = trimFolder(output.path ?? `batch/${endpointName}`);
    const folder = `${base}/${jobName}`;
    return {
        name: output.name ?? BATCH_OUTPUT_NAME,
        uri: `azureml://datastores/${output.datastore ?? BATCH_OUTPUT_DATASTORE}/paths/${folder}/`,
    };
}

/** The invocation a job of this name sends. */
export function batchJobRequest(props: BatchInvocationProps, endpointName: string, jobName: string): BatchJobRequest {
    const inputs = Object.fromEntries(
        Object.entries(props.inputs).map(([name, input]): [string, BatchJobInput] => [
            name,
            input.type === "literal"
                ? { kind: "Literal", value: String(input.value) }
                : { kind: input.type === "uri_file" ? "UriFile" : "UriFolder", uri: input.path ?? "" },
        ]),
    );
    return {
        name: jobName,
        deployment: props.deployment,
        inputs,
        output: batchOutputLocation(props, endpointName, jobName),
        settings: props.overrides ?? {},
        tags: props.scope !== undefined ? { [INVOCATION_TAG]: props.scope.slice(0, 256) } : undefined,
    };
}
