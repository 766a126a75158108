import { randomUUID } from "crypto";
import { EmulatorContext } from "./context";
import { ensureDefaultDatastore } from "./datastoreRoutes";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";
import { OnlineParams } from "./onlineRoutes";
import { identityView, notFound, workspaceId } from "./resources";
import { EmulatorState, WorkspaceRecord, keyOf } from "./state";

function view(w: WorkspaceRecord): Record<string, unknown> {
    return {
        id: w.id,
        name: w.name,
        type: "Microsoft.MachineLearningServices/workspaces",
        location: w.location,
        identity: identityView(w.body.identity, w.id),
        properties: {
            ...(w.body.properties ?? {}),
            ...(w.guid !== undefined ? { workspaceId: w.guid } : {}),
            provisioningState: "Succeeded",
        },
    };
}

export function getWorkspace(ctx: EmulatorContext, _req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const w = ctx.state.workspaces.get(keyOf(workspaceId(p.sub, p.rg, p.ws)));
    if (w === undefined || w.softDeleted) {
        const nf = notFound("workspaces", p.ws, p.rg);
        return armError(404, nf.code, nf.message);
    }
    return json(200, view(w));
}

export function putWorkspace(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const id = workspaceId(p.sub, p.rg, p.ws);
    const existing = ctx.state.workspaces.get(keyOf(id));
    if (existing?.softDeleted) {
        return armError(
            409,
            "Conflict",
            `Soft-deleted workspace '${p.ws}' exists. Purge it (DELETE with forceToPurge=true) or recover it before re-creating the name.`,
        );
    }
    const input = (req.body ?? {}) as Record<string, any>;
    const record: WorkspaceRecord = {
        id,
        name: p.ws,
        location: input.location ?? ctx.options.location,
        body: input,
        softDeleted: false,
        // Azure gives a workspace its id (a GUID) once, at creation.
        guid: existing?.guid ?? randomUUID(),
    };
    ctx.state.workspaces.set(keyOf(id), record);
    ensureDefaultDatastore(ctx, record);
    const operation = ctx.startOperation(id, existing ? "update" : "create", 0, req.method, req.path);
    return ctx.putAccepted(operation, record.location, view(record), existing !== undefined);
}

/** Soft-deletes a workspace, or removes it for good with forceToPurge=true. */
export function deleteWorkspace(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): EmulatorResponse {
    const id = workspaceId(p.sub, p.rg, p.ws);
    const existing = ctx.state.workspaces.get(keyOf(id));
    const purge = req.query.get("forceToPurge") === "true";
    if (existing === undefined || (existing.softDeleted && !purge)) {
        return json(204, undefined);
    }
    const operation = ctx.startOperation(id, "delete", ctx.options.deleteMs, req.method, req.path);
    if (purge) {
        // Purging removes the record at once; soft delete happens when the operation ends.
        ctx.state.workspaces.delete(keyOf(id));
        for (const e of [...ctx.state.endpoints.values()].filter((x) => keyOf(x.workspaceId) === keyOf(id))) {
            ctx.state.endpoints.delete(keyOf(e.id));
        }
        forgetChildren(ctx.state, id);
    }
    return ctx.accepted(operation, existing.location);
}

/** Drops a purged workspace's computes, datastores and assets: a workspace re-created with its name starts empty. */
function forgetChildren(state: EmulatorState, id: string): void {
    const maps = [state.computes, state.datastores, state.assetContainers, state.assetVersions] as const;
    for (const map of maps) {
        for (const [key, record] of [...map.entries()]) {
            if (keyOf(record.workspaceId) === keyOf(id)) {
                map.delete(key);
            }
        }
    }
}
