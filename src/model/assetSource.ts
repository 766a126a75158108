import * as fs from "fs";
import * as pathModule from "path";
import { z } from "zod";
import type { ConfigProblem } from "./problems";

/** Where an asset's content lives. */
export type AssetSourceKind = "local" | "https" | "datastore";

/** Classifies an asset path the way az ml does: a datastore URI, an https URL, or a local file or folder. */
export function assetSourceKind(path: string): AssetSourceKind {
    if (path.startsWith("azureml://")) {
        return "datastore";
    }
    if (/^https:\/\//i.test(path)) {
        return "https";
    }
    return "local";
}

/** An asset's content: a local path, an https blob URL, or azureml://datastores/<ds>/paths/<p>. */
export const assetSource = z
    .string()
    .min(1, { error: "an asset path cannot be empty" })
    .superRefine((path, ctx) => {
        if (/^http:\/\//i.test(path)) {
            ctx.addIssue({ code: "custom", input: path, message: "plain http is not accepted; use an https URL" });
        } else if (path.startsWith("azureml://")) {
            if (!/^azureml:\/\/datastores\/[^/]+\/paths\/.+/.test(path)) {
                ctx.addIssue({
                    code: "custom",
                    input: path,
                    message: "datastore URIs read azureml://datastores/<datastore>/paths/<path>",
                });
            }
        } else if (/^azureml:[^/]/.test(path)) {
            ctx.addIssue({
                code: "custom",
                input: path,
                message:
                    "a registered asset (azureml:<name>:<version>) is referenced from the deployment, not declared as a path",
            });
        } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !/^https:\/\//i.test(path)) {
            ctx.addIssue({
                code: "custom",
                input: path,
                message: "asset paths are local paths, https URLs or azureml://datastores/... URIs",
            });
        }
    });

/** What a local path has to name. */
export type LocalPathKind = "file" | "folder" | "file or folder";

/** A local path a configuration names: its key path (e.g. `build.path`), the value given, what it has to name. */
export interface LocalPath {
    readonly key: string;
    readonly value: string;
    readonly kind: LocalPathKind;
}

/** The directory relative paths resolve against, and how messages name it. */
export interface PathBase {
    readonly directory: string;
    readonly described: string;
}

/** Components run inside the Pulumi program, so their relative paths resolve against its working directory. */
export function programDirectory(): PathBase {
    return { directory: process.cwd(), described: "the program's directory" };
}

/** `pulumi up` runs the platform program in the project directory, so stack files name paths relative to it. */
export function projectDirectory(directory: string): PathBase {
    return { directory, described: "the project directory" };
}

const sourcePath = (key: string, value: string | undefined, kind: LocalPathKind): LocalPath[] =>
    value !== undefined && assetSourceKind(value) === "local" ? [{ key, value, kind }] : [];

/**
 * The local paths an asset's settings name (a model's or code's `path`, an environment's `condaFile` and
 * `build.path`), keyed relative to the asset. Cloud sources are not checked here: they may not exist yet, and
 * reading them needs credentials. A conda file is read while the program runs, so it is always local; a build
 * context is a folder because the Dockerfile is found inside it.
 */
export function assetLocalPaths(asset: { path?: string; condaFile?: string; build?: { path: string } }): LocalPath[] {
    return [
        ...sourcePath("path", asset.path, "file or folder"),
        ...(asset.condaFile !== undefined ? [{ key: "condaFile", value: asset.condaFile, kind: "file" as const }] : []),
        ...sourcePath("build.path", asset.build?.path, "folder"),
    ];
}

/** What is wrong with a local path and how to fix it, or undefined when it names what it should. */
function pathFault(resolved: string, kind: LocalPathKind): string | undefined {
    const stats = fs.statSync(resolved, { throwIfNoEntry: false });
    if (stats === undefined) {
        return "no such file or directory";
    }
    if (kind === "file" && stats.isDirectory()) {
        return "expected a file, found a folder; name the file itself";
    }
    if (kind === "folder" && !stats.isDirectory()) {
        return "expected a folder, found a file; name the folder that holds it";
    }
    return undefined;
}

/**
 * The one wording of every local path problem, whoever checks (a component, the preflight of a stack, the CLI):
 * what is wrong, where relative paths start, and the value given. `root` prefixes each key path.
 */
export function pathProblems(paths: readonly LocalPath[], base: PathBase, root = ""): ConfigProblem[] {
    return paths.flatMap(({ key, value, kind }) => {
        const fault = pathFault(pathModule.resolve(base.directory, value), kind);
        return fault === undefined
            ? []
            : [
                  {
                      path: `${root}${key}`,
                      message: `${fault} (paths are relative to ${base.described}), got "${value}"`,
                  },
              ];
    });
}
