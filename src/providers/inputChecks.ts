import { blobEndpointProblem } from "../azure/blobStore";
import { percentIssues, sameTraffic } from "../rules";
import type { AssetUploadProps } from "./assetUploadRuntime";
import type { EndpointTrafficProps } from "./trafficRuntime";
import { UNKNOWN_VALUE } from "./unknownValue";

/**
 * What the dynamic providers' check and diff decide, run inside the provider host on the library's own rules. A
 * value the engine still has unknown (during a preview, an input that another new resource produces) passes:
 * it is checked once it is known.
 */

export interface CheckFailure {
    readonly property: string;
    readonly reason: string;
}

const ONLINE_ENDPOINT_ID =
    /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/onlineEndpoints\/[^/]+$/i;
const WORKSPACE_ID = /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i;

const known = (value: unknown): value is string => typeof value === "string" && value !== UNKNOWN_VALUE;

/** A resource id input that does not have the expected shape. */
function idFailures(property: string, value: unknown, pattern: RegExp, expected: string): CheckFailure[] {
    return known(value) && !pattern.test(value) ? [{ property, reason: `expected ${expected}, got "${value}"` }] : [];
}

export function checkWorkspacePurge(news: { workspaceId?: unknown }): CheckFailure[] {
    return idFailures(
        "workspaceId",
        news.workspaceId,
        WORKSPACE_ID,
        "a Microsoft.MachineLearningServices/workspaces resource id",
    );
}

export function checkAssetUpload(news: Partial<Record<keyof AssetUploadProps, unknown>>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (known(news.digest) && !/^[0-9a-f]{64}$/.test(news.digest)) {
        failures.push({ property: "digest", reason: `expected a sha256 hex digest, got "${news.digest}"` });
    }
    const endpointProblem = known(news.accountUrl) ? blobEndpointProblem(news.accountUrl) : undefined;
    if (endpointProblem !== undefined) {
        failures.push({ property: "accountUrl", reason: `${endpointProblem}, got "${String(news.accountUrl)}"` });
    }
    if (news.auth !== "entra" && news.auth !== "accountKey" && news.auth !== UNKNOWN_VALUE) {
        failures.push({
            property: "auth",
            reason: `auth is "entra" or "accountKey", got ${JSON.stringify(news.auth)}`,
        });
    }
    return failures;
}

/** The properties and reasons an engine shows for inputs of the traffic owner that cannot work. */
export function checkEndpointTraffic(news: EndpointTrafficProps): CheckFailure[] {
    const failures = idFailures("endpointId", news.endpointId, ONLINE_ENDPOINT_ID, "an online endpoint resource id");
    const mapOf = (map: unknown) => (typeof map === "object" && map !== null ? (map as Record<string, unknown>) : {});
    // A preview leaves a percentage that comes from another resource unknown: it is checked when it is known.
    for (const issue of percentIssues(mapOf(news.traffic), mapOf(news.mirrorTraffic), (v) => v === UNKNOWN_VALUE)) {
        failures.push({
            property: issue.path.join("."),
            reason: `${issue.message}, got ${JSON.stringify(issue.input)}`,
        });
    }
    if (news.capacities !== undefined && (news.capacities as unknown) !== UNKNOWN_VALUE) {
        for (const [name, count] of Object.entries(mapOf(news.capacities))) {
            if (count !== UNKNOWN_VALUE && !(Number.isInteger(count) && (count as number) >= 1)) {
                failures.push({
                    property: `capacities.${name}`,
                    reason: `an instance count is a whole number of at least 1, got ${JSON.stringify(count)}`,
                });
            }
        }
    }
    return failures;
}

/** Instance counts compared as names compare in Azure (case-insensitively); absent and empty are the same. */
function sameCounts(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
    const normal = (counts: Record<string, number> | undefined) =>
        typeof counts === "object" || counts === undefined
            ? JSON.stringify(
                  Object.entries(counts ?? {})
                      .map(([name, count]) => [name.toLowerCase(), count])
                      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
              )
            : // A map the engine does not know yet (a preview's placeholder): it differs from any map.
              JSON.stringify(counts);
    return normal(a) === normal(b);
}

/**
 * Whether the traffic owner's inputs changed in a way that needs a write; maps compare as Azure ML compares them,
 * and resource ids as ARM does (case-insensitively): a case-only change of the id is the same endpoint, never a
 * replace (whose delete would take the endpoint's traffic away).
 */
export function diffEndpointTrafficInputs(
    olds: EndpointTrafficProps & { version?: string },
    news: EndpointTrafficProps & { version?: string },
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
    const sameId = (olds.endpointId ?? "").toLowerCase() === (news.endpointId ?? "").toLowerCase();
    const replaces = sameId ? [] : ["endpointId"];
    const changes =
        replaces.length > 0 ||
        !sameTraffic(olds.traffic, news.traffic) ||
        !sameTraffic(olds.mirrorTraffic, news.mirrorTraffic) ||
        olds.description !== news.description ||
        olds.publicNetworkAccess !== news.publicNetworkAccess ||
        JSON.stringify(olds.tags ?? null) !== JSON.stringify(news.tags ?? null) ||
        !sameCounts(olds.capacities, news.capacities) ||
        olds.version !== news.version;
    return { changes, replaces, deleteBeforeReplace: false };
}
