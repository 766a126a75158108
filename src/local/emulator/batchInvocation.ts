import { randomUUID } from "crypto";
import { claimOutputs, findJob, jobKey } from "./batchJobLifecycle";
import { BadJobRequest, JobRequest, readJobRequest } from "./batchJobRequest";
import { dataPlaneJobView } from "./batchJobViews";
import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import { OnlineParams } from "./onlineRoutes";
import { deploymentSucceeded, workspaceId } from "./resources";
import { DeploymentRecord, EndpointRecord, JobOutputRecord, JobRecord, keyOf } from "./state";
import { ML_AUDIENCES, requireAudience } from "./tokenAudience";

/** Data plane: POST to a batch endpoint's scoring URI starts a job on the default (or header-named) deployment. */

/** Deployment settings a job inherits unless it overrides them (defaults as the batch deployment docs give them). */
function deploymentSettings(d: DeploymentRecord): Record<string, unknown> {
    const p = (d.body.properties ?? {}) as Record<string, any>;
    return {
        instanceCount: p.resources?.instanceCount ?? 1,
        miniBatchSize: p.miniBatchSize ?? 10,
        maxConcurrencyPerInstance: p.maxConcurrencyPerInstance ?? 1,
        errorThreshold: p.errorThreshold ?? -1,
        loggingLevel: p.loggingLevel ?? "Info",
        outputFileName: p.outputFileName ?? "predictions.csv",
        retrySettings: { maxRetries: p.retrySettings?.maxRetries ?? 3, timeout: p.retrySettings?.timeout ?? "PT30S" },
    };
}

export function findBatchEndpoint(ctx: EmulatorContext, p: OnlineParams): EndpointRecord | undefined {
    const e = ctx.state.endpoints.get(keyOf(`${workspaceId(p.sub, p.rg, p.ws)}/batchEndpoints/${p.endpoint}`));
    return e?.kind === "batch" ? e : undefined;
}

function userError(message: string): EmulatorResponse {
    return armError(400, "UserError", message);
}

/** What a deployment of its kind accepts (docs: model deployments take one data input and one output, no literals). */
function checkShape(
    kind: JobRecord["deploymentKind"],
    request: JobRequest,
    deployment: string,
): EmulatorResponse | undefined {
    if (kind === "pipeline") {
        return undefined;
    }
    const inputs = Object.entries(request.inputs);
    if (inputs.length !== 1) {
        return userError(
            `Deployment '${deployment}' is a model deployment and takes exactly one data input in properties.InputData; got ${inputs.length}.`,
        );
    }
    if (inputs[0][1].kind === "Literal") {
        return userError(
            `Input '${inputs[0][0]}' is a Literal; literal inputs are supported only by pipeline component deployments, and '${deployment}' is a model deployment.`,
        );
    }
    if (Object.keys(request.outputs).length > 1) {
        return userError(
            `Deployment '${deployment}' is a model deployment and has one output; properties.OutputData names ${Object.keys(request.outputs).length}.`,
        );
    }
    if (Object.keys(request.properties).length > 0) {
        return userError(
            `properties.properties (job properties such as experimentName) can be set only for pipeline component deployments; '${deployment}' is a model deployment.`,
        );
    }
    return undefined;
}

function outputsOf(request: JobRequest, jobName: string, fileName: string): Record<string, JobOutputRecord> {
    const requested = Object.entries(request.outputs);
    // Without an output location the results go to the workspace blob store, in a folder named after the job.
    const entries =
        requested.length > 0
            ? requested
            : [
                  [
                      "score",
                      {
                          kind: "UriFolder" as const,
                          uri: `azureml://datastores/workspaceblobstore/paths/azureml/${jobName}/score/`,
                      },
                  ] as const,
              ];
    return Object.fromEntries(
        entries.map(([name, o]) => [
            name,
            { ...o, file: o.kind === "UriFile" ? o.uri : `${o.uri.replace(/\/+$/, "")}/${fileName}` },
        ]),
    );
}

export function invokeBatchEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const unauthorized = requireAudience(req.headers.authorization, ML_AUDIENCES, "The batch endpoint data plane");
    if (unauthorized) {
        return unauthorized;
    }
    const e = findBatchEndpoint(ctx, p);
    if (e === undefined) {
        return armError(
            404,
            "EndpointNotFound",
            `Batch endpoint '${p.endpoint}' does not exist in workspace '${p.ws}'.`,
        );
    }
    const name = req.headers["azureml-model-deployment"] ?? e.defaultDeployment;
    if (name === undefined) {
        return userError(
            `Batch endpoint '${e.name}' has no default deployment; set one with a PUT of the endpoint (properties.defaults.deploymentName) or name a deployment in the azureml-model-deployment header.`,
        );
    }
    const deployment = ctx.state.deploymentsOf(e.id).find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (deployment === undefined || !deploymentSucceeded(ctx, deployment)) {
        return userError(
            `Deployment '${name}' of batch endpoint '${e.name}' does not exist or is not ready (provisioningState must be Succeeded).`,
        );
    }
    let request: JobRequest;
    try {
        request = readJobRequest(bodyOf(req));
    } catch (error) {
        if (error instanceof BadJobRequest) {
            return userError(error.message);
        }
        throw error;
    }
    const kind: JobRecord["deploymentKind"] =
        deployment.body.properties?.deploymentConfiguration !== undefined ? "pipeline" : "model";
    const shape = checkShape(kind, request, deployment.name);
    if (shape) {
        return shape;
    }
    const jobName = request.name ?? `${kind === "pipeline" ? "pipelinejob" : "batchjob"}-${randomUUID()}`;
    // Job names are case-sensitive in lookups; for a clash the harsher reading holds: names differing only in case collide.
    const clash = [...ctx.state.jobs.values()].find(
        (j) => keyOf(j.workspaceId) === keyOf(e.workspaceId) && j.name.toLowerCase() === jobName.toLowerCase(),
    );
    if (clash !== undefined || findJob(ctx, e.workspaceId, jobName) !== undefined) {
        return armError(
            409,
            "UserError",
            `A job with this ID already exists: '${clash?.name ?? jobName}' in workspace '${p.ws}'. Job names are unique per workspace; choose another properties.name or leave it out for a generated one.`,
        );
    }
    const settings = { ...deploymentSettings(deployment), ...request.settings };
    const now = ctx.now();
    const job: JobRecord = {
        id: `${e.workspaceId}/jobs/${jobName}`,
        name: jobName,
        workspaceId: e.workspaceId,
        endpointId: e.id,
        deployment: deployment.name,
        deploymentKind: kind,
        createdAt: now,
        startAt: now + ctx.options.jobQueueMs,
        endAt: now + ctx.options.jobQueueMs + ctx.options.jobRunMs,
        outcome: deployment.behaviour.batchOutcome,
        inputs: request.inputs,
        outputs: outputsOf(request, jobName, settings.outputFileName as string),
        settings,
        // Azure's own tags and properties win over a client's of the same name.
        tags: {
            ...request.tags,
            "azureml.batchrun": "true",
            "azureml.deploymentname": deployment.name,
            "azureml.jobtype": "azureml.pipelinejob",
        },
        properties: {
            ...request.properties,
            "azureml.deploymentname": deployment.name,
            "azureml.endpointname": e.name,
            "azureml.runLineageType": "batchDeployment",
            runSource: "BatchDeployment",
            runType: "HTTP",
        },
        experimentName: request.properties.experimentName ?? e.name,
    };
    claimOutputs(ctx, job);
    ctx.state.jobs.set(jobKey(job.workspaceId, job.name), job);
    return json(200, dataPlaneJobView(ctx, job));
}
