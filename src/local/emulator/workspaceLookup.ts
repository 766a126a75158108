import { EmulatorContext } from "./context";
import { EmulatorResponse, armError } from "./httpTypes";
import { notFound, workspaceId } from "./resources";
import { WorkspaceRecord, keyOf } from "./state";

/**
 * The live (not soft-deleted) workspace a route names, or ARM's 404 for it: every child resource (computes,
 * assets, datastores) lives in one.
 */
export function liveWorkspace(
    ctx: EmulatorContext,
    p: { sub: string; rg: string; ws: string },
): { workspace: WorkspaceRecord } | { response: EmulatorResponse } {
    const workspace = ctx.state.workspaces.get(keyOf(workspaceId(p.sub, p.rg, p.ws)));
    if (workspace === undefined || workspace.softDeleted) {
        const nf = notFound("workspaces", p.ws, p.rg);
        return { response: armError(404, nf.code, nf.message) };
    }
    return { workspace };
}
