import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";
import { ArmEndpoint, READ_ONLY, writableTopLevel } from "./endpointBody";
import { ConcurrentChange, WriteOptions, putFollowed, retryOwnedWrite, retryRead } from "./ownedWrite";

/**
 * The tag that says which defaults owner wrote a batch endpoint's default deployment last. A delete releases the
 * default only on an endpoint it still owns: when a renamed or replaced owner has taken over, the old one's delete
 * leaves the new one's default in place.
 */
export const DEFAULTS_OWNER_TAG = "azureml-pulumi-defaults-owner";

/** What the defaults owner writes on a batch endpoint. */
export interface BatchEndpointSettings {
    /** The default deployment; null leaves the endpoint without one. */
    readonly defaultDeployment: string | null;
    /** The endpoint's description; null removes it; undefined leaves it as it is. */
    readonly description?: string | null;
    /** The endpoint's tags (the owner's mark aside); undefined leaves them as they are. */
    readonly tags?: Record<string, string>;
    /** The owner's token to write in DEFAULTS_OWNER_TAG; null removes the tag. */
    readonly owner: string | null;
}

/** A batch endpoint's default deployment and who wrote it, as read. */
export interface LiveDefaults {
    /** Absent when the endpoint has no default deployment. */
    readonly defaultDeployment?: string;
    readonly owner?: string;
}

/** The parts of a batch endpoint's ARM body this code reads; the rest goes back unchanged. */
type ArmBatchEndpoint = ArmEndpoint & { properties?: { defaults?: { deploymentName?: string | null } | null } };

/** Deployment names compare as Azure ML compares them: without regard to case. */
export function sameDeployment(a: string | null | undefined, b: string | null | undefined): boolean {
    return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}

const liveDefaults = (endpoint: ArmBatchEndpoint): LiveDefaults => {
    const name = endpoint.properties?.defaults?.deploymentName;
    const owner = endpoint.tags?.[DEFAULTS_OWNER_TAG];
    return {
        ...(typeof name === "string" && name !== "" ? { defaultDeployment: name } : {}),
        ...(owner ? { owner } : {}),
    };
};

/** Thrown when the read-back shows another default than the one just written: another writer got in between. */
export class ConcurrentDefaultsChange extends ConcurrentChange {
    constructor(
        readonly endpointId: string,
        readonly wrote: string | null,
        readonly found: string | undefined,
    ) {
        super(
            `another writer changed the default deployment of ${endpointId} while this update wrote it: wrote ${JSON.stringify(wrote)}, read back ${JSON.stringify(found ?? null)}`,
        );
    }
}

/** Reads a batch endpoint's default deployment once; undefined when the endpoint does not exist. */
export async function readBatchEndpointDefaults(
    client: ArmClient,
    endpointId: string,
): Promise<LiveDefaults | undefined> {
    const response = await client.send("GET", endpointId, { apiVersion: ML_API_VERSION });
    if (response.status === 404) {
        return undefined;
    }
    if (response.status >= 400) {
        throw ArmError.fromResponse(response.status, response.body, "GET", client.url(endpointId), response.headers);
    }
    return liveDefaults(response.body as ArmBatchEndpoint);
}

/** As readBatchEndpointDefaults, riding out busy and transient answers until `timeoutMs` of the client's clock. */
export async function readBatchEndpointDefaultsPatiently(
    client: ArmClient,
    endpointId: string,
    timeoutMs: number,
): Promise<LiveDefaults | undefined> {
    return retryRead(
        client,
        () => readBatchEndpointDefaults(client, endpointId),
        `read the default deployment of ${endpointId}`,
        timeoutMs,
    );
}

/**
 * Sets a batch endpoint's default deployment (and the description and tags the owner keeps) by read-modify-write
 * of the whole endpoint, since ARM takes a default only in a PUT and a PUT without it leaves no default: read it,
 * PUT everything back with the settings changed (with If-Match when the endpoint sends an ETag), wait for the
 * operation, and read back to confirm. Retried until `timeoutMs` of the client's clock: a busy endpoint (409), a
 * stale ETag (412), what Azure documents as transient (408, 429, 5xx, no response), waiting at least the Retry-After
 * Azure asks for; a 404 only within `notFoundGraceMs`. A read-back with another default means a concurrent writer:
 * the write is re-read and re-applied up to MAX_CONCURRENT_CHANGES times, each time reported, then it fails.
 */
export async function writeBatchEndpointDefaults(
    client: ArmClient,
    endpointId: string,
    settings: BatchEndpointSettings,
    options: WriteOptions,
): Promise<LiveDefaults> {
    return retryOwnedWrite(
        client,
        {
            attempt: () => writeOnce(client, endpointId, settings),
            what: `set the default deployment of ${endpointId}`,
            owns: "the endpoint's default deployment",
            again: "re-reading the endpoint and writing the declared default again",
            notFound: `Check the endpoint id ${endpointId}: it names no batch endpoint (or the default deployment ${JSON.stringify(settings.defaultDeployment)} does not exist under it)`,
        },
        options,
    );
}

/** One read-modify-write round: read, PUT the whole endpoint with the settings changed, read back. */
async function writeOnce(
    client: ArmClient,
    endpointId: string,
    settings: BatchEndpointSettings,
): Promise<LiveDefaults> {
    const current = await client.request("GET", endpointId, { apiVersion: ML_API_VERSION });
    const endpoint = current.body as ArmBatchEndpoint;
    const { description: liveDescription, ...properties } = Object.fromEntries(
        Object.entries(endpoint.properties ?? {}).filter(([key]) => !READ_ONLY.includes(key)),
    );
    const description = settings.description === undefined ? liveDescription : settings.description;
    const body = {
        ...writableTopLevel(endpoint),
        tags: markedTags(settings.tags ?? endpoint.tags ?? {}, settings.owner),
        properties: {
            ...properties,
            ...(description !== undefined && description !== null ? { description } : {}),
            // Explicitly none when there is to be no default: a PUT that leaves `defaults` out may keep the old one.
            defaults: { deploymentName: settings.defaultDeployment },
        },
    };
    const etag = current.headers.etag;
    await putFollowed(client, endpointId, body, etag, async () => {
        const now = await readBatchEndpointDefaults(client, endpointId);
        return now !== undefined && sameDeployment(now.defaultDeployment, settings.defaultDeployment);
    });
    const after = await readBatchEndpointDefaults(client, endpointId);
    if (after === undefined || !sameDeployment(after.defaultDeployment, settings.defaultDeployment)) {
        throw new ConcurrentDefaultsChange(endpointId, settings.defaultDeployment, after?.defaultDeployment);
    }
    return after;
}

function markedTags(tags: Record<string, string>, owner: string | null): Record<string, string> {
    const { [DEFAULTS_OWNER_TAG]: _previous, ...rest } = tags;
    return owner === null ? rest : { ...rest, [DEFAULTS_OWNER_TAG]: owner };
}
