import { invokeBatchEndpoint } from "./batchInvocation";
import * as jobs from "./batchJobRoutes";
import * as batch from "./batchRoutes";
import * as online from "./onlineRoutes";
import { getOperationResult, getOperationStatus } from "./operationRoutes";
import { Router } from "./router";
import { scoreOnline } from "./scoring";
import { deleteWorkspace, getWorkspace, putWorkspace } from "./workspaceRoutes";
import { deleteEndpoint, patchEndpoint } from "./resources";

const WS = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";
const OE = `${WS}/onlineEndpoints/{endpoint}`;
const BE = `${WS}/batchEndpoints/{endpoint}`;
const OPS = "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}";

/** Every ARM route the emulator serves. */
export function armRouter(): Router {
    return new Router()
        .add("GET", WS, getWorkspace)
        .add("PUT", WS, putWorkspace)
        .add("DELETE", WS, deleteWorkspace)
        .add("GET", `${WS}/onlineEndpoints`, online.listOnlineEndpoints)
        .add("GET", OE, online.getOnlineEndpoint)
        .add("PUT", OE, online.putOnlineEndpoint)
        .add("PATCH", OE, (ctx, req, p) => patchEndpoint(ctx, req, p, "online"))
        .add("DELETE", OE, (ctx, req, p) => deleteEndpoint(ctx, req, p, "online"))
        .add("POST", `${OE}/listKeys`, online.listKeys)
        .add("POST", `${OE}/token`, online.getToken)
        .add("POST", `${OE}/regenerateKeys`, online.regenerateKeys)
        .add("GET", `${OE}/deployments`, online.listOnlineDeployments)
        .add("GET", `${OE}/deployments/{deployment}`, online.getOnlineDeployment)
        .add("PUT", `${OE}/deployments/{deployment}`, online.putOnlineDeployment)
        .add("PATCH", `${OE}/deployments/{deployment}`, online.patchOnlineDeployment)
        .add("DELETE", `${OE}/deployments/{deployment}`, online.deleteOnlineDeployment)
        .add("GET", BE, batch.getBatchEndpoint)
        .add("PUT", BE, batch.putBatchEndpoint)
        .add("PATCH", BE, (ctx, req, p) => patchEndpoint(ctx, req, p, "batch"))
        .add("DELETE", BE, (ctx, req, p) => deleteEndpoint(ctx, req, p, "batch"))
        .add("GET", `${BE}/deployments/{deployment}`, batch.getBatchDeployment)
        .add("PUT", `${BE}/deployments/{deployment}`, batch.putBatchDeployment)
        .add("DELETE", `${BE}/deployments/{deployment}`, batch.deleteBatchDeployment)
        .add("GET", `${WS}/jobs`, jobs.listJobs)
        .add("GET", `${WS}/jobs/{job}`, jobs.getJob)
        .add("POST", `${WS}/jobs/{job}/cancel`, jobs.cancelJob)
        .add("GET", `${OPS}/mfeOperationsStatus/{operation}`, getOperationStatus)
        .add("GET", `${OPS}/mfeOperationResults/{operation}`, getOperationResult);
}

/** Data-plane routes: online scoring and batch invocation. */
export function dataPlaneRouter(): Router {
    return new Router()
        .add("POST", "/inference/online/{sub}/{rg}/{ws}/{endpoint}/score", scoreOnline)
        .add("POST", "/inference/batch/{sub}/{rg}/{ws}/{endpoint}/jobs", invokeBatchEndpoint)
        .add("GET", "/inference/batch/{sub}/{rg}/{ws}/{endpoint}/jobs/{job}", jobs.getBatchJobFromDataPlane);
}
