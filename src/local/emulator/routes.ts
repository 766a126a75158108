import * as assets from "./assetRoutes";
import { invokeBatchEndpoint } from "./batchInvocation";
import * as jobs from "./batchJobRoutes";
import * as batch from "./batchRoutes";
import * as online from "./onlineRoutes";
import { getOperationResult, getOperationStatus } from "./operationRoutes";
import { Router } from "./router";
import { deleteCompute, getCompute, putCompute } from "./computeRoutes";
import { getDatastore } from "./datastoreRoutes";
import { AssetKind } from "./state";
import { scoreOnline } from "./scoring";
import { deleteWorkspace, getWorkspace, putWorkspace } from "./workspaceRoutes";
import { deleteEndpoint, patchEndpoint } from "./resources";

const WS = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";
const OE = `${WS}/onlineEndpoints/{endpoint}`;
const BE = `${WS}/batchEndpoints/{endpoint}`;
const OPS = "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}";

const ASSET_KINDS: readonly AssetKind[] = ["codes", "models", "environments"];

/** Every ARM route the emulator serves. */
export function armRouter(): Router {
    const router = new Router()
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
        .add("GET", `${OPS}/mfeOperationResults/{operation}`, getOperationResult)
        .add("GET", `${WS}/computes/{compute}`, getCompute)
        .add("PUT", `${WS}/computes/{compute}`, putCompute)
        .add("DELETE", `${WS}/computes/{compute}`, deleteCompute)
        .add("GET", `${WS}/datastores/{datastore}`, getDatastore);
    for (const kind of ASSET_KINDS) {
        const container = `${WS}/${kind}/{name}`;
        router
            .add("GET", container, (ctx, _req, p) => assets.getAssetContainer(ctx, kind, p))
            .add("PUT", container, (ctx, req, p) => assets.putAssetContainer(ctx, kind, req, p))
            .add("DELETE", container, (ctx, _req, p) => assets.deleteAssetContainer(ctx, kind, p))
            .add("GET", `${container}/versions/{version}`, (ctx, _req, p) => assets.getAssetVersion(ctx, kind, p))
            .add("PUT", `${container}/versions/{version}`, (ctx, req, p) => assets.putAssetVersion(ctx, kind, req, p))
            .add("DELETE", `${container}/versions/{version}`, (ctx, _req, p) =>
                assets.deleteAssetVersion(ctx, kind, p),
            );
    }
    return router;
}

/** Data-plane routes: online scoring and batch invocation. */
export function dataPlaneRouter(): Router {
    return new Router()
        .add("POST", "/inference/online/{sub}/{rg}/{ws}/{endpoint}/score", scoreOnline)
        .add("POST", "/inference/batch/{sub}/{rg}/{ws}/{endpoint}/jobs", invokeBatchEndpoint)
        .add("GET", "/inference/batch/{sub}/{rg}/{ws}/{endpoint}/jobs/{job}", jobs.getBatchJobFromDataPlane);
}
