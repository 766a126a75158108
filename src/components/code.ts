import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { z } from "zod";
import { CodeSpec, SpecValidationError, codeSpec, parseOrThrow } from "../model";
import { assetContainer } from "./assetContainer";
import { AssetLocation, localSourceProblems, resolveContent } from "./assetContent";

/** Arguments of a {@link Code}: the settings of `codeSpec` and where to register it. */
export type CodeArgs = z.input<typeof codeSpec> & AssetLocation;

/** A code asset (the folder with a scoring script): a container and an immutable, content-derived version. */
export class Code extends pulumi.ComponentResource {
    readonly assetName: string;
    readonly version: pulumi.Output<string>;
    /** ARM id of the code version: a deployment's codeConfiguration.codeId. */
    readonly id: pulumi.Output<string>;
    readonly uri: pulumi.Output<string>;
    /** azureml:<name>:<version> */
    readonly reference: pulumi.Output<string>;
    readonly spec: CodeSpec;

    constructor(name: string, args: CodeArgs, opts?: pulumi.ComponentResourceOptions) {
        const { workspaceName, resourceGroupName, datastore, ...rest } = args;
        const spec = parseOrThrow(codeSpec, { ...rest, name: rest.name ?? name }, `Code "${name}"`);
        const missing = localSourceProblems("path", spec.path);
        if (missing.length > 0) {
            throw new SpecValidationError(`Code "${name}"`, missing);
        }
        super("azureml:assets:Code", name, {}, opts);
        this.spec = spec;
        this.assetName = spec.name!;

        const versionOptions = assetContainer(
            "code",
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
            `Code "${name}"`,
        );
        this.version = spec.version !== undefined ? pulumi.output(spec.version) : content.derivedVersion;
        const version = new machinelearningservices.CodeVersion(
            `${name}-version`,
            {
                name: this.assetName,
                version: this.version,
                workspaceName,
                resourceGroupName,
                properties: { codeUri: content.uri, description: spec.description, tags: spec.tags },
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
