import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
// Type-only, from the module every azure-native submodule's declarations already load: no type-check cost.
import type { input } from "@pulumi/azure-native/types";
import type { IdentitySpec } from "../model";

/** A managed identity spec in the shape Microsoft.MachineLearningServices takes. */
export function armIdentity(identity: IdentitySpec): { type: string; userAssignedIdentities?: string[] } {
    return identity.userAssignedIdentityIds.length > 0
        ? { type: identity.type, userAssignedIdentities: [...identity.userAssignedIdentityIds] }
        : { type: identity.type };
}

/**
 * A deployment's code asset with its scoring script. The spec never has one without the other (scoringCodeIssues);
 * ARM requires the script, so a half pair sends nothing rather than a body Azure refuses.
 */
export function armCodeConfiguration(
    codeId: pulumi.Input<string> | undefined,
    scoringScript: string | undefined,
): input.machinelearningservices.CodeConfigurationArgs | undefined {
    return codeId !== undefined && scoringScript !== undefined ? { codeId, scoringScript } : undefined;
}

/** Built-in Azure role definition ids (stable GUIDs documented by Microsoft). */
export const BUILT_IN_ROLES = {
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    keyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** The subscription-scoped id of a built-in role. */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, role: BuiltInRole): pulumi.Output<string> {
    return roleDefinitionIdOf(subscriptionId, BUILT_IN_ROLES[role]);
}

/**
 * The subscription an ARM resource id lives in (`/subscriptions/<id>/...`): where roles on it are defined. Read from
 * the id, so no invoke is made per resource and a resource in another subscription than the provider's default
 * still gets the right role definitions.
 */
export function subscriptionOf(resourceId: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(resourceId).apply((id) => {
        const match = /^\/subscriptions\/([^/]+)\//i.exec(id);
        if (match === null) {
            throw new Error(`expected an ARM resource id (/subscriptions/<id>/...), got "${id}"`);
        }
        return match[1];
    });
}

/** Tags merged from the stack-wide set and a component's own. */
export function mergeTags(...sets: (Record<string, string> | undefined)[]): Record<string, string> {
    return Object.assign({}, ...sets.filter((s) => s !== undefined));
}

/**
 * A component's dependsOn as a list a child can extend. Children do not inherit it; the engine resolves arrays and
 * Outputs nested in the list, so wrapping any form of it is safe.
 */
export function dependencyList(dependsOn: pulumi.ResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (dependsOn === undefined) {
        return [];
    }
    return Array.isArray(dependsOn) ? [...dependsOn] : [dependsOn as pulumi.Input<pulumi.Resource>];
}

/** The subscription-scoped id of any role definition, built-in or custom, by its GUID. */
export function roleDefinitionIdOf(subscriptionId: pulumi.Input<string>, guid: string): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/**
 * A GUID derived from text (the SHA-1 name-based layout of RFC 9562, version 5 bits set): the same seed gives the
 * same GUID on every run, so a custom role's id is known in the preview and can be listed in an ABAC condition.
 */
export function deterministicGuid(seed: string): string {
    const hex = createHash("sha1").update(`azureml-pulumi:${seed}`).digest("hex");
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The resource group an ARM resource id lives in, as its own id (`/subscriptions/<id>/resourceGroups/<name>`). */
export function resourceGroupIdOf(resourceId: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(resourceId).apply((id) => {
        const match = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(id);
        if (match === null) {
            throw new Error(
                `expected an ARM resource id in a resource group (/subscriptions/<id>/resourceGroups/<name>/...), got "${id}"`,
            );
        }
        return match[0];
    });
}
