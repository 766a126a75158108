import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CodeSpec, EnvironmentSpec, ModelSpec, codeSpec, environmentSpec, modelSpec } from "../model";
import type { ResolvedContent } from "./assetContent";

/** The validated settings of each kind, defaults filled in. */
export interface AssetSpecs {
    readonly model: ModelSpec;
    readonly code: CodeSpec;
    readonly environment: EnvironmentSpec;
}

export type AssetKindName = keyof AssetSpecs;

export type AssetSpecOf<K extends AssetKindName> = AssetSpecs[K];

/** The schema of each kind's settings; the kind's other particulars are keyed by the same names. */
export const ASSET_SCHEMAS: { readonly [K in AssetKindName]: z.ZodType<AssetSpecs[K]> } = {
    model: modelSpec,
    code: codeSpec,
    environment: environmentSpec,
};

/** The inputs every ARM asset version takes besides its properties. */
export interface VersionInputs {
    readonly name: string;
    readonly version: pulumi.Output<string>;
    readonly workspaceName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
}

/** A kind's version resource, and the version its settings and content imply when none is given. */
export interface VersionRecipe {
    readonly derivedVersion: pulumi.Output<string>;
    declare(name: string, inputs: VersionInputs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
}

/**
 * What sets one kind of asset apart; everything else is the shared recipe (`createAsset`). `Content` is what
 * `content` resolves: always there for models and code, only with a build context for environments.
 */
export interface AssetKind<K extends AssetKindName, Content extends ResolvedContent | undefined> {
    readonly name: K;
    /** The content the version points at; `resolve` hashes and uploads a local source, or takes a URI as it is. */
    content(spec: AssetSpecOf<K>, resolve: (source: string) => ResolvedContent): Content;
    /** Kinds differ in their ARM version properties and in what besides content shapes a derived version. */
    version(spec: AssetSpecOf<K>, content: Content): VersionRecipe;
}

/** `Model`, `Code`, `Environment`: as errors name a component of the kind. */
export function assetLabel(kind: AssetKindName): string {
    return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** The component's type token; it is part of every child's URN, so its form never changes. */
export function assetType(kind: AssetKindName): string {
    return `azureml:assets:${assetLabel(kind)}`;
}
