import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import { OnlineParams, deploymentView, endpointView, requireWorkspace } from "./onlineRoutes";
import { deploymentSucceeded, endpointBusy, endpointForWrite, isBusy, newEndpointRecord, notFound, track, upsertDeployment, workspaceId } from "./resources";
import { DeploymentRecord, EndpointRecord, JobRecord, keyOf } from "./state";

function endpointIdOf(p: OnlineParams): string {
    return `${workspaceId(p.sub, p.rg, p.ws)}/batchEndpoints/${p.endpoint}`;
}

function findEndpoint(ctx: EmulatorContext, p: OnlineParams): EndpointRecord | undefined {
    const e = ctx.state.endpoints.get(keyOf(endpointIdOf(p)));
    return e?.kind === "batch" ? e : undefined;
}

function endpointNotFound(p: OnlineParams): EmulatorResponse {
    const nf = notFound(`workspaces/${p.ws}/batchEndpoints`, p.endpoint ?? "", p.rg);
    return armError(404, nf.code, nf.message);
}

function deploymentNamed(ctx: EmulatorContext, e: EndpointRecord, name: string): DeploymentRecord | undefined {
    return ctx.state.deploymentsOf(e.id).find((d) => d.name.toLowerCase() === name.toLowerCase());
}

function checkDefaults(ctx: EmulatorContext, e: EndpointRecord | undefined, p: OnlineParams, defaults: unknown): EmulatorResponse | string | undefined {
    const name = (defaults as { deploymentName?: unknown } | undefined)?.deploymentName;
    if (name === undefined || name === null || name === "") {
        return undefined;
    }
    if (typeof name !== "string" || e === undefined || deploymentNamed(ctx, e, name) === undefined) {
        return armError(400, "UserError", `Default deployment '${String(name)}' does not exist under batch endpoint '${p.endpoint}'.`);
    }
    return name;
}

export function getBatchEndpoint(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p);
    return e === undefined ? endpointNotFound(p) : json(200, endpointView(ctx, e));
}

export function putBatchEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const missing = requireWorkspace(ctx, p);
    if (missing) {
        return missing;
    }
    const input = bodyOf(req);
    const props = (input.properties ?? {}) as Record<string, any>;
    if (props.authMode !== "AADToken") {
        return armError(400, "UserError", `Batch endpoints support only authMode AADToken; got ${JSON.stringify(props.authMode)}.`);
    }
    const existing = findEndpoint(ctx, p);
    if (existing !== undefined && endpointBusy(ctx, existing)) {
        return ctx.conflict(`Batch endpoint '${p.endpoint}'`);
    }
    const defaults = checkDefaults(ctx, existing, p, props.defaults);
    if (typeof defaults === "object") {
        return defaults;
    }
    const id = endpointIdOf(p);
    const operation = ctx.startOperation(id, existing ? "update" : "create", ctx.options.endpointProvisioningMs, req.method, req.path);
    const { provisioningState: _s, scoringUri: _u, defaults: _d, ...storedProps } = props;
    const record: EndpointRecord = existing ?? newEndpointRecord("batch", id, p.endpoint!, workspaceId(p.sub, p.rg, p.ws), input.location ?? ctx.options.location);
    record.body = { ...input, properties: storedProps };
    // As with online traffic, a PUT carries the whole endpoint: no defaults in it means no default deployment.
    record.defaultDeployment = defaults;
    record.etag++;
    track(record, operation, existing ? "Updating" : "Creating");
    ctx.state.endpoints.set(keyOf(id), record);
    return json(existing ? 200 : 201, endpointView(ctx, record), ctx.lroHeaders(operation, record.location));
}

export function patchBatchEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const found = endpointForWrite(ctx, p, "batch");
    if ("response" in found) {
        return found.response;
    }
    const e = found.endpoint;
    const input = bodyOf(req);
    if (input.properties?.defaults !== undefined) {
        const defaults = checkDefaults(ctx, e, p, input.properties.defaults);
        if (typeof defaults === "object") {
            return defaults;
        }
        e.defaultDeployment = defaults;
    }
    if (input.tags !== undefined) {
        e.body.tags = input.tags;
    }
    const operation = ctx.startOperation(e.id, "update", ctx.options.endpointProvisioningMs, req.method, req.path);
    track(e, operation, "Updating");
    return json(202, undefined, ctx.lroHeaders(operation, e.location));
}

export function deleteBatchEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p);
    if (e === undefined) {
        return json(204, undefined);
    }
    if (endpointBusy(ctx, e)) {
        return ctx.conflict(`Batch endpoint '${p.endpoint}'`);
    }
    const operation = ctx.startOperation(e.id, "delete", ctx.options.deleteMs, req.method, req.path);
    track(e, operation, "Deleting");
    return json(202, undefined, ctx.lroHeaders(operation, e.location));
}

export function getBatchDeployment(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const d = ctx.state.deployments.get(keyOf(`${endpointIdOf(p)}/deployments/${p.deployment}`));
    if (d === undefined) {
        const nf = notFound(`workspaces/${p.ws}/batchEndpoints/${p.endpoint}/deployments`, p.deployment ?? "", p.rg);
        return armError(404, nf.code, nf.message);
    }
    return json(200, deploymentView(ctx, d));
}

export function putBatchDeployment(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const found = endpointForWrite(ctx, p, "batch");
    if ("response" in found) {
        return found.response;
    }
    const e = found.endpoint;
    const input = bodyOf(req);
    const props = (input.properties ?? {}) as Record<string, any>;
    if (props.deploymentConfiguration === undefined && typeof props.compute !== "string") {
        return armError(400, "UserError", "properties.compute is required for model batch deployments.");
    }
    const { record, existing, operation } = upsertDeployment(ctx, req, e, p.deployment!, input);
    return json(existing ? 200 : 201, deploymentView(ctx, record), ctx.lroHeaders(operation, record.location));
}

export function deleteBatchDeployment(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p);
    const d = e === undefined ? undefined : deploymentNamed(ctx, e, p.deployment!);
    if (e === undefined || d === undefined) {
        return json(204, undefined);
    }
    if (e.defaultDeployment?.toLowerCase() === d.name.toLowerCase()) {
        return armError(400, "UserError", `Deployment '${d.name}' is the default deployment of batch endpoint '${e.name}'; set another default before deleting it.`);
    }
    if (endpointBusy(ctx, e) || isBusy(ctx, d)) {
        return ctx.conflict(`Batch endpoint '${p.endpoint}'`);
    }
    const operation = ctx.startOperation(d.id, "delete", ctx.options.deleteMs, req.method, req.path);
    track(d, operation, "Deleting");
    return json(202, undefined, ctx.lroHeaders(operation, d.location));
}

// ---- jobs

export function jobStatus(ctx: EmulatorContext, job: JobRecord): string {
    const now = ctx.now();
    if (job.canceledAt !== undefined) {
        return now < job.canceledAt + 50 ? "CancelRequested" : "Canceled";
    }
    if (now < job.startAt) {
        return "NotStarted";
    }
    if (now < job.endAt) {
        return "Running";
    }
    return job.outcome;
}

export function jobView(ctx: EmulatorContext, job: JobRecord): Record<string, unknown> {
    const status = jobStatus(ctx, job);
    return {
        id: job.id,
        name: job.name,
        type: "Microsoft.MachineLearningServices/workspaces/jobs",
        properties: {
            jobType: "Pipeline",
            displayName: job.name,
            experimentName: job.endpointId.split("/").pop(),
            status,
            inputs: job.inputs,
            outputs: job.outputs,
            properties: { "azureml.batchrun": "true", "azureml.deploymentname": job.deployment, "azureml.endpointname": job.endpointId.split("/").pop() },
            ...(status === "Failed" ? { error: { code: "UserError", message: `Scoring failed in deployment '${job.deployment}'.` } } : {}),
        },
    };
}

function jobByName(ctx: EmulatorContext, p: OnlineParams & { job?: string }): JobRecord | undefined {
    return ctx.state.jobs.get(keyOf(`${workspaceId(p.sub, p.rg, p.ws)}/jobs/${p.job}`));
}

export function getJob(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams & { job?: string }): EmulatorResponse {
    const job = jobByName(ctx, p);
    if (job === undefined) {
        const nf = notFound(`workspaces/${p.ws}/jobs`, p.job ?? "", p.rg);
        return armError(404, nf.code, nf.message);
    }
    return json(200, jobView(ctx, job));
}

export function cancelJob(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams & { job?: string }): EmulatorResponse {
    const job = jobByName(ctx, p);
    if (job === undefined) {
        const nf = notFound(`workspaces/${p.ws}/jobs`, p.job ?? "", p.rg);
        return armError(404, nf.code, nf.message);
    }
    if (["Completed", "Failed", "Canceled"].includes(jobStatus(ctx, job))) {
        return armError(400, "UserError", `Job '${job.name}' has already ended (${jobStatus(ctx, job)}) and cannot be canceled.`);
    }
    job.canceledAt = ctx.now();
    return json(202, undefined);
}

/** Data plane: POST to a batch endpoint's scoring URI starts a job on the default (or header-named) deployment. */
export function invokeBatchEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p);
    if (e === undefined) {
        return armError(404, "EndpointNotFound", `Batch endpoint '${p.endpoint}' does not exist.`);
    }
    if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
        return armError(401, "Unauthorized", "Batch endpoints need a Microsoft Entra token: Authorization: Bearer <token>.");
    }
    const requested = req.headers["azureml-model-deployment"];
    const name = requested ?? e.defaultDeployment;
    if (name === undefined) {
        return armError(400, "UserError", `Batch endpoint '${e.name}' has no default deployment; set one or name a deployment in the azureml-model-deployment header.`);
    }
    const deployment = deploymentNamed(ctx, e, name);
    if (deployment === undefined || !deploymentSucceeded(ctx, deployment)) {
        return armError(400, "UserError", `Deployment '${name}' of batch endpoint '${e.name}' does not exist or is not ready.`);
    }
    const properties = (bodyOf(req).properties ?? {}) as Record<string, any>;
    const inputs = (properties.InputData ?? {}) as Record<string, any>;
    if (typeof inputs !== "object" || Object.keys(inputs).length === 0) {
        return armError(400, "UserError", "properties.InputData needs at least one input: { \"<name>\": { \"JobInputType\": \"UriFolder\", \"Uri\": \"...\" } }.");
    }
    for (const [inputName, input] of Object.entries(inputs)) {
        if (!["UriFolder", "UriFile"].includes(input?.JobInputType) || typeof input?.Uri !== "string") {
            return armError(400, "UserError", `InputData '${inputName}' needs JobInputType UriFolder or UriFile and a Uri.`);
        }
    }
    const now = ctx.now();
    const jobName = `batchjob-${ctx.state.nextId(e.name)}`;
    const outputs = (properties.OutputData ?? {
        score: { JobOutputType: "UriFolder", Uri: `azureml://datastores/workspaceblobstore/paths/azureml/${jobName}/score/` },
    }) as Record<string, unknown>;
    const job: JobRecord = {
        id: `${e.workspaceId}/jobs/${jobName}`,
        name: jobName,
        workspaceId: e.workspaceId,
        endpointId: e.id,
        deployment: deployment.name,
        createdAt: now,
        startAt: now + ctx.options.jobQueueMs,
        endAt: now + ctx.options.jobQueueMs + ctx.options.jobRunMs,
        outcome: deployment.behaviour.batchOutcome,
        inputs,
        outputs,
    };
    ctx.state.jobs.set(keyOf(job.id), job);
    return json(200, jobView(ctx, job));
}

export function getBatchJobFromDataPlane(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams & { job?: string }): EmulatorResponse {
    return getJob(ctx, _req, p);
}
