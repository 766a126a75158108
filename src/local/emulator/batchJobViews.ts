import { jobStatus } from "./batchJobLifecycle";
import { EmulatorContext } from "./context";
import { JobRecord } from "./state";

/**
 * How a job looks through ARM (JobBaseResource, a Pipeline job) and through the batch data plane (BatchJobResource).
 * Neither schema has an error field: why a job failed is in its logs (the studio link), so the emulator keeps the
 * reason to itself (JobRecord.error, for tests) rather than invent a field a client could come to rely on.
 */

/** ARM's JobInputType / JobOutputType spell the data-plane enum's values in snake case. */
const ARM_TYPE: Record<string, string> = { UriFile: "uri_file", UriFolder: "uri_folder", Literal: "literal" };

function studioLinks(job: JobRecord): Record<string, unknown> {
    const workspace = job.workspaceId.replace(/\/providers\/Microsoft\.MachineLearningServices/i, "");
    return {
        Studio: { jobServiceType: "Studio", endpoint: `https://ml.azure.com/runs/${job.name}?wsid=${workspace}` },
    };
}

/** GET .../workspaces/{ws}/jobs/{name}: batch jobs are pipeline jobs in the workspace's job list. */
export function armJobView(ctx: EmulatorContext, job: JobRecord): Record<string, unknown> {
    return {
        id: job.id,
        name: job.name,
        type: "Microsoft.MachineLearningServices/workspaces/jobs",
        properties: {
            jobType: "Pipeline",
            displayName: job.name,
            experimentName: job.experimentName,
            status: jobStatus(ctx, job),
            isArchived: false,
            tags: job.tags,
            properties: job.properties,
            inputs: Object.fromEntries(
                Object.entries(job.inputs).map(([name, input]) => [
                    name,
                    input.kind === "Literal"
                        ? { jobInputType: "literal", value: input.value }
                        : { jobInputType: ARM_TYPE[input.kind], uri: input.uri },
                ]),
            ),
            outputs: Object.fromEntries(
                Object.entries(job.outputs).map(([name, output]) => [
                    name,
                    { jobOutputType: ARM_TYPE[output.kind], uri: output.uri },
                ]),
            ),
            services: studioLinks(job),
        },
        systemData: { createdAt: new Date(job.createdAt).toISOString(), createdByType: "User" },
    };
}

/** The data plane's answer to an invocation or a GET of one job (BatchJobResource, data-plane camelCase). */
export function dataPlaneJobView(ctx: EmulatorContext, job: JobRecord): Record<string, unknown> {
    const status = jobStatus(ctx, job);
    const { instanceCount, ...settings } = job.settings;
    return {
        id: `${job.endpointId}/jobs/${job.name}`,
        name: job.name,
        type: "Microsoft.MachineLearningServices/workspaces/batchEndpoints/jobs",
        properties: {
            name: job.name,
            status,
            provisioningState: "Succeeded",
            inputData: Object.fromEntries(
                Object.entries(job.inputs).map(([name, input]) => [
                    name,
                    input.kind === "Literal"
                        ? { jobInputType: "Literal", value: input.value }
                        : { jobInputType: input.kind, uri: input.uri },
                ]),
            ),
            outputData: Object.fromEntries(
                Object.entries(job.outputs).map(([name, output]) => [
                    name,
                    { jobOutputType: output.kind, uri: output.uri },
                ]),
            ),
            ...settings,
            compute: { instanceCount, isLocal: false },
            tags: job.tags,
            properties: job.properties,
            interactionEndpoints: {
                Studio: {
                    jobEndpointType: "Studio",
                    endpoint: (studioLinks(job).Studio as { endpoint: string }).endpoint,
                },
            },
        },
        systemData: { createdAt: new Date(job.createdAt).toISOString(), createdByType: "User" },
    };
}
