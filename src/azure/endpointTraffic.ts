import { backoff, retryUntil } from "../async";
import { fullTrafficMap, normalizeTraffic, sameTraffic, TrafficMap } from "../rules/trafficMap";
import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";
import { ArmEndpoint, READ_ONLY, writableTopLevel } from "./endpointBody";

/**
 * The tag that says which traffic owner wrote an endpoint's traffic last. A delete takes traffic off only an
 * endpoint it still owns: when a renamed or replaced owner has taken over, the old one's delete leaves the live map
 * alone instead of taking the endpoint to 0 %.
 */
export const TRAFFIC_OWNER_TAG = "azureml-pulumi-traffic-owner";

/** What the traffic owner writes on an online endpoint: the traffic maps and the endpoint's mutable settings. */
export interface EndpointSettings {
    readonly traffic: TrafficMap;
    readonly mirrorTraffic: TrafficMap;
    readonly description?: string;
    readonly publicNetworkAccess?: string;
    readonly tags?: Record<string, string>;
    /** The owner's token to write in TRAFFIC_OWNER_TAG; null removes the tag; undefined leaves it as it is. */
    readonly owner?: string | null;
}

/** The maps an endpoint serves, as read back. */
export interface AppliedTraffic {
    traffic: Record<string, number>;
    mirrorTraffic: Record<string, number>;
}

/** An endpoint's live traffic and who wrote it, or undefined when the endpoint does not exist. */
export interface LiveTraffic extends AppliedTraffic {
    readonly owner?: string;
}

export interface WriteOptions {
    /** How long to keep trying, in the client clock's milliseconds. */
    readonly timeoutMs: number;
    /**
     * How long a 404 (endpoint or deployment not visible) is taken for ARM's eventual consistency right after a
     * create and retried; after that, a 404 fails at once naming the id. @default 0
     */
    readonly notFoundGraceMs?: number;
    /** Where a concurrent writer is reported. @default console.warn */
    readonly report?: (message: string) => void;
}

/** How many times a write is re-applied after another writer changed the traffic under it, before giving up. */
export const MAX_CONCURRENT_CHANGES = 2;

/** Thrown when the read-back shows traffic other than what was just written: another writer got in between. */
export class ConcurrentTrafficChange extends Error {
    constructor(
        readonly endpointId: string,
        readonly wrote: AppliedTraffic,
        readonly found: AppliedTraffic,
    ) {
        super(
            `another writer changed the traffic of ${endpointId} while this update wrote it: wrote ${JSON.stringify(wrote.traffic)} ` +
                `(mirror ${JSON.stringify(wrote.mirrorTraffic)}), read back ${JSON.stringify(found.traffic)} (mirror ${JSON.stringify(found.mirrorTraffic)})`,
        );
    }
}

const applied = (endpoint: ArmEndpoint): AppliedTraffic => ({
    traffic: normalizeTraffic(endpoint.properties?.traffic),
    mirrorTraffic: normalizeTraffic(endpoint.properties?.mirrorTraffic),
});

/** Whether an answer is worth asking again: busy (409) or what Azure documents as transient. */
function passing(error: unknown): boolean {
    return error instanceof ArmError && (error.status === 409 || error.transient);
}

/**
 * Reads an endpoint's live traffic and its deployments' names, riding out busy and transient answers until
 * `timeoutMs` of the client's clock; live is undefined when the endpoint does not exist.
 */
export async function readEndpointState(
    client: ArmClient,
    endpointId: string,
    timeoutMs: number,
): Promise<{ live: LiveTraffic | undefined; deployments: string[] }> {
    return retryUntil(
        async () => {
            const live = await readEndpointTraffic(client, endpointId);
            if (live === undefined) {
                return { live, deployments: [] };
            }
            const listed = await client.request("GET", `${endpointId}/deployments`, { apiVersion: ML_API_VERSION });
            return { live, deployments: (listed.body as { value: { name: string }[] }).value.map((d) => d.name) };
        },
        {
            timeoutMs,
            clock: client.target.clock,
            delayMs: (attempt, error) =>
                Math.max(
                    backoff(2 * client.target.pollIntervalMs, 60_000)(attempt),
                    error instanceof ArmError ? (error.retryAfterMs ?? 0) : 0,
                ),
            retryable: passing,
            what: `read the traffic of ${endpointId}`,
        },
    );
}

/** Reads an endpoint's live traffic once; undefined when it does not exist. */
export async function readEndpointTraffic(client: ArmClient, endpointId: string): Promise<LiveTraffic | undefined> {
    const response = await client.send("GET", endpointId, { apiVersion: ML_API_VERSION });
    if (response.status === 404) {
        return undefined;
    }
    if (response.status >= 400) {
        throw ArmError.fromResponse(response.status, response.body, "GET", client.url(endpointId), response.headers);
    }
    const endpoint = response.body as ArmEndpoint;
    return { ...applied(endpoint), owner: endpoint.tags?.[TRAFFIC_OWNER_TAG] };
}

/**
 * Writes an online endpoint's traffic by read-modify-write of the whole endpoint: read it, build the full map over
 * the deployments that exist, PUT everything back (with If-Match when the endpoint sends an ETag; the 2025-12-01
 * API declares none), wait for the operation, and read back to confirm. Retried until `timeoutMs` of the client's
 * clock: a busy endpoint (409), a stale ETag (412), and what Azure documents as transient (408, 429, 5xx, no
 * response), waiting at least the Retry-After Azure asks for. A 404 is retried only within `notFoundGraceMs`. A
 * read-back that differs from the write means another writer got in between (without an ETag nothing else can
 * tell): the write is re-read and re-applied up to MAX_CONCURRENT_CHANGES times, each time reported, then it fails
 * naming both maps.
 */
export async function writeEndpointTraffic(
    client: ArmClient,
    endpointId: string,
    settings: EndpointSettings,
    options: WriteOptions,
): Promise<AppliedTraffic> {
    const clock = client.target.clock;
    const wait = client.target.pollIntervalMs;
    const graceEnds = clock.now() + (options.notFoundGraceMs ?? 0);
    const report = options.report ?? ((message: string) => console.warn(message));
    let concurrentChanges = 0;
    const retryable = (error: unknown) =>
        error instanceof ConcurrentTrafficChange ||
        (error instanceof ArmError &&
            (error.status === 409 ||
                error.status === 412 ||
                error.transient ||
                (error.status === 404 && clock.now() < graceEnds)));
    const firstWait = backoff(2 * wait, Math.min(16 * wait, 60_000));
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
                if (error instanceof ArmError && error.status === 404 && !retryable(error)) {
                    throw new Error(
                        `${error.message}. Check the endpoint id ${endpointId}: it names no online endpoint (or a deployment in the traffic map does not exist)`,
                    );
                }
                throw error;
            }
        },
        {
            timeoutMs: options.timeoutMs,
            clock,
            delayMs: (attempt, error) =>
                Math.max(firstWait(attempt), error instanceof ArmError ? (error.retryAfterMs ?? 0) : 0),
            retryable,
            what: `set traffic on ${endpointId}`,
        },
    );
}

/** One read-modify-write round: read, PUT the whole endpoint with the full maps, read back. */
async function writeOnce(client: ArmClient, endpointId: string, settings: EndpointSettings): Promise<AppliedTraffic> {
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
            client.url(`${endpointId}/deployments`),
        );
    }
    const properties = Object.fromEntries(
        Object.entries(endpoint.properties ?? {}).filter(([key]) => !READ_ONLY.includes(key)),
    );
    const body = {
        ...writableTopLevel(endpoint),
        tags: ownerTags(settings.tags ?? endpoint.tags ?? {}, settings.owner),
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
    const wrote = { traffic: normalizeTraffic(live.map), mirrorTraffic: normalizeTraffic(mirror.map) };
    try {
        await client.runLongOperation("PUT", endpointId, {
            apiVersion: ML_API_VERSION,
            body,
            headers: etag !== undefined ? { "if-match": etag } : undefined,
        });
    } catch (error) {
        // The PUT may have been applied even though its operation could not be followed to the end (a poll that
        // kept failing): what the endpoint serves now decides, not the poll.
        const now = await readEndpointTraffic(client, endpointId).catch(() => undefined);
        if (
            now === undefined ||
            !sameTraffic(now.traffic, wrote.traffic) ||
            !sameTraffic(now.mirrorTraffic, wrote.mirrorTraffic)
        ) {
            throw error;
        }
    }
    const after = (await client.request("GET", endpointId, { apiVersion: ML_API_VERSION })).body as ArmEndpoint;
    const found = applied(after);
    if (!sameTraffic(found.traffic, wrote.traffic) || !sameTraffic(found.mirrorTraffic, wrote.mirrorTraffic)) {
        throw new ConcurrentTrafficChange(endpointId, wrote, found);
    }
    return found;
}

function ownerTags(tags: Record<string, string>, owner: string | null | undefined): Record<string, string> {
    const { [TRAFFIC_OWNER_TAG]: previous, ...rest } = tags;
    if (owner === null) {
        return rest;
    }
    const mark = owner ?? previous;
    return mark !== undefined ? { ...rest, [TRAFFIC_OWNER_TAG]: mark } : rest;
}
