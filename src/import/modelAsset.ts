import { MODEL_TYPES } from "../model";
import { readAssetHeader, readAssetTrailer } from "./assetFields";
import type { MapContext, MappedAsset } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { projectPath } from "./localPaths";

const MODEL_TYPE_CHOICES = Object.fromEntries(MODEL_TYPES.map((t) => [t, t])) as Record<
    string,
    (typeof MODEL_TYPES)[number]
>;

/** A model (model.schema.json), from its own file or inline in a deployment: name, version, type, path, ... */
export function mapModel(fields: Fields, ctx: MapContext, inline = false): MappedAsset | undefined {
    const draft = new Draft();
    const header = readAssetHeader(fields, draft, inline);
    draft.put(["type"], fields.choice("type", MODEL_TYPE_CHOICES), fields.origin("type"));
    if (!fields.has("path")) {
        fields.report("invalid", undefined, "a model needs its content; set path to a local file or folder, or a URI");
    }
    const path = projectPath(fields, "path", "file or folder", ctx.projectDir);
    draft.put(["path"], path, fields.origin("path"));
    readAssetTrailer(fields, draft);
    draft.put(["properties"], fields.textMap("properties"), fields.origin("properties"));
    fields.leftOut(
        "flavors",
        "Azure ML reads an MLflow model's flavors from its MLmodel file, and the platform registers none by hand; remove flavors (keep type: mlflow_model)",
    );
    fields.leftOut("stage", "the platform registers no model stage; track it in tags (tags: { stage: ... }) instead");
    fields.readOnly("job_name", "utc_time_created");
    fields.finish();
    if (header === undefined || path === undefined) {
        return undefined;
    }
    return {
        type: "asset",
        family: "models",
        name: header.name,
        version: header.version,
        draft,
        origin: fields.origin(fields.has("name") ? "name" : undefined),
    };
}
