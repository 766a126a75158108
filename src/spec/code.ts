import { z } from "zod";
import { assetName, assetVersion, tags } from "./common";
import { assetSource } from "./assetSource";

/** A code asset: the folder that holds a scoring script and what it imports. */
export const codeSpec = z.strictObject({
    /** @default the config key */
    name: assetName.optional(),
    /** @default derived from the content hash */
    version: assetVersion.optional(),
    /** Local folder, https URL, or azureml://datastores/<ds>/paths/<p>. */
    path: assetSource,
    description: z.string().max(1024).optional(),
    tags: tags.optional(),
});

export type CodeSpec = z.output<typeof codeSpec>;
