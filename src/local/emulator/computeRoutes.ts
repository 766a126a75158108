import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import { identityView, isBusy, notFound, provisioningState, track } from "./resources";
import { ComputeRecord, keyOf } from "./state";
import { liveWorkspace } from "./workspaceLookup";

type ComputeParams = { sub: string; rg: string; ws: string; compute: string };

/** The swagger's UnderlyingResourceAction, required on Compute_Delete. */
const UNDERLYING_ACTIONS = ["Delete", "Detach"];

/** The compute a route names, unless a delete of it has ended (then it is gone, and forgotten). */
function findCompute(ctx: EmulatorContext, id: string): ComputeRecord | undefined {
    const record = ctx.state.computes.get(keyOf(id));
    if (record?.deletion === undefined || ctx.now() < record.deletion.at) {
        return record;
    }
    if (record.deletion.outcome === "Succeeded") {
        ctx.state.computes.delete(keyOf(id));
        return undefined;
    }
    record.deletion = undefined;
    return record;
}

function computeNotFound(p: ComputeParams): EmulatorResponse {
    const nf = notFound(`workspaces/${p.ws}/computes`, p.compute, p.rg);
    return armError(404, nf.code, nf.message);
}

/** ComputeResource: the body as sent, with the read-only provisioningState, createdOn and modifiedOn. */
function view(ctx: EmulatorContext, c: ComputeRecord): Record<string, unknown> {
    const { identity, properties, ...rest } = c.body;
    return {
        ...rest,
        id: c.id,
        name: c.name,
        type: "Microsoft.MachineLearningServices/workspaces/computes",
        location: c.location,
        ...(identity !== undefined ? { identity: identityView(identity, c.id) } : {}),
        properties: {
            ...(properties ?? {}),
            provisioningState: provisioningState(ctx, c),
            createdOn: new Date(c.createdAt).toISOString(),
            modifiedOn: new Date(c.modifiedAt).toISOString(),
        },
    };
}

export function getCompute(ctx: EmulatorContext, _req: EmulatorRequest, p: ComputeParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const c = findCompute(ctx, `${found.workspace.id}/computes/${p.compute}`);
    return c === undefined ? computeNotFound(p) : json(200, view(ctx, c));
}

/**
 * PUT of a compute (swagger Compute_CreateOrUpdate): "will overwrite a compute if it exists". Long-running: 201 with
 * Azure-AsyncOperation, the only header the swagger declares for it; Creating or Updating until the operation ends.
 */
export function putCompute(ctx: EmulatorContext, req: EmulatorRequest, p: ComputeParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const input = bodyOf(req);
    const computeType = (input.properties as Record<string, unknown> | undefined)?.computeType;
    if (typeof computeType !== "string" || computeType === "") {
        return armError(400, "UserError", `Compute '${p.compute}' needs properties.computeType (e.g. AmlCompute).`);
    }
    const id = `${found.workspace.id}/computes/${p.compute}`;
    const existing = findCompute(ctx, id);
    if (existing !== undefined && isBusy(ctx, existing)) {
        return ctx.conflict(`Compute '${p.compute}'`);
    }
    const operation = ctx.startOperation(
        id,
        existing ? "update" : "create",
        ctx.options.computeProvisioningMs,
        req.method,
        req.path,
    );
    const { provisioningState: _s, createdOn: _c, modifiedOn: _m, ...storedProps } = input.properties;
    const record: ComputeRecord = existing ?? {
        id,
        name: p.compute,
        workspaceId: found.workspace.id,
        location: input.location ?? found.workspace.location,
        body: {},
        busyUntil: 0,
        busyState: "Creating",
        outcome: "Succeeded",
        createdAt: ctx.now(),
        modifiedAt: ctx.now(),
    };
    record.body = { ...input, properties: storedProps };
    record.location = input.location ?? record.location;
    record.modifiedAt = ctx.now();
    track(record, operation, existing ? "Updating" : "Creating");
    ctx.state.computes.set(keyOf(id), record);
    const answer = ctx.putAccepted(operation, record.location, view(ctx, record), existing !== undefined);
    const { "x-ms-async-operation-timeout": _timeout, ...headers } = answer.headers ?? {};
    return { ...answer, headers };
}

/**
 * DELETE of a compute (swagger Compute_Delete): `underlyingResourceAction` (Delete or Detach) is required; 204 when
 * there is no such compute, else 202 with Azure-AsyncOperation and Location, and the compute shows Deleting until
 * the operation ends.
 */
export function deleteCompute(ctx: EmulatorContext, req: EmulatorRequest, p: ComputeParams): EmulatorResponse {
    const action = req.query.get("underlyingResourceAction");
    if (action === null || !UNDERLYING_ACTIONS.includes(action)) {
        return armError(
            400,
            "BadRequest",
            `The query parameter underlyingResourceAction is required and must be ${UNDERLYING_ACTIONS.join(" or ")}; got ${action === null ? "none" : `'${action}'`}.`,
        );
    }
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const c = findCompute(ctx, `${found.workspace.id}/computes/${p.compute}`);
    if (c === undefined) {
        return json(204, undefined);
    }
    if (isBusy(ctx, c)) {
        return ctx.conflict(`Compute '${p.compute}'`);
    }
    const operation = ctx.startOperation(c.id, "delete", ctx.options.deleteMs, req.method, req.path);
    track(c, operation, "Deleting");
    c.deletion = { at: operation.doneAt, outcome: operation.outcome };
    const urls = ctx.operationUrls(operation, c.location);
    return json(202, undefined, { "azure-asyncoperation": urls.status, location: urls.result });
}
