import * as pulumi from "@pulumi/pulumi";
import type { ResolvedContent } from "./assetContent";
import { AssetKind, AssetKindName, AssetSpecOf, assetType } from "./assetKind";
import { AssetArgs, createAsset, validateAssetArgs } from "./assetRecipe";

/** `uri` is there whenever the kind's content is: always for models and code, with a build context for environments. */
export type ContentUri<Content> = Content extends ResolvedContent ? string : undefined;

/** What every asset component exposes, whatever its kind; `createAsset` produces exactly these. */
export type AssetOutputs<K extends AssetKindName, Content extends ResolvedContent | undefined> = Pick<
    AssetComponent<K, Content>,
    "assetName" | "version" | "id" | "uri" | "reference" | "spec"
>;

/**
 * The shell `Model`, `Code` and `Environment` share over `createAsset`: one place that validates before
 * registering and exposes the one set of outputs, so the kinds cannot drift apart.
 */
export abstract class AssetComponent<K extends AssetKindName, Content extends ResolvedContent | undefined>
    extends pulumi.ComponentResource
{
    /** The asset's name in the workspace. */
    readonly assetName: string;
    /** The registered version: the one given, else derived from the content (and, for an environment, its image). */
    readonly version: pulumi.Output<string>;
    /**
     * ARM id of the version: what deployments reference (a deployment's model, its codeConfiguration.codeId, its
     * environmentId).
     */
    readonly id: pulumi.Output<string>;
    /**
     * Where the content is: the datastore blob URL of uploaded local content, or the https / azureml:// URI given.
     * For an environment, its build context's; undefined for an environment built from an image.
     */
    readonly uri: pulumi.Output<ContentUri<Content>>;
    /** azureml:<name>:<version>, as az ml and deployment YAML name the asset. */
    readonly reference: pulumi.Output<string>;
    /** The validated settings, defaults filled in. */
    readonly spec: AssetSpecOf<K>;

    protected constructor(
        kind: AssetKind<K, Content>,
        name: string,
        args: AssetArgs,
        opts: pulumi.ComponentResourceOptions | undefined,
    ) {
        const spec = validateAssetArgs(kind.name, name, args);
        super(assetType(kind.name), name, {}, opts);
        const outputs = createAsset(kind, name, spec, args, this, opts);
        this.assetName = outputs.assetName;
        this.version = outputs.version;
        this.id = outputs.id;
        this.uri = outputs.uri;
        this.reference = outputs.reference;
        this.spec = outputs.spec;
        const { spec: _settings, ...registered } = outputs;
        this.registerOutputs(registered);
    }
}
