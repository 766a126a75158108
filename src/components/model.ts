import type * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { ModelSpecInput } from "../model";
import { AssetComponent } from "./assetComponent";
import type { AssetLocation, ResolvedContent } from "./assetContent";
import { pathAssetKind } from "./pathAssetKind";

/** Arguments of a {@link Model}: the settings of `modelSpec` (each documented there) and where to register it. */
export type ModelArgs = ModelSpecInput & AssetLocation;

const MODEL = pathAssetKind("model", (name, inputs, spec, modelUri, opts) => {
    const { type: modelType, description, tags, properties } = spec;
    return new machinelearningservices.ModelVersion(
        name,
        { ...inputs, properties: { modelType, modelUri, description, tags, properties } },
        opts,
    );
});

/**
 * A model asset: a container and an immutable version. Local content is hashed into the version and uploaded to
 * the workspace's default datastore; identical content gives the same version and no diff. MLflow and Triton
 * models (type mlflow_model / triton_model) deploy without a scoring script or environment.
 */
export class Model extends AssetComponent<"model", ResolvedContent> {
    constructor(name: string, args: ModelArgs, opts?: pulumi.ComponentResourceOptions) {
        super(MODEL, name, args, opts);
    }
}
