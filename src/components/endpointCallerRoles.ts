import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import {
    BATCH_CALLER_ENDPOINT_ACTIONS,
    BATCH_CALLER_WORKSPACE_ACTIONS,
    GrantedAction,
    ONLINE_CALLER_ACTIONS,
    actionsOf,
} from "./callerActions";
import { deterministicGuid } from "./arm";

/** The GUIDs of the custom roles endpoint callers get (role definition names, not full ids). */
export interface EndpointCallerRoleIds {
    /** Online endpoint callers, assigned at the endpoint. */
    readonly online: string;
    /** Batch endpoint callers, the part assigned at the endpoint. */
    readonly batchEndpoint: string;
    /** Batch endpoint callers, the part assigned at the workspace. */
    readonly batchWorkspace: string;
}

/** Arguments of {@link EndpointCallerRoles}. */
export interface EndpointCallerRolesArgs {
    /**
     * Where the roles are defined and may be assigned: the id of the resource group that holds the workspace (or a
     * subscription). Role definitions are created by whoever runs this (they need `roleDefinitions/write`, which the
     * deployer identity does not have: see DeployerIdentity).
     */
    readonly scope: pulumi.Input<string>;
}

const ROLES: Record<keyof EndpointCallerRoleIds, { title: string; actions: readonly GrantedAction[] }> = {
    online: { title: "online endpoint caller", actions: ONLINE_CALLER_ACTIONS },
    batchEndpoint: { title: "batch endpoint caller", actions: BATCH_CALLER_ENDPOINT_ACTIONS },
    batchWorkspace: { title: "batch endpoint caller (workspace)", actions: BATCH_CALLER_WORKSPACE_ACTIONS },
};

/**
 * The custom roles endpoint callers are granted (see callerActions.ts for each action and why). Their GUIDs derive
 * from project, stack and component name, so they are known before anything exists and a deployer's ABAC condition
 * can list them; their names, unique per tenant as Azure requires, carry the same three.
 */
export class EndpointCallerRoles extends pulumi.ComponentResource {
    /** The roles' GUIDs. */
    readonly roleIds: EndpointCallerRoleIds;

    constructor(name: string, args: EndpointCallerRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("azureml:access:EndpointCallerRoles", name, {}, opts);
        const owner = `${pulumi.getProject()}-${pulumi.getStack()}-${name}`;
        const keys = Object.keys(ROLES) as (keyof EndpointCallerRoleIds)[];
        const ids = Object.fromEntries(keys.map((k) => [k, deterministicGuid(`${owner}/${k}`)])) as Record<
            keyof EndpointCallerRoleIds,
            string
        >;
        for (const key of keys) {
            new authorization.RoleDefinition(
                `${name}-${key}`,
                {
                    roleDefinitionId: ids[key],
                    roleName: `AzureML ${ROLES[key].title} (${owner})`,
                    description: `Invoke Azure ML endpoints: ${ROLES[key].title}. Made by azureml-pulumi for ${owner}.`,
                    roleType: "CustomRole",
                    scope: args.scope,
                    assignableScopes: [args.scope],
                    permissions: [{ actions: actionsOf(ROLES[key].actions), notActions: [] }],
                },
                { parent: this },
            );
        }
        this.roleIds = ids;
        this.registerOutputs({ roleIds: ids });
    }
}
