import { ArmClient, armTarget } from "../azure";

/**
 * What dynamic providers run inside the provider host. Providers reach it by package name at call time
 * (see loadHostRuntime), so no client, credential or helper is ever serialized into state.
 */

/** ARM API version for Microsoft.MachineLearningServices calls (the one azure-native uses). */
export const ML_API_VERSION = "2025-12-01";

/** Permanently deletes a workspace (no soft-delete), so its name can be re-used at once. Absent is success. */
export async function purgeWorkspace(workspaceId: string, options: { pollIntervalMs?: number } = {}): Promise<"deleted" | "absent"> {
    const client = new ArmClient(armTarget());
    return client.deleteAndWait(workspaceId, { apiVersion: ML_API_VERSION, query: { forceToPurge: "true" }, pollIntervalMs: options.pollIntervalMs });
}
