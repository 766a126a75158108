import { z } from "zod";
import { assetName, assetVersion, properties, tags } from "./common";
import { assetSource } from "./assetSource";
import { UPLOAD_DEFAULTS, uploadSpec } from "./upload";

export const MODEL_TYPES = ["custom_model", "mlflow_model", "triton_model"] as const;

/** A model asset: a file or folder registered in the workspace under a name and an immutable version. */
export const modelSpec = z.strictObject({
    /** Asset name. @default the config key */
    name: assetName.optional(),
    /** Version; asset versions are immutable. @default derived from the content hash */
    version: assetVersion.optional(),
    /** mlflow_model and triton_model deploy without a scoring script or environment. @default "custom_model" */
    type: z.enum(MODEL_TYPES).default("custom_model"),
    /** Local file or folder, https URL, or azureml://datastores/<ds>/paths/<p>. */
    path: assetSource,
    /** Shown in the studio. @default none */
    description: z.string().max(1024).optional(),
    /** Tags on the version. @default none */
    tags: tags.optional(),
    /** Free-form properties on the version (searchable in the studio). @default none */
    properties: properties.optional(),
    /** How local content is uploaded. @default Entra ID, 4 files at once, 8 MiB blocks, blobs kept on destroy */
    upload: uploadSpec.default(UPLOAD_DEFAULTS),
    /** Create and own the asset's container. False when another component owns it, e.g. a second version of the same model. @default true */
    manageContainer: z.boolean().default(true),
    /** Keep the registered container and versions on destroy: deployments may still use them, and versions are immutable history. @default true */
    retainOnDestroy: z.boolean().default(true),
});

export type ModelSpec = z.output<typeof modelSpec>;
