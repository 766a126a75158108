import { createHash } from "crypto";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { z } from "zod";
import { versionFromDigest } from "../assets/contentHash";
import { ConfigProblem, EnvironmentSpec, SpecValidationError, environmentSpec, parseOrThrow } from "../model";
import { assetContainer } from "./assetContainer";
import { AssetLocation, localSourceProblems, resolveContent } from "./assetContent";

/** Arguments of an {@link Environment}: the settings of `environmentSpec` and where to register it. */
export type EnvironmentArgs = z.input<typeof environmentSpec> & AssetLocation;

/**
 * An environment asset: the container a deployment runs in. From an image, an image plus a conda file (its
 * content is part of the version), or a docker build context (uploaded like any local asset, its content hash
 * part of the version). Inference routes make a custom container servable.
 */
export class Environment extends pulumi.ComponentResource {
    readonly assetName: string;
    readonly version: pulumi.Output<string>;
    /** ARM id of the environment version: a deployment's environmentId. */
    readonly id: pulumi.Output<string>;
    readonly reference: pulumi.Output<string>;
    readonly spec: EnvironmentSpec;

    constructor(name: string, args: EnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        const { workspaceName, resourceGroupName, datastore, ...rest } = args;
        const subject = `Environment "${name}"`;
        const spec = parseOrThrow(environmentSpec, { ...rest, name: rest.name ?? name }, subject);
        const problems: ConfigProblem[] = [
            ...(spec.build !== undefined ? localSourceProblems("build.path", spec.build.path) : []),
        ];
        let conda: string | undefined;
        if (spec.condaFile !== undefined) {
            if (fs.existsSync(spec.condaFile)) {
                conda = fs.readFileSync(spec.condaFile, "utf8");
            } else {
                problems.push({
                    path: "condaFile",
                    message: `no such file (paths are relative to the program's directory), got "${spec.condaFile}"`,
                });
            }
        }
        if (problems.length > 0) {
            throw new SpecValidationError(subject, problems);
        }
        super("azureml:assets:Environment", name, {}, opts);
        this.spec = spec;
        this.assetName = spec.name!;

        const versionOptions = assetContainer(
            "environment",
            name,
            this,
            this.assetName,
            spec,
            { workspaceName, resourceGroupName },
            opts,
        );
        const build =
            spec.build !== undefined
                ? resolveContent(
                      name,
                      this,
                      spec.build.path,
                      spec.upload,
                      { workspaceName, resourceGroupName, datastore },
                      subject,
                  )
                : undefined;
        const inferenceConfig = spec.inferenceConfig;
        // Everything that shapes the image is part of the version: image, conda content, build content, routes, OS.
        const derived = pulumi.all([build?.derivedVersion ?? "", build?.uri ?? ""]).apply(([buildVersion, buildUri]) =>
            versionFromDigest(
                createHash("sha256")
                    .update(
                        JSON.stringify({
                            image: spec.image,
                            conda,
                            build: buildVersion || undefined,
                            buildUri: buildVersion ? undefined : buildUri || undefined,
                            dockerfile: spec.build?.dockerfilePath,
                            inferenceConfig,
                            osType: spec.osType,
                        }),
                    )
                    .digest("hex"),
            ),
        );
        this.version = spec.version !== undefined ? pulumi.output(spec.version) : derived;
        const version = new machinelearningservices.EnvironmentVersion(
            `${name}-version`,
            {
                name: this.assetName,
                version: this.version,
                workspaceName,
                resourceGroupName,
                properties: {
                    image: spec.image,
                    condaFile: conda,
                    build:
                        build !== undefined
                            ? { contextUri: build.uri, dockerfilePath: spec.build!.dockerfilePath }
                            : undefined,
                    inferenceConfig,
                    osType: spec.osType,
                    description: spec.description,
                    tags: spec.tags,
                },
            },
            versionOptions,
        );
        this.id = version.id;
        this.reference = pulumi.interpolate`azureml:${this.assetName}:${this.version}`;
        this.registerOutputs({
            assetName: this.assetName,
            version: this.version,
            id: this.id,
            reference: this.reference,
        });
    }
}
