import { randomBytes } from "crypto";
import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import { DEFAULT_BEHAVIOUR, DeploymentRecord, EndpointRecord, OperationRecord, keyOf } from "./state";

type EndpointParams = { sub: string; rg: string; ws: string; endpoint?: string };

/** Shared views and lifecycle of emulated resources. */

export const ML_PROVIDER = "Microsoft.MachineLearningServices";

export function workspaceId(sub: string, rg: string, ws: string): string {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ML_PROVIDER}/workspaces/${ws}`;
}

export function provisioningState(
    ctx: EmulatorContext,
    record: { busyUntil: number; busyState: string; outcome: string },
): string {
    return ctx.now() < record.busyUntil ? record.busyState : record.outcome;
}

export function isBusy(ctx: EmulatorContext, record: { busyUntil: number }): boolean {
    return ctx.now() < record.busyUntil;
}

/** An endpoint is busy while it or any of its deployments has an operation in progress. */
export function endpointBusy(ctx: EmulatorContext, endpoint: EndpointRecord): boolean {
    return isBusy(ctx, endpoint) || ctx.state.deploymentsOf(endpoint.id).some((d) => isBusy(ctx, d));
}

export function deploymentSucceeded(ctx: EmulatorContext, deployment: DeploymentRecord): boolean {
    return provisioningState(ctx, deployment) === "Succeeded";
}

/** Applies the effects of operations that have ended (deletes remove resources). Called before every request. */
export function settleOperations(ctx: EmulatorContext): void {
    for (const operation of ctx.state.operations.values()) {
        if (operation.applied || ctx.now() < operation.doneAt) {
            continue;
        }
        operation.applied = true;
        if (operation.action === "delete" && operation.outcome === "Succeeded") {
            removeResource(ctx, operation);
        }
    }
}

function removeResource(ctx: EmulatorContext, operation: OperationRecord): void {
    const key = keyOf(operation.resourceId);
    const { state } = ctx;
    const endpoint = state.endpoints.get(key);
    if (endpoint !== undefined) {
        state.endpoints.delete(key);
        for (const d of state.deploymentsOf(endpoint.id)) {
            state.deployments.delete(keyOf(d.id));
        }
        return;
    }
    const deployment = state.deployments.get(key);
    if (deployment !== undefined) {
        state.deployments.delete(key);
        const parent = state.endpoints.get(keyOf(deployment.endpointId));
        if (parent !== undefined) {
            const drop = (map: Record<string, number>) => {
                for (const name of Object.keys(map)) {
                    if (name.toLowerCase() === deployment.name.toLowerCase()) {
                        delete map[name];
                    }
                }
            };
            drop(parent.traffic);
            drop(parent.mirrorTraffic);
        }
        return;
    }
    const workspace = state.workspaces.get(key);
    if (workspace !== undefined) {
        workspace.softDeleted = true;
    }
}

/** A system-assigned identity gets principal and tenant ids, as ARM returns them. */
export function identityView(identity: unknown, seed: string): unknown {
    if (typeof identity !== "object" || identity === null) {
        return {
            type: "SystemAssigned",
            principalId: fakeId(`${seed}/principal`),
            tenantId: "11111111-1111-1111-1111-111111111111",
        };
    }
    const value = identity as { type?: string; userAssignedIdentities?: unknown };
    const out: Record<string, unknown> = { ...value };
    if (typeof value.type === "string" && /SystemAssigned/i.test(value.type)) {
        out.principalId = fakeId(`${seed}/principal`);
        out.tenantId = "11111111-1111-1111-1111-111111111111";
    }
    return out;
}

export function fakeId(seed: string): string {
    let h = 2166136261;
    for (let i = 0; i < seed.length; i++) {
        h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
    }
    const hex = (h.toString(16).padStart(8, "0") + (h ^ 0x5bd1e995).toString(16).padStart(8, "0")).repeat(2);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function notFound(type: string, name: string, group: string): { code: string; message: string } {
    return {
        code: "ResourceNotFound",
        message: `The Resource '${ML_PROVIDER}/${type}/${name}' under resource group '${group}' was not found.`,
    };
}

/** Marks a record busy until its operation ends, with the state it shows meanwhile and the outcome it ends in. */
export function track(
    record: { busyUntil: number; busyState: string; outcome: string },
    operation: OperationRecord,
    busyState: "Creating" | "Updating" | "Scaling" | "Deleting",
): void {
    record.busyUntil = operation.doneAt;
    record.busyState = busyState;
    if (busyState !== "Deleting") {
        record.outcome = operation.outcome;
    }
}

/** A new endpoint record, before its first operation. */
export function newEndpointRecord(
    ctx: EmulatorContext,
    p: EndpointParams,
    kind: EndpointRecord["kind"],
    location: string | undefined,
): EndpointRecord {
    return {
        kind,
        id: endpointIdOf(p, kind),
        name: p.endpoint ?? "",
        workspaceId: workspaceId(p.sub, p.rg, p.ws),
        location: location ?? ctx.options.location,
        body: {},
        traffic: {},
        mirrorTraffic: {},
        etag: 0,
        keys: { primaryKey: randomBytes(24).toString("base64"), secondaryKey: randomBytes(24).toString("base64") },
        busyUntil: 0,
        busyState: "Creating",
        outcome: "Succeeded",
        routing: {},
        mirrorCounter: {},
    };
}

/**
 * Creates or replaces a deployment (online or batch) from a PUT body and starts its operation; the caller adds
 * what is particular to its kind.
 */
export function upsertDeployment(
    ctx: EmulatorContext,
    req: EmulatorRequest,
    endpoint: EndpointRecord,
    name: string,
    input: Record<string, any>,
): { record: DeploymentRecord; existing: boolean; operation: OperationRecord } {
    const id = `${endpoint.id}/deployments/${name}`;
    const existing = ctx.state.deployments.get(keyOf(id));
    const operation = ctx.startOperation(
        id,
        existing ? "update" : "create",
        ctx.options.deploymentProvisioningMs,
        req.method,
        req.path,
    );
    const { provisioningState: _s, ...storedProps } = (input.properties ?? {}) as Record<string, unknown>;
    const record: DeploymentRecord = existing ?? {
        id,
        name,
        endpointId: endpoint.id,
        location: input.location ?? endpoint.location,
        body: {},
        busyUntil: 0,
        busyState: "Creating",
        outcome: "Succeeded",
        behaviour: { ...DEFAULT_BEHAVIOUR },
        served: 0,
        failed: 0,
    };
    const body = { ...input, properties: storedProps };
    track(
        record,
        operation,
        existing === undefined ? "Creating" : onlyCapacityChanged(existing.body, body) ? "Scaling" : "Updating",
    );
    record.body = body;
    ctx.state.deployments.set(keyOf(id), record);
    return { record, existing: existing !== undefined, operation };
}

/** True when two deployment bodies differ in sku.capacity and nothing else: the update scales. */
function onlyCapacityChanged(before: Record<string, any>, after: Record<string, any>): boolean {
    const withoutCapacity = (body: Record<string, any>) =>
        JSON.stringify({ ...body, sku: { ...(body.sku ?? {}), capacity: undefined } });
    return before.sku?.capacity !== after.sku?.capacity && withoutCapacity(before) === withoutCapacity(after);
}

/** The endpoint a write targets, or the answer Azure gives when it cannot take one: 404 when absent, 409 when busy. */
export function endpointForWrite(
    ctx: EmulatorContext,
    p: EndpointParams,
    kind: EndpointRecord["kind"],
): { endpoint: EndpointRecord } | { response: EmulatorResponse } {
    const endpoint = findEndpoint(ctx, p, kind);
    if (endpoint === undefined) {
        return { response: endpointNotFound(p, kind) };
    }
    if (endpointBusy(ctx, endpoint)) {
        return { response: ctx.conflict(`${kind === "online" ? "Online" : "Batch"} endpoint '${p.endpoint}'`) };
    }
    return { endpoint };
}

/**
 * PATCH of an online or batch endpoint: the swagger's PartialMinimalTrackedResourceWithIdentity, tags and identity
 * only. Anything else (traffic, defaults) is ignored, as Azure ignores it; traffic and the default deployment move
 * with a PUT.
 */
export function patchEndpoint(
    ctx: EmulatorContext,
    req: EmulatorRequest,
    p: EndpointParams,
    kind: EndpointRecord["kind"],
): EmulatorResponse {
    const found = endpointForWrite(ctx, p, kind);
    if ("response" in found) {
        return found.response;
    }
    const e = found.endpoint;
    const input = bodyOf(req);
    if (input.tags !== undefined) {
        e.body.tags = input.tags;
    }
    if (input.identity !== undefined) {
        e.body.identity = input.identity;
    }
    const operation = ctx.startOperation(e.id, "update", ctx.options.endpointProvisioningMs, req.method, req.path);
    track(e, operation, "Updating");
    e.etag++;
    return ctx.accepted(operation, e.location);
}

/** DELETE of an online or batch endpoint: 204 when absent, 409 while busy, else 202 and the delete runs. */
export function deleteEndpoint(
    ctx: EmulatorContext,
    req: EmulatorRequest,
    p: EndpointParams,
    kind: EndpointRecord["kind"],
): EmulatorResponse {
    const e = findEndpoint(ctx, p, kind);
    if (e === undefined) {
        return json(204, undefined);
    }
    if (endpointBusy(ctx, e)) {
        return ctx.conflict(`${kind === "online" ? "Online" : "Batch"} endpoint '${p.endpoint}'`);
    }
    const operation = ctx.startOperation(e.id, "delete", ctx.options.deleteMs, req.method, req.path);
    track(e, operation, "Deleting");
    return ctx.accepted(operation, e.location);
}

/** The ARM id of an online or batch endpoint from route parameters. */
export function endpointIdOf(p: EndpointParams, kind: EndpointRecord["kind"]): string {
    return `${workspaceId(p.sub, p.rg, p.ws)}/${kind}Endpoints/${p.endpoint}`;
}

/** The endpoint the route names, when it exists and is of that kind. */
export function findEndpoint(
    ctx: EmulatorContext,
    p: EndpointParams,
    kind: EndpointRecord["kind"],
): EndpointRecord | undefined {
    const e = ctx.state.endpoints.get(keyOf(endpointIdOf(p, kind)));
    return e?.kind === kind ? e : undefined;
}

/** ARM's 404 for an endpoint the route names. */
export function endpointNotFound(p: EndpointParams, kind: EndpointRecord["kind"]): EmulatorResponse {
    const nf = notFound(`workspaces/${p.ws}/${kind}Endpoints`, p.endpoint ?? "", p.rg);
    return armError(404, nf.code, nf.message);
}
