import { randomBytes } from "crypto";
import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import {
    deploymentSucceeded,
    endpointBusy,
    endpointForWrite,
    endpointIdOf,
    endpointNotFound,
    findEndpoint,
    identityView,
    isBusy,
    newEndpointRecord,
    notFound,
    provisioningState,
    track,
    upsertDeployment,
    workspaceId,
} from "./resources";
import { DeploymentRecord, EndpointRecord, keyOf } from "./state";
import { trafficViolation } from "./trafficRules";
import { durationSeconds } from "../../model/isoDuration";

export interface OnlineParams {
    sub: string;
    rg: string;
    ws: string;
    endpoint?: string;
    deployment?: string;
}

const AUTH_MODES = ["Key", "AMLToken", "AADToken"];

/** The swagger declares no ETag for online endpoints: only the opt-in strict mode sends one. */
function etagHeader(ctx: EmulatorContext, e: EndpointRecord): Record<string, string> {
    return ctx.options.etags === "strict" ? { etag: `"${e.etag}"` } : {};
}

function hiddenAfterCreate(ctx: EmulatorContext, id: string): boolean {
    const remaining = ctx.state.hiddenAfterCreate.get(keyOf(id));
    if (remaining === undefined || remaining <= 0) {
        return false;
    }
    ctx.state.hiddenAfterCreate.set(keyOf(id), remaining - 1);
    ctx.markFault("not-found-after-create");
    return true;
}

function hideIfFaulted(ctx: EmulatorContext, req: EmulatorRequest, id: string): void {
    const rule = ctx.faults.take(["not-found-after-create"], req.method, req.path);
    if (rule !== undefined) {
        ctx.state.hiddenAfterCreate.set(keyOf(id), rule.count ?? 1);
        rule.remaining = 0;
        ctx.markFault("not-found-after-create");
    }
}

export function requireWorkspace(ctx: EmulatorContext, p: OnlineParams): EmulatorResponse | undefined {
    const ws = ctx.state.workspaces.get(keyOf(workspaceId(p.sub, p.rg, p.ws)));
    if (ws === undefined || ws.softDeleted) {
        const nf = notFound("workspaces", p.ws, p.rg);
        return armError(404, nf.code, nf.message);
    }
    return undefined;
}

export function endpointView(ctx: EmulatorContext, e: EndpointRecord): Record<string, unknown> {
    const props = (e.body.properties ?? {}) as Record<string, unknown>;
    const base: Record<string, unknown> = {
        id: e.id,
        name: e.name,
        type: `Microsoft.MachineLearningServices/workspaces/${e.kind === "online" ? "onlineEndpoints" : "batchEndpoints"}`,
        location: e.location,
        tags: e.body.tags ?? {},
        kind: e.body.kind,
        identity: identityView(e.body.identity, e.id),
        properties: {
            ...props,
            provisioningState: provisioningState(ctx, e),
            scoringUri: scoringUriOf(ctx, e),
            ...(e.kind === "online"
                ? {
                      traffic: { ...e.traffic },
                      mirrorTraffic: { ...e.mirrorTraffic },
                      swaggerUri: `${ctx.baseUrl}/inference/online/${e.name}/swagger.json`,
                  }
                : { defaults: e.defaultDeployment !== undefined ? { deploymentName: e.defaultDeployment } : {} }),
        },
    };
    return base;
}

/** Data-plane address of an endpoint: /inference/<online|batch>/<sub>/<rg>/<ws>/<endpoint>/<score|jobs>. */
export function scoringUriOf(ctx: EmulatorContext, e: EndpointRecord): string {
    const [, sub, rg, ws] =
        /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/workspaces\/([^/]+)/i.exec(e.id) ?? [];
    return `${ctx.baseUrl}/inference/${e.kind}/${sub}/${rg}/${ws}/${e.name}/${e.kind === "online" ? "score" : "jobs"}`;
}

export function deploymentView(ctx: EmulatorContext, d: DeploymentRecord): Record<string, unknown> {
    return {
        id: d.id,
        name: d.name,
        type: `Microsoft.MachineLearningServices/workspaces/${/\/onlineEndpoints\//i.test(d.endpointId) ? "onlineEndpoints" : "batchEndpoints"}/deployments`,
        location: d.location,
        tags: d.body.tags ?? {},
        sku: d.body.sku,
        properties: { ...(d.body.properties ?? {}), provisioningState: provisioningState(ctx, d) },
    };
}

export function getOnlineEndpoint(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    if (e === undefined || hiddenAfterCreate(ctx, endpointIdOf(p, "online"))) {
        return endpointNotFound(p, "online");
    }
    return json(200, endpointView(ctx, e), etagHeader(ctx, e));
}

export function listOnlineEndpoints(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const missing = requireWorkspace(ctx, p);
    if (missing) {
        return missing;
    }
    const prefix = keyOf(`${workspaceId(p.sub, p.rg, p.ws)}/onlineEndpoints/`);
    const value = [...ctx.state.endpoints.values()]
        .filter((e) => e.kind === "online" && keyOf(e.id).startsWith(prefix))
        .map((e) => endpointView(ctx, e));
    return json(200, { value });
}

export function putOnlineEndpoint(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const missing = requireWorkspace(ctx, p);
    if (missing) {
        return missing;
    }
    const input = bodyOf(req);
    const props = (input.properties ?? {}) as Record<string, any>;
    if (!AUTH_MODES.includes(props.authMode)) {
        return armError(
            400,
            "UserError",
            `properties.authMode must be one of ${AUTH_MODES.join(", ")}; got ${JSON.stringify(props.authMode)}.`,
        );
    }
    const id = endpointIdOf(p, "online");
    const existing = findEndpoint(ctx, p, "online");
    if (existing !== undefined) {
        if (endpointBusy(ctx, existing)) {
            return ctx.conflict(`Online endpoint '${p.endpoint}'`);
        }
        const ifMatch = req.headers["if-match"];
        if (
            ctx.options.etags === "strict" &&
            ifMatch !== undefined &&
            ifMatch !== "*" &&
            ifMatch.replace(/"/g, "") !== String(existing.etag)
        ) {
            return armError(
                412,
                "PreconditionFailed",
                `The endpoint changed since it was read (etag ${existing.etag}, If-Match ${ifMatch}); read it again and retry.`,
            );
        }
    }
    const deployments = existing !== undefined ? ctx.state.deploymentsOf(existing.id) : [];
    // A PUT without traffic sets every deployment to 0 %: the whole map is the request's to give.
    const traffic = (props.traffic ?? {}) as Record<string, number>;
    const mirrorTraffic = (props.mirrorTraffic ?? {}) as Record<string, number>;
    const isKubernetes = typeof input.kind === "string" && /k8s|kubernetes/i.test(input.kind);
    if (isKubernetes && Object.values(mirrorTraffic).some((v) => v > 0)) {
        return armError(400, "UserError", "Mirroring isn't supported for Kubernetes online endpoints.");
    }
    const violation = trafficViolation(
        p.endpoint!,
        deployments,
        (d) => deploymentSucceeded(ctx, d),
        traffic,
        mirrorTraffic,
    );
    if (violation !== undefined) {
        return armError(400, "UserError", violation);
    }
    const {
        traffic: _t,
        mirrorTraffic: _m,
        provisioningState: _s,
        scoringUri: _u,
        swaggerUri: _w,
        ...storedProps
    } = props;
    const operation = ctx.startOperation(
        id,
        existing ? "update" : "create",
        ctx.options.endpointProvisioningMs,
        req.method,
        req.path,
    );
    const record: EndpointRecord = existing ?? newEndpointRecord(ctx, p, "online", input.location);
    record.body = { ...input, properties: storedProps };
    record.traffic = Object.fromEntries(
        deployments
            .map((d) => [d.name, 0])
            .concat(
                Object.entries(traffic).map(([n, v]) => [
                    deployments.find((d) => d.name.toLowerCase() === n.toLowerCase())?.name ?? n,
                    v,
                ]),
            ),
    );
    record.mirrorTraffic = Object.fromEntries(Object.entries(mirrorTraffic).filter(([, v]) => v > 0));
    record.etag++;
    track(record, operation, existing ? "Updating" : "Creating");
    record.routing = {};
    ctx.state.endpoints.set(keyOf(id), record);
    if (!existing) {
        hideIfFaulted(ctx, req, id);
    }
    const response = ctx.putAccepted(operation, record.location, endpointView(ctx, record), existing !== undefined);
    return { ...response, headers: { ...response.headers, ...etagHeader(ctx, record) } };
}

export function listKeys(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    if (e === undefined) {
        return endpointNotFound(p, "online");
    }
    if (e.body.properties?.authMode !== "Key") {
        return armError(
            400,
            "UserError",
            `Keys are available only for endpoints with authMode Key; '${p.endpoint}' uses ${String(e.body.properties?.authMode)}.`,
        );
    }
    return json(200, { ...e.keys });
}

export function getToken(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    if (e === undefined) {
        return endpointNotFound(p, "online");
    }
    if (e.body.properties?.authMode !== "AMLToken") {
        return armError(
            400,
            "UserError",
            `Tokens are issued only for endpoints with authMode AMLToken; '${p.endpoint}' uses ${String(e.body.properties?.authMode)}.`,
        );
    }
    const now = ctx.now();
    return json(200, {
        accessToken: `amltoken.${e.keys.primaryKey}`,
        tokenType: "Bearer",
        expiryTimeUtc: Math.floor(now / 1000) + 3600,
        refreshAfterTimeUtc: Math.floor(now / 1000) + 1800,
    });
}

export function regenerateKeys(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    if (e === undefined) {
        return endpointNotFound(p, "online");
    }
    const keyType = bodyOf(req).keyType;
    if (keyType !== "Primary" && keyType !== "Secondary") {
        return armError(400, "UserError", `keyType must be Primary or Secondary; got ${JSON.stringify(keyType)}.`);
    }
    e.keys[keyType === "Primary" ? "primaryKey" : "secondaryKey"] = randomBytes(24).toString("base64");
    const operation = ctx.startOperation(e.id, "regenerateKeys", 0, req.method, req.path);
    return ctx.accepted(operation, e.location);
}

// ---- deployments

/**
 * A deployment's instance count must be a whole number of at least 1. Not documented by Microsoft; its SKU listing
 * answers a capacity minimum of 1 (swagger OnlineDeployments_ListSkus example) and 0 is refused in the field
 * (Azure/mlops-v2#48). The refusal's wording is the emulator's.
 */
function capacityViolation(sku: unknown): string | undefined {
    const capacity = (sku as { capacity?: unknown } | undefined)?.capacity;
    return capacity === undefined || (Number.isInteger(capacity) && (capacity as number) >= 1)
        ? undefined
        : `sku.capacity is the deployment's instance count, a whole number of at least 1; got ${JSON.stringify(capacity)}.`;
}

function deploymentIdOf(p: OnlineParams): string {
    return `${endpointIdOf(p, "online")}/deployments/${p.deployment}`;
}

function deploymentNotFound(p: OnlineParams): EmulatorResponse {
    const nf = notFound(`workspaces/${p.ws}/onlineEndpoints/${p.endpoint}/deployments`, p.deployment ?? "", p.rg);
    return armError(404, nf.code, nf.message);
}

export function getOnlineDeployment(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const d = ctx.state.deployments.get(keyOf(deploymentIdOf(p)));
    if (d === undefined || hiddenAfterCreate(ctx, d.id)) {
        return deploymentNotFound(p);
    }
    return json(200, deploymentView(ctx, d));
}

export function listOnlineDeployments(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    if (e === undefined) {
        return endpointNotFound(p, "online");
    }
    return json(200, { value: ctx.state.deploymentsOf(e.id).map((d) => deploymentView(ctx, d)) });
}

export function putOnlineDeployment(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const found = endpointForWrite(ctx, p, "online");
    if ("response" in found) {
        return found.response;
    }
    const e = found.endpoint;
    const input = bodyOf(req);
    const props = (input.properties ?? {}) as Record<string, any>;
    if (props.endpointComputeType !== "Managed" && props.endpointComputeType !== "Kubernetes") {
        return armError(
            400,
            "UserError",
            `properties.endpointComputeType must be Managed or Kubernetes; got ${JSON.stringify(props.endpointComputeType)}.`,
        );
    }
    if (props.endpointComputeType === "Managed" && typeof props.instanceType !== "string") {
        return armError(400, "UserError", "properties.instanceType is required for managed online deployments.");
    }
    const badCapacity = capacityViolation(input.sku);
    if (badCapacity !== undefined) {
        return armError(400, "UserError", badCapacity);
    }
    const timeout =
        typeof props.requestSettings?.requestTimeout === "string"
            ? durationSeconds(props.requestSettings.requestTimeout)
            : undefined;
    if (timeout !== undefined && timeout > 180) {
        return armError(
            400,
            "UserError",
            `requestSettings.requestTimeout must be at most 180 seconds; got ${props.requestSettings.requestTimeout}.`,
        );
    }
    if (!ctx.state.deployments.has(keyOf(deploymentIdOf(p))) && ctx.state.deploymentsOf(e.id).length >= 20) {
        return armError(
            400,
            "UserError",
            `Endpoint '${p.endpoint}' already has 20 deployments, the most an endpoint can hold.`,
        );
    }
    const { record, existing, operation } = upsertDeployment(ctx, req, e, p.deployment!, input);
    if (!existing) {
        hideIfFaulted(ctx, req, record.id);
        if (!Object.keys(e.traffic).some((n) => n.toLowerCase() === record.name.toLowerCase())) {
            e.traffic[record.name] = 0;
        }
    }
    return ctx.putAccepted(operation, record.location, deploymentView(ctx, record), existing);
}

export function patchOnlineDeployment(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    const d = ctx.state.deployments.get(keyOf(deploymentIdOf(p)));
    if (e === undefined || d === undefined) {
        return deploymentNotFound(p);
    }
    if (endpointBusy(ctx, e)) {
        return ctx.conflict(`Online endpoint '${p.endpoint}'`);
    }
    const input = bodyOf(req);
    const badCapacity = capacityViolation(input.sku);
    if (badCapacity !== undefined) {
        return armError(400, "UserError", badCapacity);
    }
    if (input.tags !== undefined) {
        d.body.tags = input.tags;
    }
    const capacityBefore = d.body.sku?.capacity;
    if (input.sku !== undefined) {
        d.body.sku = { ...(d.body.sku ?? {}), ...input.sku };
    }
    const operation = ctx.startOperation(d.id, "update", ctx.options.deploymentProvisioningMs, req.method, req.path);
    // A capacity change shows as Scaling while it runs, as the swagger's DeploymentProvisioningState has it.
    const scalingOnly =
        input.sku?.capacity !== undefined && input.sku.capacity !== capacityBefore && input.tags === undefined;
    track(d, operation, scalingOnly ? "Scaling" : "Updating");
    return ctx.accepted(operation, d.location);
}

export function deleteOnlineDeployment(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const e = findEndpoint(ctx, p, "online");
    const d = ctx.state.deployments.get(keyOf(deploymentIdOf(p)));
    if (e === undefined || d === undefined) {
        return json(204, undefined);
    }
    const live = Object.entries(e.traffic).find(([n]) => n.toLowerCase() === d.name.toLowerCase())?.[1] ?? 0;
    const mirrored = Object.entries(e.mirrorTraffic).find(([n]) => n.toLowerCase() === d.name.toLowerCase())?.[1] ?? 0;
    if (live > 0 || mirrored > 0) {
        return armError(
            400,
            "UserError",
            `Deployment '${d.name}' has ${live > 0 ? `${live} % live` : `${mirrored} % mirrored`} traffic and cannot be deleted; set its traffic to 0 first.`,
        );
    }
    if (endpointBusy(ctx, e) || isBusy(ctx, d)) {
        return ctx.conflict(`Online endpoint '${p.endpoint}'`);
    }
    const operation = ctx.startOperation(d.id, "delete", ctx.options.deleteMs, req.method, req.path);
    track(d, operation, "Deleting");
    return ctx.accepted(operation, d.location);
}
