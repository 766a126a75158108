import { z } from "zod";
import { count } from "./common";

/** What an upload does when nothing is said: Entra ID, blobs kept, 4 files at once, 8 MiB blocks. */
export const UPLOAD_DEFAULTS = {
    auth: "entra",
    deleteOnDestroy: false,
    maxConcurrency: 4,
    blockSizeMiB: 8,
} as const satisfies Record<string, unknown>;

/** How an asset's local content goes up to the workspace's default blob datastore. */
export const uploadSpec = z.strictObject({
    /** "entra": Microsoft Entra ID (DefaultAzureCredential). "accountKey": the key in AZURE_STORAGE_KEY, read at upload time and never stored. @default "entra" */
    auth: z.enum(["entra", "accountKey"]).default(UPLOAD_DEFAULTS.auth),
    /** Delete the uploaded blobs when the asset is destroyed. Other versions or assets with the same content use them too. @default false */
    deleteOnDestroy: z.boolean().default(UPLOAD_DEFAULTS.deleteOnDestroy),
    /** Files uploaded at once. @default 4 */
    maxConcurrency: count(1, 32).default(UPLOAD_DEFAULTS.maxConcurrency),
    /** Block size for large files, MiB. @default 8 */
    blockSizeMiB: count(1, 100).default(UPLOAD_DEFAULTS.blockSizeMiB),
});

export type UploadSpec = z.output<typeof uploadSpec>;
