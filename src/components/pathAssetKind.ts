import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedContent } from "./assetContent";
import type { AssetKind, AssetSpecOf, VersionInputs } from "./assetKind";

/** A model or code version resource, pointing at its content by URI. */
export type PathVersion<K extends "model" | "code"> = (
    name: string,
    inputs: VersionInputs,
    spec: AssetSpecOf<K>,
    uri: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * Models and code differ only in their version properties: their content is their `path` (a file, a folder or a
 * URI), and their version derives from that content alone.
 */
export function pathAssetKind<K extends "model" | "code">(
    name: K,
    declareVersion: PathVersion<K>,
): AssetKind<K, ResolvedContent> {
    return {
        name,
        content: (spec, resolve) => resolve(spec.path),
        version: (spec, content) => ({
            derivedVersion: content.derivedVersion,
            declare: (versionName, inputs, opts) => declareVersion(versionName, inputs, spec, content.uri, opts),
        }),
    };
}
