import { createHash } from "crypto";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { versionFromDigest } from "../assets/contentHash";
import type { EnvironmentSpec, EnvironmentSpecInput } from "../model";
import { AssetComponent } from "./assetComponent";
import type { AssetLocation, ResolvedContent } from "./assetContent";
import type { AssetKind, VersionRecipe } from "./assetKind";

/**
 * Arguments of an {@link Environment}: the settings of `environmentSpec` (each documented there) and where to
 * register it.
 */
export type EnvironmentArgs = EnvironmentSpecInput & AssetLocation;

/** What an environment is built from: an uploaded or given build context, or nothing for an image. */
export type BuildContext = ResolvedContent | undefined;

function environmentVersion(spec: EnvironmentSpec, build: BuildContext): VersionRecipe {
    // Validation has checked the conda file is a file; its content, not its path, shapes the image.
    const conda = spec.condaFile !== undefined ? fs.readFileSync(spec.condaFile, "utf8") : undefined;
    const inferenceConfig = spec.inferenceConfig;
    // Everything that shapes the image is part of the version: image, conda content, build content, routes, OS.
    const derivedVersion = pulumi
        .all([build?.derivedVersion ?? "", build?.uri ?? ""])
        .apply(([buildVersion, buildUri]) =>
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
    return {
        derivedVersion,
        declare: (name, inputs, opts) =>
            new machinelearningservices.EnvironmentVersion(
                name,
                {
                    ...inputs,
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
                opts,
            ),
    };
}

const ENVIRONMENT: AssetKind<"environment", BuildContext> = {
    name: "environment",
    // Only a build context is content; an image is named, and a conda file goes into the version itself.
    content: (spec, resolve) => (spec.build !== undefined ? resolve(spec.build.path) : undefined),
    version: environmentVersion,
};

/**
 * An environment asset: the container a deployment runs in. From an image, an image plus a conda file (its
 * content is part of the version), or a docker build context (uploaded like any local asset, its content hash
 * part of the version). Inference routes make a custom container servable. `uri` is the build context's URI, and
 * undefined for an environment from an image.
 */
export class Environment extends AssetComponent<"environment", BuildContext> {
    constructor(name: string, args: EnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ENVIRONMENT, name, args, opts);
    }
}
