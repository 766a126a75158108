import { z } from "zod";

/**
 * Building blocks shared by the entity schemas. Every message says what is allowed; the value received is added
 * by the problem formatter (see problems.ts), so messages here do not repeat it.
 */

/** Online and batch endpoint names: Azure ML's documented rule (3–32 characters, letter first, no trailing hyphen). */
export const ENDPOINT_NAME_PATTERN = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

export const endpointName = z
    .string()
    .min(3, { error: "endpoint names have 3 to 32 characters" })
    .max(32, { error: "endpoint names have 3 to 32 characters" })
    .regex(ENDPOINT_NAME_PATTERN, {
        error: "an endpoint name starts with a letter, holds only letters, digits and hyphens, and does not end with a hyphen",
    });

/** Deployment names under an endpoint: same character rule as endpoints, 3–32 characters. */
export const deploymentName = z
    .string()
    .min(3, { error: "deployment names have 3 to 32 characters" })
    .max(32, { error: "deployment names have 3 to 32 characters" })
    .regex(ENDPOINT_NAME_PATTERN, {
        error: "a deployment name starts with a letter, holds only letters, digits and hyphens, and does not end with a hyphen",
    });

/** Azure VM sizes (Standard_DS3_v2, Standard_NC6s_v3, …): managed deployments and compute clusters take them. */
export const VM_SIZE_PATTERN = /^Standard_[A-Za-z0-9_]+$/;

/** A Microsoft Entra object (principal) id. */
export const principalId = z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
        error: "principal ids are GUIDs",
    });

/** Asset (model, code, environment) names: letters, digits, '-', '_' and '.', starting with a letter or digit. */
export const ASSET_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;

export const assetName = z.string().regex(ASSET_NAME_PATTERN, {
    error: "asset names start with a letter or digit and hold at most 255 letters, digits, '-', '_' or '.'",
});

/** Asset versions: Azure ML accepts free-form strings; the library keeps them URL- and path-safe. */
export const assetVersion = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,63}$/, {
    error: "versions start with a letter or digit and hold at most 64 letters, digits, '-', '_' or '.'",
});

/** Compute names in a workspace: 2–16 characters, letters, digits and hyphens, starting with a letter. */
export const computeName = z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9-]{1,15}$/, {
        error: "compute names have 2 to 16 characters: a letter, then letters, digits or hyphens",
    })
    .refine((v) => !v.endsWith("-"), { error: "compute names do not end with a hyphen" });

/** A full Azure Resource Manager resource id. */
export const armResourceId = z
    .string()
    .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+[^/]$/i, {
        error: "expected a full resource id: /subscriptions/<id>/resourceGroups/<group>/providers/<namespace>/<type>/<name>",
    });

/** Azure tags: at most 50 per resource, keys up to 512 characters, values up to 256. */
export const tags = z
    .record(
        z
            .string()
            .min(1, { error: "tag keys cannot be empty" })
            .max(512, { error: "tag keys have at most 512 characters" })
            .regex(/^[^<>%&\\?/]+$/, { error: "tag keys cannot contain < > % & \\ ? /" }),
        z.string().max(256, { error: "tag values have at most 256 characters" }),
    )
    .refine((t) => Object.keys(t).length <= 50, { error: "a resource has at most 50 tags" });

export const publicNetworkAccess = z.enum(["Enabled", "Disabled"], {
    error: "public network access is either 'Enabled' or 'Disabled'",
});

/** Environment variables passed to a container: POSIX-style names, string values. */
export const environmentVariables = z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
        error: "environment variable names hold letters, digits and '_' and do not start with a digit",
    }),
    z.string(),
);

/** Free-form key/value properties that Azure ML stores on assets and deployments. */
export const properties = z.record(z.string(), z.string());

/** Kinds of managed identity that Azure ML resources accept. */
export const identity = z
    .strictObject({
        /** Which managed identities the resource has: system-assigned, user-assigned, both or none. @default "SystemAssigned" */
        type: z
            .enum(["SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned", "None"])
            .default("SystemAssigned"),
        /** Resource ids of user-assigned identities; required when the type includes UserAssigned. */
        userAssignedIdentityIds: z.array(armResourceId).default([]),
    })
    .superRefine((v, ctx) => {
        const wantsUser = v.type.includes("UserAssigned");
        if (wantsUser && v.userAssignedIdentityIds.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["userAssignedIdentityIds"],
                input: v.userAssignedIdentityIds,
                message: `identity type '${v.type}' needs at least one user-assigned identity id; add its resource id or use type 'SystemAssigned'`,
            });
        }
        if (!wantsUser && v.userAssignedIdentityIds.length > 0) {
            ctx.addIssue({
                code: "custom",
                path: ["userAssignedIdentityIds"],
                input: v.userAssignedIdentityIds,
                message: `identity type '${v.type}' takes no user-assigned identity ids; remove them or use type 'UserAssigned'`,
            });
        }
    });

export type IdentitySpec = z.infer<typeof identity>;

/** A registered asset reference as az ml writes it: `azureml:<name>:<version>` or `azureml:<name>@latest`. */
export const REGISTERED_REFERENCE_PATTERN =
    /^azureml:([a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}):([a-zA-Z0-9][a-zA-Z0-9\-_.]{0,63})$/;

export const registeredReference = z.string().regex(REGISTERED_REFERENCE_PATTERN, {
    error: "a registered asset reference reads azureml:<name>:<version>",
});

/** Whole seconds within a range, with the unit named in the message. */
export function seconds(min: number, max: number): z.ZodNumber {
    return z
        .number()
        .int({ error: "expected a whole number of seconds" })
        .min(min, { error: `at least ${min} seconds` })
        .max(max, { error: `at most ${max} seconds` });
}

/** Whole numbers within a range. */
export function count(min: number, max: number = Number.MAX_SAFE_INTEGER): z.ZodNumber {
    const base = z
        .number()
        .int({ error: "expected a whole number" })
        .min(min, { error: `at least ${min}` });
    return max === Number.MAX_SAFE_INTEGER ? base : base.max(max, { error: `at most ${max}` });
}
