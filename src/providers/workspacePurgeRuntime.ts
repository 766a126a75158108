import { ArmClient, ML_API_VERSION, armTarget } from "../azure";

/** Permanently deletes a workspace (no soft-delete), so its name can be re-used at once. Absent is success. */
export async function purgeWorkspace(
    workspaceId: string,
    options: { pollIntervalMs?: number } = {},
): Promise<"deleted" | "absent"> {
    const client = new ArmClient(armTarget());
    return client.deleteAndWait(workspaceId, {
        apiVersion: ML_API_VERSION,
        query: { forceToPurge: "true" },
        pollIntervalMs: options.pollIntervalMs,
    });
}
