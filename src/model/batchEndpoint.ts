import { z } from "zod";
import { deploymentName, tags } from "./common";
import { batchDeploymentSpec } from "./batchDeployment";
import { endpointCallers } from "./endpointCaller";
import { MAX_DEPLOYMENTS_PER_ENDPOINT, duplicateNames } from "../rules";

/** A batch endpoint with its deployments and the one that runs its jobs by default. */
export const batchEndpointSpec = z
    .strictObject({
        /** Batch endpoints authenticate with Microsoft Entra tokens only. @default "aad_token" */
        authMode: z.literal("aad_token", { error: "batch endpoints accept only 'aad_token'" }).default("aad_token"),
        /** Shown in the studio (at most 1024 characters). @default none */
        description: z.string().max(1024).optional(),
        tags: tags.optional(),
        /** Deployments by name. @default {} */
        deployments: z.record(deploymentName, batchDeploymentSpec).default({}),
        /** The deployment a job runs on unless it names another. @default the only deployment, when there is exactly one */
        defaultDeployment: z.string().min(1).optional(),
        /**
         * Principals allowed to start jobs on the endpoint: a custom role with the batch endpoint actions Azure ML
         * documents for invoking at the endpoint's scope, and one with the workspace actions a job needs (datastores,
         * experiments, …) at the workspace's. @default []
         */
        callers: endpointCallers.default([]),
    })
    // The rules between the default and the deployments run even when a deployment has problems of its own, so
    // that one run reports everything; the value may then be partly unparsed, so every access is defensive.
    .superRefine(
        (e, ctx) => {
            // A deployment whose name is invalid is left out of the parsed record (and reported on its own): it is
            // still declared, so the default may name it.
            const invalidNames = ctx.issues
                .filter((i) => i.code === "invalid_key" && i.path?.[0] === "deployments" && typeof i.input === "string")
                .map((i) => i.input as string);
            const parsedNames =
                typeof e.deployments === "object" && e.deployments !== null ? Object.keys(e.deployments) : [];
            const names = [...parsedNames, ...invalidNames];
            if (
                typeof e.defaultDeployment === "string" &&
                !names.some((n) => n.toLowerCase() === e.defaultDeployment!.toLowerCase())
            ) {
                ctx.addIssue({
                    code: "custom",
                    path: ["defaultDeployment"],
                    input: e.defaultDeployment,
                    message: `names no deployment of this endpoint (declared: ${names.length > 0 ? names.join(", ") : "none"})`,
                });
            }
            if (e.defaultDeployment === undefined && names.length > 1) {
                ctx.addIssue({
                    code: "custom",
                    path: ["defaultDeployment"],
                    input: undefined,
                    message: `the endpoint has ${names.length} deployments; name the default one`,
                });
            }
            if (names.length > MAX_DEPLOYMENTS_PER_ENDPOINT) {
                ctx.addIssue({
                    code: "custom",
                    path: ["deployments"],
                    input: names.length,
                    message: `an endpoint holds at most ${MAX_DEPLOYMENTS_PER_ENDPOINT} deployments`,
                });
            }
            for (const name of duplicateNames(names)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["deployments", name],
                    input: name,
                    message: "deployment names are case-insensitive and must be unique; rename one",
                });
            }
        },
        { when: () => true },
    )
    .transform((e) => {
        const names = Object.keys(e.deployments);
        return { ...e, defaultDeployment: e.defaultDeployment ?? (names.length === 1 ? names[0] : undefined) };
    });

export type BatchEndpointSpec = z.output<typeof batchEndpointSpec>;
