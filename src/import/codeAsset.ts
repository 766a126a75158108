import { readAssetHeader, readAssetTrailer } from "./assetFields";
import type { MapContext, MappedAsset } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { projectPath } from "./localPaths";

/** A code asset (code.schema.json): the folder a scoring script lives in. */
export function mapCode(fields: Fields, ctx: MapContext): MappedAsset | undefined {
    const draft = new Draft();
    const header = readAssetHeader(fields, draft, false);
    if (!fields.has("path")) {
        fields.report("invalid", undefined, "a code asset needs its content; set path to a local folder or a URI");
    }
    const path = projectPath(fields, "path", "file or folder", ctx.projectDir);
    draft.put(["path"], path, fields.origin("path"));
    readAssetTrailer(fields, draft);
    fields.finish();
    if (header === undefined || path === undefined) {
        return undefined;
    }
    return {
        type: "asset",
        family: "codes",
        name: header.name,
        version: header.version,
        draft,
        origin: fields.origin("name"),
    };
}

/** The code of a deployment's code_configuration.code given as a local path: an anonymous code asset. */
export function inlineCode(fields: Fields, key: string, ctx: MapContext): MappedAsset | undefined {
    const path = projectPath(fields, key, "file or folder", ctx.projectDir);
    if (path === undefined) {
        return undefined;
    }
    const draft = new Draft();
    draft.put(["path"], path, fields.origin(key));
    return { type: "asset", family: "codes", draft, origin: fields.origin(key) };
}
