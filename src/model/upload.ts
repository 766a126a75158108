import { z } from "zod";
import { count } from "./common";

/** How an asset's local content goes up to the workspace's default blob datastore. */
export const uploadSpec = z.strictObject({
    /** "entra": Microsoft Entra ID (DefaultAzureCredential). "accountKey": the key in AZURE_STORAGE_KEY, read at upload time and never stored. @default "entra" */
    auth: z.enum(["entra", "accountKey"]).default("entra"),
    /** Delete the uploaded blobs when the asset is destroyed. Other versions or assets with the same content use them too. @default false */
    deleteOnDestroy: z.boolean().default(false),
    /** Files uploaded at once. @default 4 */
    maxConcurrency: count(1, 32).default(4),
    /** Block size for large files, MiB. @default 8 */
    blockSizeMiB: count(1, 100).default(8),
});

export type UploadSpec = z.output<typeof uploadSpec>;

export const UPLOAD_DEFAULTS: UploadSpec = {
    auth: "entra",
    deleteOnDestroy: false,
    maxConcurrency: 4,
    blockSizeMiB: 8,
};
