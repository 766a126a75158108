/** A config section read before (or without) its schema accepted it: anything may be missing. */
export type UncheckedSection = Record<string, unknown>;

const record = (value: unknown): UncheckedSection =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as UncheckedSection) : {};
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Which cluster builds environment images. A registry behind a private endpoint cannot build them itself
 * (how-to-managed-network, "Configure image builds"), so a private workspace names a cluster for it.
 */

/** The key of the cluster that builds images for a private workspace: the one named, or the only one declared. */
export function imageBuildComputeKey(
    workspace: { publicNetworkAccess?: unknown; imageBuildCompute?: string },
    computes: Record<string, unknown>,
): string | undefined {
    if (workspace.imageBuildCompute !== undefined || workspace.publicNetworkAccess !== "Disabled") {
        return workspace.imageBuildCompute;
    }
    const clusters = Object.keys(computes).filter((key) => record(computes[key]).type === "amlCompute");
    return clusters.length === 1 ? clusters[0] : undefined;
}

export function imageBuildIssues(
    workspace: UncheckedSection,
    computes: UncheckedSection,
    environments: UncheckedSection,
    add: (path: (string | number)[], input: unknown, message: string) => void,
): void {
    const named = text(workspace.imageBuildCompute);
    if (named !== undefined) {
        if (text(record(computes[named]).type) !== "amlCompute") {
            add(
                ["workspace", "imageBuildCompute"],
                named,
                "must be the key of a compute with type 'amlCompute' under computes",
            );
        }
        return;
    }
    const builds = Object.values(environments).some(
        (env) => record(env).condaFile !== undefined || record(env).build !== undefined,
    );
    const clusters = Object.keys(computes).filter((key) => record(computes[key]).type === "amlCompute");
    // With a single cluster there is nothing to choose: it builds the images (see imageBuildComputeKey).
    if (workspace.publicNetworkAccess !== "Disabled" || !builds || clusters.length === 1) {
        return;
    }
    add(
        ["workspace", "imageBuildCompute"],
        undefined,
        `a registry without public network access cannot build environment images; set imageBuildCompute to the key of an amlCompute cluster (declared: ${clusters.length > 0 ? clusters.join(", ") : "none; declare one under computes"})`,
    );
}
