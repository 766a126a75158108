import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import { OnlineParams, deploymentView, endpointView, requireWorkspace } from "./onlineRoutes";
import {
    endpointBusy,
    endpointForWrite,
    endpointIdOf,
    endpointNotFound,
    findEndpoint,
    isBusy,
    newEndpointRecord,
    notFound,
    track,
    upsertDeployment,
} from "./resources";
import { DeploymentRecord, EndpointRecord, keyOf } from "./state";

function deploymentNamed(ctx: EmulatorContext, e: EndpointRecord, name: string): DeploymentRecord | undefined {
    return ctx.state.deploymentsOf(e.id).find((d) => d.name.toLowerCase() === name.toLowerCase());
}

function checkDefaults(
    ctx: EmulatorContext,
    e: EndpointRecord | undefined,
    p: OnlineParams,
    defaults: unknown,
): EmulatorResponse | string | undefined {
    const name = (defaults as { deploymentName?: unknown } | undefined)?.deploymentName;
    if (name === undefined || name === null || name === "") {
        return undefined;
    }
    if (typeof name !== "string" || e === undefined || deploymentNamed(ctx, e, name) === undefined) {
        return armError(
            400,
            "UserError",
            `Default deployment '${String(name)}' does not exist under batch endpoint '${p.endpoint}'.`,
        );
    }
    return name;
}

export function getBatchEndpoint(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "batch");
    return e === undefined ? endpointNotFound(p, "batch") : json(200, endpointView(ctx, e));
}

export function putBatchEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const missing = requireWorkspace(ctx, p);
    if (missing) {
        return missing;
    }
    const input = bodyOf(req);
    const props = (input.properties ?? {}) as Record<string, any>;
    if (props.authMode !== "AADToken") {
        return armError(
            400,
            "UserError",
            `Batch endpoints support only authMode AADToken; got ${JSON.stringify(props.authMode)}.`,
        );
    }
    const existing = findEndpoint(ctx, p, "batch");
    if (existing !== undefined && endpointBusy(ctx, existing)) {
        return ctx.conflict(`Batch endpoint '${p.endpoint}'`);
    }
    const defaults = checkDefaults(ctx, existing, p, props.defaults);
    if (typeof defaults === "object") {
        return defaults;
    }
    const id = endpointIdOf(p, "batch");
    const operation = ctx.startOperation(
        id,
        existing ? "update" : "create",
        ctx.options.endpointProvisioningMs,
        req.method,
        req.path,
    );
    const { provisioningState: _s, scoringUri: _u, defaults: _d, ...storedProps } = props;
    const record: EndpointRecord = existing ?? newEndpointRecord(ctx, p, "batch", input.location);
    record.body = { ...input, properties: storedProps };
    // As with online traffic, a PUT carries the whole endpoint: no defaults in it means no default deployment.
    record.defaultDeployment = defaults;
    record.etag++;
    track(record, operation, existing ? "Updating" : "Creating");
    ctx.state.endpoints.set(keyOf(id), record);
    return ctx.putAccepted(operation, record.location, endpointView(ctx, record), existing !== undefined);
}

export function getBatchDeployment(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const d = ctx.state.deployments.get(keyOf(`${endpointIdOf(p, "batch")}/deployments/${p.deployment}`));
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
    return ctx.putAccepted(operation, record.location, deploymentView(ctx, record), existing);
}

export function deleteBatchDeployment(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "batch");
    const d = e === undefined ? undefined : deploymentNamed(ctx, e, p.deployment!);
    if (e === undefined || d === undefined) {
        return json(204, undefined);
    }
    if (e.defaultDeployment?.toLowerCase() === d.name.toLowerCase()) {
        return armError(
            400,
            "UserError",
            `Deployment '${d.name}' is the default deployment of batch endpoint '${e.name}'; set another default before deleting it.`,
        );
    }
    if (endpointBusy(ctx, e) || isBusy(ctx, d)) {
        return ctx.conflict(`Batch endpoint '${p.endpoint}'`);
    }
    const operation = ctx.startOperation(d.id, "delete", ctx.options.deleteMs, req.method, req.path);
    track(d, operation, "Deleting");
    return ctx.accepted(operation, d.location);
}
