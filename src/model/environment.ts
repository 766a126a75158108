import { z } from "zod";
import { assetName, assetVersion, count, tags } from "./common";
import { UPLOAD_DEFAULTS, uploadSpec } from "./upload";
import { assetSource } from "./assetSource";

/** A container image reference: registry/repository[:tag][@sha256:digest]. */
export const containerImage = z
    .string()
    .regex(
        /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
        {
            error: "images read <registry>/<repository>[:tag][@sha256:<digest>], for example mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest",
        },
    );

/** A route of a custom inference server: a URL path and the port it is served on. */
const route = z.strictObject({
    /** URL path inside the container, starting with '/'. */
    path: z.string().regex(/^\//, { error: "routes start with '/'" }),
    /** Port the server listens on for this route. */
    port: count(1, 65535),
});

/** A docker build context: a folder with a Dockerfile. */
export const environmentBuild = z.strictObject({
    /** Local folder, https URL or azureml://datastores/... URI of the build context. */
    path: assetSource,
    /** Dockerfile path relative to the context. @default "Dockerfile" */
    dockerfilePath: z.string().min(1).default("Dockerfile"),
});

/** An environment asset: the container a deployment runs in. */
export const environmentSpec = z
    .strictObject({
        /** Asset name. @default the config key */
        name: assetName.optional(),
        /** Version; asset versions are immutable. @default derived from the image, conda file content or build context hash */
        version: assetVersion.optional(),
        /** Base image. Exactly one of image and build. @default none */
        image: containerImage.optional(),
        /** Conda file (local path) layered on the image; its content is part of the version. @default none */
        condaFile: z.string().min(1).optional(),
        /** Docker build context. Exactly one of image and build. @default none */
        build: environmentBuild.optional(),
        /** Routes of a custom inference server; needed when the container is not an Azure ML inference image. @default none */
        inferenceConfig: z
            .strictObject({
                /** Where the server answers liveness probes. */
                livenessRoute: route,
                /** Where the server answers readiness probes. */
                readinessRoute: route,
                /** Where the server answers scoring requests. */
                scoringRoute: route,
            })
            .optional(),
        /** Operating system of the image. @default "Linux" */
        osType: z.enum(["Linux", "Windows"]).default("Linux"),
        /** Shown in the studio. @default none */
        description: z.string().max(1024).optional(),
        /** Tags on the version. @default none */
        tags: tags.optional(),
        /** How a local build context is uploaded. @default Entra ID, blobs kept on destroy */
        upload: uploadSpec.default(UPLOAD_DEFAULTS),
        /** Create and own the asset's container. False when another component owns it. @default true */
        manageContainer: z.boolean().default(true),
        /** Keep the registered container and versions on destroy. @default true */
        retainOnDestroy: z.boolean().default(true),
    })
    .superRefine((env, ctx) => {
        if (env.image === undefined && env.build === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["image"],
                input: undefined,
                message: "an environment needs an image or a build context; set one of image and build",
            });
        }
        if (env.image !== undefined && env.build !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["build"],
                input: env.build,
                message: "an environment takes an image or a build context, not both; remove one",
            });
        }
        if (env.condaFile !== undefined && env.image === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["condaFile"],
                input: env.condaFile,
                message:
                    "a conda file is layered on an image; set image (with a build context, install packages in the Dockerfile)",
            });
        }
    });

export type EnvironmentSpec = z.output<typeof environmentSpec>;
