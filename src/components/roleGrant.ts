import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { BuiltInRole, roleDefinitionId } from "./arm";

/** One built-in role for a service principal (a managed identity) on one scope. */
export interface RoleGrant {
    /** Suffix of the child's name: `${parent}-${key}`. Public API: renaming it recreates the assignment. */
    readonly key: string;
    readonly role: BuiltInRole;
    readonly scope: pulumi.Input<string>;
}

/**
 * Creates role assignments for a principal under `parent`. The assignment's own name (a GUID) is left to the
 * provider; principalType ServicePrincipal (for managed identities) avoids the replication-delay failure of freshly
 * created identities; a person signed in with az login is a User.
 */
export function grantRoles(
    parentName: string,
    parent: pulumi.Resource,
    principalId: pulumi.Input<string>,
    grants: readonly RoleGrant[],
    subscriptionId: pulumi.Input<string>,
    dependsOn: pulumi.Input<pulumi.Resource>[] = [],
    principalType: "ServicePrincipal" | "User" = "ServicePrincipal",
): authorization.RoleAssignment[] {
    return grants.map(
        (grant) =>
            new authorization.RoleAssignment(
                `${parentName}-${grant.key}`,
                {
                    principalId,
                    principalType,
                    roleDefinitionId: roleDefinitionId(subscriptionId, grant.role),
                    scope: grant.scope,
                },
                { parent, dependsOn },
            ),
    );
}
