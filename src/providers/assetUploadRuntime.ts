import { retryUntil } from "../async";
import { processClock } from "../azure";

/** Inputs of an asset upload, as stored in state. */
export interface AssetUploadProps {
    source: string;
    digest: string;
    accountUrl: string;
    container: string;
    prefix: string;
    assetPath: string;
    manifestPath: string;
    auth: "entra" | "accountKey";
    deleteOnDestroy: boolean;
    maxConcurrency: number;
    blockSizeMiB: number;
}

/**
 * Uploads an asset's local content to the datastore, after checking it is still the content the plan was made
 * from. Returns what it did; a complete upload of the same content costs one read.
 */
export async function uploadAsset(props: AssetUploadProps): Promise<{
    uploadedFiles: number;
    uploadedBytes: number;
    skippedFiles: number;
    fileCount: number;
    totalBytes: number;
}> {
    const { hashContent } = await import("../assets/contentHash");
    const { containerClient, uploadContent } = await import("../azure/blobStore");
    const content = await hashContent(props.source);
    if (content.digest !== props.digest) {
        throw new Error(
            `${props.source} changed after the plan was made (planned content ${props.digest.slice(0, 16)}, now ${content.digest.slice(0, 16)}); run the update again`,
        );
    }
    const container = containerClient(props.accountUrl, props.container, props.auth);
    const upload = () =>
        uploadContent(container, content, props, {
            maxConcurrency: props.maxConcurrency,
            blockSizeBytes: props.blockSizeMiB * 1024 * 1024,
        });
    // A role granted in the same update takes minutes to reach the storage data plane: 403 is retried for a while.
    const result = await retryUntil(upload, {
        timeoutMs: 10 * 60_000,
        delayMs: () => 15_000,
        retryable: (error) => props.auth === "entra" && (error as { statusCode?: number }).statusCode === 403,
        clock: processClock(),
        what: `upload ${props.source} (the storage account keeps refusing the deployer: 403)`,
    });
    return {
        uploadedFiles: result.uploadedFiles,
        uploadedBytes: result.uploadedBytes,
        skippedFiles: result.skippedFiles,
        fileCount: content.files.length,
        totalBytes: content.totalBytes,
    };
}

/** Deletes an asset's uploaded content, when the resource asked for it; otherwise keeps it (older versions use it). */
export async function deleteAssetContent(props: AssetUploadProps): Promise<number> {
    if (props.deleteOnDestroy !== true) {
        return 0;
    }
    const { containerClient, deletePrefix } = await import("../azure/blobStore");
    return deletePrefix(containerClient(props.accountUrl, props.container, props.auth), `${props.assetPath}`).then(
        async (count) => {
            const container = containerClient(props.accountUrl, props.container, props.auth);
            await container.deleteBlob(props.manifestPath).catch(() => undefined);
            return count;
        },
    );
}
