import { isLoopbackHost } from "./loopback";
import { BLOB_ENDPOINT_OVERRIDE, BLOB_KEY_OVERRIDE } from "./target";

/** A local storage emulator account that takes every blob request in place of the datastore's account. */
export interface BlobOverride {
    /** `http://127.0.0.1:<port>/<account>`, without a trailing slash. */
    readonly accountUrl: string;
    readonly account: string;
    /** The account's shared key. */
    readonly key: string;
}

const SHAPE = "http://127.0.0.1:<port>/<account>";

/**
 * The blob override of this environment, or undefined when BLOB_ENDPOINT_OVERRIDE is not set. Set but empty, not a
 * loopback URL, not naming exactly one account, or without its key: refused, so a variable meant for an emulator
 * never quietly means real Azure storage.
 */
export function blobOverride(env: NodeJS.ProcessEnv = process.env): BlobOverride | undefined {
    const raw = env[BLOB_ENDPOINT_OVERRIDE];
    if (raw === undefined) {
        return undefined;
    }
    if (raw.trim() === "") {
        throw new Error(
            `${BLOB_ENDPOINT_OVERRIDE} is set but empty; unset it to upload to Azure storage, or set it to the emulator's ${SHAPE}`,
        );
    }
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new Error(
            `${BLOB_ENDPOINT_OVERRIDE}="${raw}" is not a URL; set it to the emulator's ${SHAPE} or unset it`,
        );
    }
    if (!isLoopbackHost(url.hostname) || (url.protocol !== "http:" && url.protocol !== "https:")) {
        throw new Error(
            `${BLOB_ENDPOINT_OVERRIDE}="${raw}" must be a loopback URL (${SHAPE}); it exists only to reach a local storage emulator such as Azurite: unset it to upload to Azure storage`,
        );
    }
    const segments = url.pathname.split("/").filter(Boolean);
    if (segments.length !== 1 || url.search !== "" || url.hash !== "" || url.username !== "") {
        throw new Error(
            `${BLOB_ENDPOINT_OVERRIDE}="${raw}" must name the emulator's account and nothing else: ${SHAPE}`,
        );
    }
    const key = env[BLOB_KEY_OVERRIDE];
    if (key === undefined || key.trim() === "") {
        throw new Error(
            `${BLOB_ENDPOINT_OVERRIDE} is set but ${BLOB_KEY_OVERRIDE} is ${key === undefined ? "not" : "empty"}; set it to the emulator account's key, or unset ${BLOB_ENDPOINT_OVERRIDE}`,
        );
    }
    return { accountUrl: `${url.origin}/${segments[0]}`, account: segments[0], key };
}
