import * as pulumi from "@pulumi/pulumi";
import { SpecValidationError, assetLocalPaths, parseOrThrow, pathProblems, programDirectory } from "../model";
import { assetContainer } from "./assetContainer";
import type { AssetOutputs, ContentUri } from "./assetComponent";
import { AssetLocation, ResolvedContent, resolveContent } from "./assetContent";
import { ASSET_SCHEMAS, AssetKind, AssetKindName, AssetSpecOf, assetLabel } from "./assetKind";

/** Arguments every asset component takes: its kind's settings and where to register it. */
export type AssetArgs = AssetLocation & { readonly name?: string };

/**
 * Validates an asset component's arguments: the kind's schema, then the local paths its settings name. Runs before
 * the component registers, so invalid input creates nothing, not even the component.
 */
export function validateAssetArgs<K extends AssetKindName>(kind: K, name: string, args: AssetArgs): AssetSpecOf<K> {
    const { workspaceName: _w, resourceGroupName: _g, datastore: _d, ...settings } = args;
    const subject = `${assetLabel(kind)} "${name}"`;
    const spec = parseOrThrow(ASSET_SCHEMAS[kind], { ...settings, name: settings.name ?? name }, subject);
    const problems = pathProblems(assetLocalPaths(spec), programDirectory());
    if (problems.length > 0) {
        throw new SpecValidationError(subject, problems);
    }
    return spec;
}

/**
 * The children of an asset component, the same for every kind: the container (or the options to wait for its
 * owner), the uploaded or referenced content, and the immutable version, named `<name>-container`,
 * `<name>-upload` and `<name>-version`. A version given explicitly wins over the derived one.
 */
export function createAsset<K extends AssetKindName, Content extends ResolvedContent | undefined>(
    kind: AssetKind<K, Content>,
    name: string,
    spec: AssetSpecOf<K>,
    args: AssetArgs,
    parent: pulumi.ComponentResource,
    opts: pulumi.ComponentResourceOptions | undefined,
): AssetOutputs<K, Content> {
    const { workspaceName, resourceGroupName, datastore } = args;
    const assetName = spec.name!;
    const versionOptions = assetContainer(
        kind.name,
        name,
        parent,
        assetName,
        spec,
        { workspaceName, resourceGroupName },
        opts,
    );
    const location = { workspaceName, resourceGroupName, datastore };
    const subject = `${assetLabel(kind.name)} "${name}"`;
    const content = kind.content(spec, (source) =>
        resolveContent(name, parent, source, spec.upload, location, subject),
    );
    const recipe = kind.version(spec, content);
    const version = spec.version !== undefined ? pulumi.output(spec.version) : recipe.derivedVersion;
    const resource = recipe.declare(
        `${name}-version`,
        { name: assetName, version, workspaceName, resourceGroupName },
        versionOptions,
    );
    return {
        assetName,
        version,
        id: resource.id,
        // Content is an Output whenever ContentUri says string, and absent whenever it says undefined.
        uri: pulumi.output(content?.uri) as pulumi.Output<ContentUri<Content>>,
        reference: pulumi.interpolate`azureml:${assetName}:${version}`,
        spec,
    };
}
