/**
 * The Azure ABAC condition that lets a delegate add and remove role assignments only for the listed role
 * definitions ("Constrain roles" in Microsoft's examples to delegate role assignment management): one clause for
 * `roleAssignments/write`, which reads the role from the request, and one for `roleAssignments/delete`, which reads it
 * from the assignment being deleted. Condition version 2.0.
 */
export function constrainRolesCondition(roleDefinitionGuids: readonly string[]): string {
    if (roleDefinitionGuids.length === 0) {
        throw new Error("constrainRolesCondition needs at least one role definition id");
    }
    const invalid = roleDefinitionGuids.filter(
        (g) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(g),
    );
    if (invalid.length > 0) {
        throw new Error(`role definition ids in a condition are bare GUIDs, got ${invalid.join(", ")}`);
    }
    const list = [...new Set(roleDefinitionGuids.map((g) => g.toLowerCase()))].join(", ");
    return [
        "(",
        " (",
        "  !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})",
        " )",
        " OR",
        " (",
        `  @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list}}`,
        " )",
        ")",
        "AND",
        "(",
        " (",
        "  !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})",
        " )",
        " OR",
        " (",
        `  @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list}}`,
        " )",
        ")",
    ].join("\n");
}

/** The GUIDs a condition made by {@link constrainRolesCondition} allows, for checks and tests. */
export function rolesInCondition(condition: string): string[] {
    const match =
        /@Request\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{([^}]*)\}/.exec(
            condition,
        );
    return match === null ? [] : match[1].split(",").map((g) => g.trim());
}
