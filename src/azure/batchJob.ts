import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";

/**
 * A batch scoring job as ARM shows it (Jobs_Get on `workspaces/<ws>/jobs/<name>`: batch jobs are pipeline jobs of
 * the workspace). The library reads jobs through ARM, where Azure documents reading and canceling them; the batch
 * endpoint's data plane only starts them.
 */

/** A job status that never changes again (swagger JobStatus). */
export const TERMINAL_JOB_STATUSES: readonly string[] = ["Completed", "Failed", "Canceled"];

export function isTerminalJobStatus(status: string): boolean {
    return TERMINAL_JOB_STATUSES.includes(status);
}

/** What the library reads of a batch job. */
export interface BatchJobState {
    readonly name: string;
    /** NotStarted, Starting, Preparing, Queued, Running, Finalizing, CancelRequested, Completed, Failed, Canceled, … */
    readonly status: string;
    /** When the job was created, ms since the epoch; undefined when ARM did not say. */
    readonly createdAt?: number;
    /** Output name → URI, as the job reports them. */
    readonly outputs: Readonly<Record<string, string>>;
    /** The job in Azure ML studio: where its logs, and the reason it failed, are. */
    readonly studioUrl: string;
    /** The batch endpoint that started it (property azureml.endpointname), when the job says. */
    readonly endpointName?: string;
    /** The deployment that runs it (property azureml.deploymentname), when the job says. */
    readonly deployment?: string;
    /**
     * An error message, when the response carries one. Neither ARM's JobBase nor the data plane's BatchJob declares an
     * error field, so this is expected to be absent: the reason is in the job's logs.
     */
    readonly message?: string;
}

/** A job's path under its workspace; job names are case-sensitive and kept as given. */
export function batchJobPath(workspaceId: string, name: string): string {
    return `${workspaceId}/jobs/${encodeURIComponent(name)}`;
}

/**
 * The studio link of a job, as azure-ai-ml builds it (`studio_url_from_job_id`): the runs page with the workspace in
 * `wsid`. Used when the job's own `services.Studio.endpoint` is missing.
 */
export function batchJobStudioUrl(workspaceId: string, name: string): string {
    const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/workspaces\/([^/]+)$/i.exec(
        workspaceId,
    );
    const wsid =
        match === null ? workspaceId : `/subscriptions/${match[1]}/resourcegroups/${match[2]}/workspaces/${match[3]}`;
    return `https://ml.azure.com/runs/${encodeURIComponent(name)}?wsid=${wsid}`;
}

type Json = Record<string, unknown>;
const objectAt = (value: unknown): Json =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const stringAt = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" ? value : undefined;

/** Reads a Jobs_Get body; fields it lacks are left out (or, for the studio link, built the SDK's way). */
export function batchJobState(workspaceId: string, name: string, body: unknown): BatchJobState {
    const properties = objectAt(objectAt(body).properties);
    const jobProperties = objectAt(properties.properties);
    const created = Date.parse(stringAt(objectAt(objectAt(body).systemData).createdAt) ?? "");
    const outputs = Object.fromEntries(
        Object.entries(objectAt(properties.outputs)).flatMap(([output, value]) => {
            const uri = stringAt(objectAt(value).uri);
            return uri === undefined ? [] : [[output, uri]];
        }),
    );
    const error = objectAt(properties.error);
    return {
        name: stringAt(objectAt(body).name) ?? name,
        status: stringAt(properties.status) ?? "Unknown",
        ...(Number.isFinite(created) ? { createdAt: created } : {}),
        outputs,
        studioUrl:
            stringAt(objectAt(objectAt(properties.services).Studio).endpoint) ?? batchJobStudioUrl(workspaceId, name),
        ...(stringAt(jobProperties["azureml.endpointname"]) !== undefined
            ? { endpointName: stringAt(jobProperties["azureml.endpointname"]) }
            : {}),
        ...(stringAt(jobProperties["azureml.deploymentname"]) !== undefined
            ? { deployment: stringAt(jobProperties["azureml.deploymentname"]) }
            : {}),
        ...(stringAt(error.message) !== undefined ? { message: stringAt(error.message) } : {}),
    };
}

/** Reads a job once through ARM; undefined when there is none of that name (404). Other errors throw an ArmError. */
export async function readBatchJob(
    client: ArmClient,
    workspaceId: string,
    name: string,
): Promise<BatchJobState | undefined> {
    const path = batchJobPath(workspaceId, name);
    const response = await client.send("GET", path, { apiVersion: ML_API_VERSION });
    if (response.status === 404) {
        return undefined;
    }
    if (response.status >= 400) {
        throw ArmError.fromResponse(response.status, response.body, "GET", client.url(path), response.headers);
    }
    return batchJobState(workspaceId, name, response.body);
}

/**
 * Asks Azure ML to cancel a job (Jobs_Cancel: 202 with Location) and follows the operation to its end. A job that
 * has ended already is refused (the emulator answers 400; Azure does not document it): callers read the job back
 * to learn where it stands either way.
 */
export async function cancelBatchJob(client: ArmClient, workspaceId: string, name: string): Promise<void> {
    await client.runLongOperation("POST", `${batchJobPath(workspaceId, name)}/cancel`, { apiVersion: ML_API_VERSION });
}
