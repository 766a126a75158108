import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { z } from "zod";
import { ModelSpec, SpecValidationError, modelSpec, parseOrThrow } from "../model";
import { assetContainer } from "./assetContainer";
import { AssetLocation, localSourceProblems, resolveContent } from "./assetContent";

/** Arguments of a {@link Model}: the settings of `modelSpec` (all documented there) and where to register it. */
export type ModelArgs = z.input<typeof modelSpec> & AssetLocation;

/**
 * A model asset: a container and an immutable version. Local content is hashed into the version and uploaded to
 * the workspace's default datastore; identical content gives the same version and no diff. MLflow and Triton
 * models (type mlflow_model / triton_model) deploy without a scoring script or environment.
 */
export class Model extends pulumi.ComponentResource {
    /** The asset's name in the workspace. */
    readonly assetName: string;
    readonly version: pulumi.Output<string>;
    /** ARM id of the model version: what deployments reference. */
    readonly id: pulumi.Output<string>;
    /** Where the content is (blob URL or the given URI). */
    readonly uri: pulumi.Output<string>;
    /** azureml:<name>:<version> */
    readonly reference: pulumi.Output<string>;
    readonly spec: ModelSpec;

    constructor(name: string, args: ModelArgs, opts?: pulumi.ComponentResourceOptions) {
        const { workspaceName, resourceGroupName, datastore, ...rest } = args;
        const spec = parseOrThrow(modelSpec, { ...rest, name: rest.name ?? name }, `Model "${name}"`);
        const missing = localSourceProblems("path", spec.path);
        if (missing.length > 0) {
            throw new SpecValidationError(`Model "${name}"`, missing);
        }
        super("azureml:assets:Model", name, {}, opts);
        this.spec = spec;
        this.assetName = spec.name!;

        const versionOptions = assetContainer(
            "model",
            name,
            this,
            this.assetName,
            spec,
            { workspaceName, resourceGroupName },
            opts,
        );
        const content = resolveContent(
            name,
            this,
            spec.path,
            spec.upload,
            { workspaceName, resourceGroupName, datastore },
            `Model "${name}"`,
        );
        this.version = spec.version !== undefined ? pulumi.output(spec.version) : content.derivedVersion;
        const version = new machinelearningservices.ModelVersion(
            `${name}-version`,
            {
                name: this.assetName,
                version: this.version,
                workspaceName,
                resourceGroupName,
                properties: {
                    modelType: spec.type,
                    modelUri: content.uri,
                    description: spec.description,
                    tags: spec.tags,
                    properties: spec.properties,
                },
            },
            versionOptions,
        );
        this.id = version.id;
        this.uri = content.uri;
        this.reference = pulumi.interpolate`azureml:${this.assetName}:${this.version}`;
        this.registerOutputs({
            assetName: this.assetName,
            version: this.version,
            id: this.id,
            uri: this.uri,
            reference: this.reference,
        });
    }
}
