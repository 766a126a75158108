import { z } from "zod";
import { deployerSpec, location } from "@azureml-pulumi/components/spec";

/** This example's stack settings, validated with the library's own schemas. */
export const settingsSchema = z.strictObject({
    location,
    /** The resource group the platform stacks deploy into: the deployer's roles apply there only. */
    platformResourceGroup: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, {
        error: "resource group names have 1 to 90 letters, digits, '_', '-', '.', '(' or ')' and do not end with '.'",
    }),
    /** Blob container that holds Pulumi state. @default "pulumi-state" */
    stateContainer: z
        .string()
        .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, {
            error: "container names have 3 to 63 lower-case letters, digits and single hyphens",
        })
        .default("pulumi-state"),
    /** Days deleted state blobs and versions stay recoverable. @default 30 */
    softDeleteDays: z.number().int().min(1).max(365).default(30),
    /** The CI identity: its federated credentials (GitHub Actions, Azure DevOps). */
    deployer: deployerSpec,
});

export type Settings = z.output<typeof settingsSchema>;
