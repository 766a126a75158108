import type { ContainerClient } from "@azure/storage-blob";
import { blobName, ContentHash } from "../assets/contentHash";
import { mapBounded } from "../async";
import { blobOverride } from "./blobTarget";
import { isLoopbackHost } from "./loopback";

/** How uploads authenticate: Microsoft Entra ID (default), or an account key read from AZURE_STORAGE_KEY at call time. */
export type StorageAuth = "entra" | "accountKey";

export const STORAGE_KEY_VARIABLE = "AZURE_STORAGE_KEY";

/** Account name from a blob endpoint: https://<account>.blob.<suffix>, or http://127.0.0.1:<port>/<account> (Azurite). */
export function accountNameOf(accountUrl: string): string {
    const url = new URL(accountUrl);
    if (isLoopbackHost(url.hostname)) {
        const name = url.pathname.split("/").filter(Boolean)[0];
        if (name === undefined) {
            throw new Error(
                `${accountUrl}: a local storage emulator URL names the account in its path, e.g. http://127.0.0.1:10000/devstoreaccount1`,
            );
        }
        return name;
    }
    return url.hostname.split(".")[0];
}

/** Why a blob endpoint URL cannot be used, or undefined: https only, plain http only to a loopback emulator. */
export function blobEndpointProblem(accountUrl: string): string | undefined {
    let url: URL;
    try {
        url = new URL(accountUrl);
    } catch {
        return "not a URL; blob endpoints look like https://<account>.blob.core.windows.net";
    }
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))
        ? undefined
        : "blob endpoints must be https (plain http only to a local emulator)";
}

/** Clients made for the blob override: a fresh emulator account lacks the container Azure ML made for the datastore. */
const emulated = new WeakSet<ContainerClient>();

/** Creates the container first for the override's clients only; without the override this sends nothing. */
async function emulatedContainerReady(container: ContainerClient): Promise<void> {
    if (emulated.has(container)) {
        await container.createIfNotExists();
    }
}

/**
 * A container client with credentials read now. https only, except plain http to a loopback emulator. With the
 * blob override (BLOB_ENDPOINT_OVERRIDE in `env`), the same container in the emulator's account, signed with its key
 * whatever `auth` says.
 */
export function containerClient(
    accountUrl: string,
    container: string,
    auth: StorageAuth,
    env: NodeJS.ProcessEnv = process.env,
): ContainerClient {
    const problem = blobEndpointProblem(accountUrl);
    if (problem !== undefined) {
        throw new Error(`${accountUrl}: ${problem}`);
    }
    const override = blobOverride(env);
    const url = new URL(accountUrl);
    // Loaded lazily: only the provider host needs the storage SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const blob = require("@azure/storage-blob") as typeof import("@azure/storage-blob");
    if (override !== undefined) {
        const credential = new blob.StorageSharedKeyCredential(override.account, override.key);
        const client = new blob.BlobServiceClient(override.accountUrl, credential).getContainerClient(container);
        emulated.add(client);
        return client;
    }
    if (auth === "accountKey") {
        const key = env[STORAGE_KEY_VARIABLE];
        if (key === undefined || key === "") {
            throw new Error(
                `upload auth is accountKey but ${STORAGE_KEY_VARIABLE} is not set in the environment of the Pulumi run; set it, or use auth "entra"`,
            );
        }
        const credential = new blob.StorageSharedKeyCredential(accountNameOf(accountUrl), key);
        return new blob.BlobServiceClient(accountUrl, credential).getContainerClient(container);
    }
    if (url.protocol !== "https:") {
        throw new Error(
            `${accountUrl}: Microsoft Entra ID tokens are only sent over https; use auth "accountKey" for a local emulator`,
        );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
    return new blob.BlobServiceClient(accountUrl, new DefaultAzureCredential()).getContainerClient(container);
}

export interface UploadOptions {
    /** Files uploaded at once. */
    readonly maxConcurrency: number;
    /** Block size for large files, in bytes; each file's blocks go up `blockConcurrency` at a time. */
    readonly blockSizeBytes: number;
    readonly blockConcurrency?: number;
}

export interface UploadResult {
    readonly uploadedFiles: number;
    readonly uploadedBytes: number;
    readonly skippedFiles: number;
}

interface Manifest {
    digest: string;
    files: { path: string; size: number; sha256: string }[];
}

/**
 * Uploads hashed content under its asset path, resumably: a complete upload (manifest present, same digest) costs
 * one read; otherwise blobs already there with the same size and sha256 are kept, the rest are uploaded (large
 * files in blocks), and the manifest is written last.
 */
export async function uploadContent(
    container: ContainerClient,
    content: ContentHash,
    paths: { assetPath: string; manifestPath: string; prefix: string },
    options: UploadOptions,
): Promise<UploadResult> {
    await emulatedContainerReady(container);
    const manifestBlob = container.getBlockBlobClient(paths.manifestPath);
    if (await manifestBlob.exists()) {
        const manifest = JSON.parse((await manifestBlob.downloadToBuffer()).toString("utf8")) as Manifest;
        if (manifest.digest === content.digest) {
            return { uploadedFiles: 0, uploadedBytes: 0, skippedFiles: content.files.length };
        }
    }
    const existing = new Map<string, { size: number; sha256?: string }>();
    for await (const item of container.listBlobsFlat({ prefix: `${paths.assetPath}`, includeMetadata: true })) {
        existing.set(item.name, { size: item.properties.contentLength ?? -1, sha256: item.metadata?.sha256 });
    }
    let uploadedFiles = 0;
    let uploadedBytes = 0;
    await mapBounded(content.files, options.maxConcurrency, async (file) => {
        const name = blobName(paths.assetPath, content.kind, file);
        const present = existing.get(name);
        if (present !== undefined && present.size === file.size && present.sha256 === file.sha256) {
            return;
        }
        await container.getBlockBlobClient(name).uploadFile(file.absolutePath, {
            blockSize: options.blockSizeBytes,
            concurrency: options.blockConcurrency ?? 4,
            maxSingleShotSize: options.blockSizeBytes,
            metadata: { sha256: file.sha256 },
        });
        uploadedFiles++;
        uploadedBytes += file.size;
    });
    const manifest: Manifest = {
        digest: content.digest,
        files: content.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
    };
    const body = JSON.stringify(manifest);
    await manifestBlob.upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: "application/json" },
    });
    return { uploadedFiles, uploadedBytes, skippedFiles: content.files.length - uploadedFiles };
}

/** Deletes every blob under a prefix; returns how many went. */
export async function deletePrefix(container: ContainerClient, prefix: string): Promise<number> {
    await emulatedContainerReady(container);
    const names: string[] = [];
    for await (const item of container.listBlobsFlat({ prefix })) {
        names.push(item.name);
    }
    await mapBounded(names, 8, (name) =>
        container.deleteBlob(name, { deleteSnapshots: "include" }).then(() => undefined),
    );
    return names.length;
}
