import { fullTrafficMap, normalizeTraffic, sameTraffic, TrafficMap } from "../rules/trafficMap";
import { backoff, retryUntil } from "../async";
import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";

/** What the traffic owner writes on an online endpoint: the traffic maps and the endpoint's mutable settings. */
export interface EndpointSettings {
    readonly traffic: TrafficMap;
    readonly mirrorTraffic: TrafficMap;
    readonly description?: string;
    readonly publicNetworkAccess?: string;
    readonly tags?: Record<string, string>;
}

/** The parts of an online endpoint's ARM body this code reads; the rest goes back unchanged. */
interface ArmEndpoint {
    tags?: Record<string, string>;
    properties?: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number>; [key: string]: unknown };
    [key: string]: unknown;
}

const READ_ONLY = ["provisioningState", "scoringUri", "swaggerUri"];

/** What of an endpoint read from ARM goes back in a PUT: no ids, system data or identity principals (read-only). */
function writableTopLevel(endpoint: ArmEndpoint): Record<string, unknown> {
    const { id: _id, name: _name, type: _type, systemData: _systemData, identity, ...rest } = endpoint;
    const out: Record<string, unknown> = { ...rest };
    if (identity !== undefined && identity !== null && typeof identity === "object") {
        const { type, userAssignedIdentities } = identity as {
            type?: string;
            userAssignedIdentities?: Record<string, unknown> | string[];
        };
        out.identity = {
            type,
            ...(userAssignedIdentities !== undefined
                ? {
                      userAssignedIdentities: Object.fromEntries(
                          (Array.isArray(userAssignedIdentities)
                              ? userAssignedIdentities
                              : Object.keys(userAssignedIdentities)
                          ).map((k) => [k, {}]),
                      ),
                  }
                : {}),
        };
    }
    return out;
}

/** Errors worth another read-modify-write round: the endpoint is busy, changed under us, or not visible yet. */
function retryable(error: unknown): boolean {
    return (
        error instanceof ConcurrentTrafficChange ||
        (error instanceof ArmError &&
            (error.status === 409 ||
                error.status === 412 ||
                error.status === 404 ||
                error.code === "DeploymentNotReady"))
    );
}

/** How many times a write is re-applied after another writer changed the traffic under it, before giving up. */
export const MAX_CONCURRENT_CHANGES = 2;

/** Thrown when the read-back shows traffic other than what was just written: another writer got in between. */
export class ConcurrentTrafficChange extends Error {
    constructor(
        readonly endpointId: string,
        readonly wrote: { traffic: TrafficMap; mirrorTraffic: TrafficMap },
        readonly found: { traffic: TrafficMap; mirrorTraffic: TrafficMap },
    ) {
        super(
            `another writer changed the traffic of ${endpointId} while this update wrote it: wrote ${JSON.stringify(wrote.traffic)} ` +
                `(mirror ${JSON.stringify(wrote.mirrorTraffic)}), read back ${JSON.stringify(found.traffic)} (mirror ${JSON.stringify(found.mirrorTraffic)})`,
        );
    }
}

/**
 * Writes an online endpoint's traffic by read-modify-write of the whole endpoint: read it, build the full map over
 * the deployments that exist, PUT everything back (with If-Match when the endpoint sends an ETag; the 2025-12-01
 * API declares none), wait for the operation, and read back to confirm. A busy endpoint (409), a stale ETag (412)
 * or a deployment not yet visible is retried until `timeoutMs` of the target's clock. A read-back that differs
 * from the write means another writer got in between (without an ETag nothing else can tell): the write is
 * re-read and re-applied up to MAX_CONCURRENT_CHANGES times, each time reported, then it fails naming both maps.
 */
export async function writeEndpointTraffic(
    client: ArmClient,
    endpointId: string,
    settings: EndpointSettings,
    timeoutMs: number,
    report: (message: string) => void = (message) => console.warn(message),
): Promise<{ traffic: Record<string, number>; mirrorTraffic: Record<string, number> }> {
    const wait = client.target.pollIntervalMs;
    let concurrentChanges = 0;
    return retryUntil(
        async () => {
            try {
                return await writeOnce(client, endpointId, settings);
            } catch (error) {
                if (error instanceof ConcurrentTrafficChange) {
                    concurrentChanges++;
                    if (concurrentChanges > MAX_CONCURRENT_CHANGES) {
                        throw new Error(
                            `${error.message}; it happened ${concurrentChanges} times in a row, so this update stops rather than fight it. ` +
                                "This resource owns the endpoint's traffic: stop the other writer (az ml, the studio, another stack or pipeline) and run the update again",
                        );
                    }
                    report(`${error.message}; re-reading the endpoint and writing the declared traffic again`);
                }
                throw error;
            }
        },
        {
            timeoutMs,
            clock: client.target.clock,
            delayMs: backoff(2 * wait, Math.min(16 * wait, 60_000)),
            retryable,
            what: `set traffic on ${endpointId}`,
        },
    );
}

/** One read-modify-write round: read, PUT the whole endpoint with the full maps, read back. */
async function writeOnce(
    client: ArmClient,
    endpointId: string,
    settings: EndpointSettings,
): Promise<{ traffic: Record<string, number>; mirrorTraffic: Record<string, number> }> {
    const current = await client.request("GET", endpointId, { apiVersion: ML_API_VERSION });
    const endpoint = current.body as ArmEndpoint;
    const deployments = (
        (await client.request("GET", `${endpointId}/deployments`, { apiVersion: ML_API_VERSION })).body as {
            value: { name: string }[];
        }
    ).value.map((d) => d.name);
    const live = fullTrafficMap(deployments, settings.traffic);
    const mirror = fullTrafficMap(deployments, settings.mirrorTraffic);
    if (live.unknown.length > 0 || mirror.unknown.length > 0) {
        throw new ArmError(
            404,
            "DeploymentNotReady",
            `traffic names ${[...live.unknown, ...mirror.unknown].join(", ")}, which the endpoint does not list (yet)`,
            "GET",
            `${endpointId}/deployments`,
        );
    }
    const properties = Object.fromEntries(
        Object.entries(endpoint.properties ?? {}).filter(([key]) => !READ_ONLY.includes(key)),
    );
    const body = {
        ...writableTopLevel(endpoint),
        ...(settings.tags !== undefined ? { tags: settings.tags } : {}),
        properties: {
            ...properties,
            traffic: live.map,
            mirrorTraffic: normalizeTraffic(mirror.map),
            ...(settings.description !== undefined ? { description: settings.description } : {}),
            ...(settings.publicNetworkAccess !== undefined
                ? { publicNetworkAccess: settings.publicNetworkAccess }
                : {}),
        },
    };
    const etag = current.headers.etag;
    await client.runLongOperation("PUT", endpointId, {
        apiVersion: ML_API_VERSION,
        body,
        headers: etag !== undefined ? { "if-match": etag } : undefined,
    });
    const after = (await client.request("GET", endpointId, { apiVersion: ML_API_VERSION })).body as ArmEndpoint;
    if (
        !sameTraffic(after.properties?.traffic, live.map) ||
        !sameTraffic(after.properties?.mirrorTraffic, mirror.map)
    ) {
        throw new ConcurrentTrafficChange(
            endpointId,
            { traffic: normalizeTraffic(live.map), mirrorTraffic: normalizeTraffic(mirror.map) },
            {
                traffic: normalizeTraffic(after.properties?.traffic),
                mirrorTraffic: normalizeTraffic(after.properties?.mirrorTraffic),
            },
        );
    }
    return {
        traffic: normalizeTraffic(after.properties?.traffic),
        mirrorTraffic: normalizeTraffic(after.properties?.mirrorTraffic),
    };
}
