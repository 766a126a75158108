import { Draft, Fields, withArticle } from "./fieldReader";

/** Fields Azure ML sets on every asset version: reported as read-only. */
export const ASSET_READ_ONLY = ["id", "creation_context", "latest_version", "auto_delete_setting"] as const;

/**
 * The fields every asset file shares: `name` (required in an asset's own file, optional inline, where az ml
 * registers an anonymous asset), `version`, `description` and `tags`. The name becomes the config key (see
 * assembly.ts), so it is returned rather than put in the draft.
 */
export function readAssetHeader(
    fields: Fields,
    draft: Draft,
    inline: boolean,
): { name?: string; version?: string } | undefined {
    fields.consumed("$schema");
    const name = fields.text("name");
    if (name === undefined && !inline && !fields.has("name")) {
        fields.report("invalid", undefined, `${withArticle(fields.what)} file needs a name; set name:`);
        return undefined;
    }
    const version = fields.text("version", { numbers: true });
    draft.put(["version"], version, fields.origin("version"));
    return { name, version };
}

/** `description` and `tags`, after the kind's own fields so that the config reads in a familiar order. */
export function readAssetTrailer(fields: Fields, draft: Draft): void {
    draft.put(["description"], fields.text("description"), fields.origin("description"));
    draft.put(["tags"], fields.textMap("tags"), fields.origin("tags"));
    fields.leftOut(
        "datastore",
        "the platform uploads local content to the workspace's default blob datastore; remove datastore, or upload the content yourself and give path as azureml://datastores/<datastore>/paths/<path>",
    );
    fields.readOnly(...ASSET_READ_ONLY);
}
