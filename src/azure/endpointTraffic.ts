import { fullTrafficMap, normalizeTraffic, sameTraffic, TrafficMap } from "../rules/trafficMap";
import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";
import { ArmEndpoint, READ_ONLY, writableTopLevel } from "./endpointBody";
import { ConcurrentChange, WriteOptions, putFollowed, retryOwnedWrite, retryRead } from "./ownedWrite";

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

/** Thrown when the read-back shows traffic other than what was just written: another writer got in between. */
export class ConcurrentTrafficChange extends ConcurrentChange {
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

/**
 * Reads an endpoint's live traffic and its deployments' names, riding out busy and transient answers until
 * `timeoutMs` of the client's clock; live is undefined when the endpoint does not exist.
 */
export async function readEndpointState(
    client: ArmClient,
    endpointId: string,
    timeoutMs: number,
): Promise<{ live: LiveTraffic | undefined; deployments: string[] }> {
    return retryRead(
        client,
        async () => {
            const live = await readEndpointTraffic(client, endpointId);
            if (live === undefined) {
                return { live, deployments: [] };
            }
            const listed = await client.request("GET", `${endpointId}/deployments`, { apiVersion: ML_API_VERSION });
            return { live, deployments: (listed.body as { value: { name: string }[] }).value.map((d) => d.name) };
        },
        `read the traffic of ${endpointId}`,
        timeoutMs,
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
    return retryOwnedWrite(
        client,
        {
            attempt: () => writeOnce(client, endpointId, settings),
            what: `set traffic on ${endpointId}`,
            owns: "the endpoint's traffic",
            again: "re-reading the endpoint and writing the declared traffic again",
            notFound: `Check the endpoint id ${endpointId}: it names no online endpoint (or a deployment in the traffic map does not exist)`,
        },
        options,
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
    await putFollowed(client, endpointId, body, etag, async () => {
        const now = await readEndpointTraffic(client, endpointId);
        return (
            now !== undefined &&
            sameTraffic(now.traffic, wrote.traffic) &&
            sameTraffic(now.mirrorTraffic, wrote.mirrorTraffic)
        );
    });
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
