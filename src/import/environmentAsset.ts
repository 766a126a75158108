import { readAssetHeader, readAssetTrailer } from "./assetFields";
import type { MapContext, MappedAsset } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { projectPath } from "./localPaths";

const OS_TYPES = { linux: "Linux", windows: "Windows" } as const;
const ROUTES = { liveness_route: "livenessRoute", readiness_route: "readinessRoute", scoring_route: "scoringRoute" };

/**
 * An environment (environment.schema.json), from its own file or inline in a deployment: an image, an image with
 * a conda file, a docker build context, and the routes of a custom inference server.
 */
export function mapEnvironment(fields: Fields, ctx: MapContext, inline = false): MappedAsset | undefined {
    const draft = new Draft();
    const header = readAssetHeader(fields, draft, inline);
    let ok = header !== undefined;
    draft.put(["image"], fields.text("image"), fields.origin("image"));
    const conda = fields.raw("conda_file");
    if (typeof conda === "object" && conda !== null && !Array.isArray(conda)) {
        fields.leftOut(
            "conda_file",
            "the platform reads a conda file from disk (its content is part of the version); move this specification to a file, e.g. conda.yaml, and give its path",
        );
    } else if (conda !== undefined) {
        const condaFile = projectPath(fields, "conda_file", "file", ctx.projectDir);
        ok &&= condaFile !== undefined;
        draft.put(["condaFile"], condaFile, fields.origin("conda_file"));
    }
    const build = fields.nested("build", "build context");
    if (build !== undefined) {
        if (!build.has("path")) {
            build.report("invalid", undefined, "a build context needs its folder; set build.path");
        }
        const context = projectPath(build, "path", "folder", ctx.projectDir);
        ok &&= context !== undefined;
        draft.put(["build", "path"], context, build.origin("path"));
        draft.put(["build", "dockerfilePath"], build.text("dockerfile_path"), build.origin("dockerfile_path"));
        build.finish();
    }
    const server = fields.nested("inference_config", "inference_config");
    if (server !== undefined) {
        for (const [from, to] of Object.entries(ROUTES)) {
            const route = server.nested(from, from);
            if (route === undefined) {
                if (!server.has(from)) {
                    server.report("invalid", undefined, `a custom inference server needs ${from}: { port, path }`);
                }
                continue;
            }
            draft.put(["inferenceConfig", to, "path"], route.text("path"), route.origin("path"));
            draft.put(["inferenceConfig", to, "port"], route.integer("port"), route.origin("port"));
            route.finish();
        }
        server.finish();
    }
    draft.put(["osType"], fields.choice("os_type", OS_TYPES), fields.origin("os_type"));
    readAssetTrailer(fields, draft);
    fields.finish();
    if (!ok) {
        return undefined;
    }
    return {
        type: "asset",
        family: "environments",
        name: header?.name,
        version: header?.version,
        draft,
        origin: fields.origin(fields.has("name") ? "name" : undefined),
    };
}
