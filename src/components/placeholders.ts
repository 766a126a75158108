import type * as pulumi from "@pulumi/pulumi";

/**
 * Stand-ins that validate like the real thing, for inputs that are components or Outputs until deployment: whether
 * they are there is what can be checked before anything exists (see docs/decisions.md, Validation).
 */
const PLACEHOLDER_ASSET = "azureml:asset:1";
const PLACEHOLDER_PRINCIPAL = "00000000-0000-0000-0000-000000000000";

/** An asset reference for validation: a registered reference as given, anything else (a component) a stand-in. */
export function assetForValidation(asset: string | object | undefined): string | undefined {
    return asset === undefined ? undefined : typeof asset === "string" ? asset : PLACEHOLDER_ASSET;
}

/** A principal id for validation: a known id as given, an Output a well-formed stand-in. */
export function principalForValidation(principal: pulumi.Input<string> | undefined): string | undefined {
    return principal === undefined ? undefined : typeof principal === "string" ? principal : PLACEHOLDER_PRINCIPAL;
}

/** Callers for validation: known principal ids as given, each Output a well-formed stand-in of its own. */
export function callersForValidation<C extends { principalId: pulumi.Input<string> }>(
    callers: readonly C[] | undefined,
): (Omit<C, "principalId"> & { principalId: string })[] | undefined {
    return callers?.map((caller, index) => ({
        ...caller,
        principalId:
            typeof caller.principalId === "string"
                ? caller.principalId
                : `00000000-0000-0000-0000-${index.toString(16).padStart(12, "0")}`,
    }));
}
