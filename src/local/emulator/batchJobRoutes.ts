import { findBatchEndpoint } from "./batchInvocation";
import { findJob, isTerminal, jobStatus, releaseOutputs } from "./batchJobLifecycle";
import { armJobView, dataPlaneJobView } from "./batchJobViews";
import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";
import { OnlineParams } from "./onlineRoutes";
import { notFound, workspaceId } from "./resources";
import { JobRecord, keyOf } from "./state";
import { ML_AUDIENCES, requireAudience } from "./tokenAudience";

/** Jobs through ARM (Jobs_Get, Jobs_List, Jobs_Cancel) and one job through the batch data plane. */

type JobParams = OnlineParams & { job?: string };

/** Jobs per page of Jobs_List; the swagger leaves the page size to the service. */
export const JOB_PAGE_SIZE = 10;

function jobNotFound(p: JobParams): EmulatorResponse {
    const nf = notFound(`workspaces/${p.ws}/jobs`, p.job ?? "", p.rg);
    return armError(404, nf.code, nf.message);
}

export function getJob(ctx: EmulatorContext, _req: EmulatorRequest, p: JobParams): EmulatorResponse {
    const job = findJob(ctx, workspaceId(p.sub, p.rg, p.ws), p.job ?? "");
    return job === undefined ? jobNotFound(p) : json(200, armJobView(ctx, job));
}

/** Applies Jobs_List's filters: jobType, tag (a key the job carries), properties ("a,b=v"), listViewType. */
function listFilter(req: EmulatorRequest): ((job: JobRecord) => boolean) | EmulatorResponse {
    const view = req.query.get("listViewType") ?? "ActiveOnly";
    if (!["ActiveOnly", "ArchivedOnly", "All"].includes(view)) {
        return armError(400, "UserError", `listViewType '${view}' is not one of ActiveOnly, ArchivedOnly, All.`);
    }
    const jobType = req.query.get("jobType");
    const tag = req.query.get("tag");
    const wanted = (req.query.get("properties") ?? "")
        .split(",")
        .filter((entry) => entry !== "")
        .map((entry) => entry.split("=", 2) as [string, string | undefined]);
    // Batch jobs are never archived here, so ArchivedOnly lists nothing.
    return (job) =>
        view !== "ArchivedOnly" &&
        (jobType === null || jobType.toLowerCase() === "pipeline") &&
        (tag === null || job.tags[tag] !== undefined) &&
        wanted.every(
            ([key, value]) =>
                job.properties[key] !== undefined && (value === undefined || job.properties[key] === value),
        );
}

/** GET .../workspaces/{ws}/jobs: newest first, paged by an opaque $skip token in nextLink. */
export function listJobs(ctx: EmulatorContext, req: EmulatorRequest, p: JobParams): EmulatorResponse {
    const filter = listFilter(req);
    if (typeof filter !== "function") {
        return filter;
    }
    const ws = keyOf(workspaceId(p.sub, p.rg, p.ws));
    const jobs = [...ctx.state.jobs.values()]
        .filter((j) => keyOf(j.workspaceId) === ws && filter(j))
        .sort((a, b) => b.createdAt - a.createdAt);
    const skipToken = req.query.get("$skip");
    const offset = skipToken === null ? 0 : Number.parseInt(Buffer.from(skipToken, "base64url").toString("utf8"), 10);
    if (!Number.isInteger(offset) || offset < 0) {
        return armError(
            400,
            "UserError",
            `$skip '${skipToken}' is not a continuation token this service issued; follow nextLink as given.`,
        );
    }
    const page = jobs.slice(offset, offset + JOB_PAGE_SIZE);
    const body: Record<string, unknown> = { value: page.map((job) => armJobView(ctx, job)) };
    if (offset + JOB_PAGE_SIZE < jobs.length) {
        const next = new URLSearchParams(req.query);
        next.set("$skip", Buffer.from(String(offset + JOB_PAGE_SIZE), "utf8").toString("base64url"));
        body.nextLink = `${ctx.baseUrl}${req.path}?${next.toString()}`;
    }
    return json(200, body);
}

/**
 * POST .../jobs/{name}/cancel: 202 with Location and Retry-After (Jobs_Cancel); the job shows CancelRequested until
 * the cancel operation ends, then Canceled. Canceling a job that has ended is not documented; the emulator refuses
 * it (400) rather than pretend it did something.
 */
export function cancelJob(ctx: EmulatorContext, req: EmulatorRequest, p: JobParams): EmulatorResponse {
    const job = findJob(ctx, workspaceId(p.sub, p.rg, p.ws), p.job ?? "");
    if (job === undefined) {
        return jobNotFound(p);
    }
    const location = ctx.state.workspaces.get(keyOf(job.workspaceId))?.location ?? ctx.options.location;
    const pending = job.cancel === undefined ? undefined : ctx.state.operations.get(job.cancel.operationId);
    if (pending !== undefined && jobStatus(ctx, job) === "CancelRequested") {
        return ctx.accepted(pending, location);
    }
    const status = jobStatus(ctx, job);
    if (isTerminal(status)) {
        return armError(400, "UserError", `Job '${job.name}' has already ended (${status}) and cannot be canceled.`);
    }
    const operation = ctx.startOperation(job.id, "cancel", ctx.options.jobCancelMs, req.method, req.path);
    job.cancel = { requestedAt: ctx.now(), operationId: operation.id };
    if (operation.outcome === "Succeeded") {
        releaseOutputs(ctx, job, operation.doneAt);
    }
    return ctx.accepted(operation, location);
}

/** Data plane: GET {scoringUri}/{job}, with the same ml.azure.com token as the invocation. */
export function getBatchJobFromDataPlane(ctx: EmulatorContext, req: EmulatorRequest, p: JobParams): EmulatorResponse {
    const unauthorized = requireAudience(req.headers.authorization, ML_AUDIENCES, "The batch endpoint data plane");
    if (unauthorized) {
        return unauthorized;
    }
    const e = findBatchEndpoint(ctx, p);
    const job = e === undefined ? undefined : findJob(ctx, e.workspaceId, p.job ?? "");
    if (e === undefined || job === undefined || keyOf(job.endpointId) !== keyOf(e.id)) {
        return armError(
            404,
            "UserError",
            `Job '${p.job}' was not found under batch endpoint '${p.endpoint}'. Job names are case-sensitive.`,
        );
    }
    return json(200, dataPlaneJobView(ctx, job));
}
