import { z } from "zod";
import { assetName, assetVersion, tags } from "./common";
import { assetSource } from "./assetSource";
import { UPLOAD_DEFAULTS, uploadSpec } from "./upload";

/** A code asset: the folder that holds a scoring script and what it imports. */
export const codeSpec = z.strictObject({
    /** Asset name. @default the config key */
    name: assetName.optional(),
    /** Version; asset versions are immutable. @default derived from the content hash */
    version: assetVersion.optional(),
    /** Local folder, https URL, or azureml://datastores/<ds>/paths/<p>. */
    path: assetSource,
    /** Shown in the studio. @default none */
    description: z.string().max(1024).optional(),
    /** Tags on the version. @default none */
    tags: tags.optional(),
    /** How local content is uploaded. @default Entra ID, 4 files at once, 8 MiB blocks, blobs kept on destroy */
    upload: uploadSpec.default(UPLOAD_DEFAULTS),
    /** Create and own the asset's container. False when another component owns it, e.g. a second version of the same model. @default true */
    manageContainer: z.boolean().default(true),
    /** Keep the registered container and versions on destroy: deployments may still use them, and versions are immutable history. @default true */
    retainOnDestroy: z.boolean().default(true),
});

export type CodeSpec = z.output<typeof codeSpec>;
