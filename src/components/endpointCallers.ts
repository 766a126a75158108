import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import {
    CallerPrincipalType,
    OnlineAuthMode,
    SpecValidationError,
    describeValue,
    endpointCallers,
    validate,
} from "../model";
import { resourceGroupIdOf, roleDefinitionIdOf, subscriptionOf } from "./arm";
import { EndpointCallerRoleIds, EndpointCallerRoles } from "./endpointCallerRoles";
import { callersForValidation } from "./placeholders";

/** A principal allowed to invoke an endpoint; its id may be an Output (a managed identity made in the program). */
export interface EndpointCallerInput {
    /** Object (principal) id of the user, group, service principal or managed identity. */
    readonly principalId: pulumi.Input<string>;
    /** A managed identity is a `ServicePrincipal`. */
    readonly principalType: CallerPrincipalType;
}

/** The endpoint callers are granted on. An {@link OnlineEndpoint} or a {@link BatchEndpoint} gives these. */
export type EndpointCallerTarget =
    | {
          readonly kind: "online";
          readonly endpointId: pulumi.Input<string>;
          /** The endpoint's auth mode: a key-auth endpoint is refused (RBAC does not apply to keys). */
          readonly authMode: OnlineAuthMode;
      }
    | {
          readonly kind: "batch";
          readonly endpointId: pulumi.Input<string>;
          /** The workspace the endpoint belongs to: a batch job needs workspace actions too. */
          readonly workspaceId: pulumi.Input<string>;
      };

/** Arguments of {@link EndpointCallers}. */
export interface EndpointCallersArgs {
    readonly endpoint: EndpointCallerTarget;
    /** The principals allowed to invoke the endpoint, each once. */
    readonly callers: readonly EndpointCallerInput[];
    /**
     * The custom roles to grant, from an {@link EndpointCallerRoles} (one per resource group is enough).
     * @default - roles of its own, defined in the endpoint's resource group (whoever runs `up` then needs
     * `Microsoft.Authorization/roleDefinitions/write`)
     */
    readonly roles?: EndpointCallerRoleIds;
}

/**
 * Why a grant on this endpoint would control nothing, or undefined when it is meaningful: an online endpoint with key
 * auth lets whoever holds a key score, and Azure RBAC is not checked on its scoring requests.
 */
export function callerGrantRefusal(endpoint: EndpointCallerTarget): string | undefined {
    return endpoint.kind === "online" && endpoint.authMode === "key"
        ? "the endpoint uses key auth: a key lets whoever holds it score and Azure RBAC is not checked, so a grant would control nothing; set the endpoint's authMode to 'aad_token' (managed endpoints) or 'aml_token', or remove callers"
        : undefined;
}

/** Validates callers before anything exists, every problem at once under `subject`. */
export function validateEndpointCallers(subject: string, args: EndpointCallersArgs): void {
    const refusal = callerGrantRefusal(args.endpoint);
    if (refusal !== undefined && args.callers.length > 0) {
        const ids = args.callers.map((c) => (typeof c.principalId === "string" ? c.principalId : "(an Output)"));
        throw new SpecValidationError(subject, [{ path: "callers", message: `${refusal}, got ${describeValue(ids)}` }]);
    }
    const result = validate(endpointCallers, callersForValidation(args.callers), "callers");
    if (!result.ok) {
        throw new SpecValidationError(subject, result.problems);
    }
}

/**
 * Grants principals the right to invoke one endpoint, and nothing else: an online endpoint's callers get a custom
 * role with its score and token actions at the endpoint's scope; a batch endpoint's callers get Microsoft's batch
 * invoke actions, those under the endpoint at its scope and the workspace ones (datastores, experiments, …) at the
 * workspace's. Child names: `${name}-<principal id>` (or `${name}-<index>` for a principal given as an Output), with
 * `-workspace` for a batch caller's second assignment.
 */
export class EndpointCallers extends pulumi.ComponentResource {
    /** The role assignments made, in the order of the callers. */
    readonly assignments: readonly authorization.RoleAssignment[];
    /** The GUIDs of the roles granted. */
    readonly roleIds: EndpointCallerRoleIds;

    constructor(name: string, args: EndpointCallersArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEndpointCallers(`EndpointCallers "${name}"`, args);
        super("azureml:access:EndpointCallers", name, {}, opts);
        const { endpoint } = args;
        const own =
            args.roles === undefined
                ? new EndpointCallerRoles(
                      `${name}-roles`,
                      { scope: resourceGroupIdOf(endpoint.endpointId) },
                      { parent: this },
                  )
                : undefined;
        const roles = args.roles ?? own!.roleIds;
        const subscriptionId = subscriptionOf(endpoint.endpointId);
        const assign = (key: string, caller: EndpointCallerInput, role: string, scope: pulumi.Input<string>) =>
            new authorization.RoleAssignment(
                key,
                {
                    principalId: caller.principalId,
                    principalType: caller.principalType,
                    roleDefinitionId: roleDefinitionIdOf(subscriptionId, role),
                    scope,
                    description: `azureml-pulumi: may invoke ${endpoint.kind} endpoint (${name})`,
                },
                { parent: this, dependsOn: own !== undefined ? [own] : [] },
            );
        this.assignments = args.callers.flatMap((caller, index) => {
            const key = `${name}-${typeof caller.principalId === "string" ? caller.principalId.toLowerCase() : index}`;
            return endpoint.kind === "online"
                ? [assign(key, caller, roles.online, endpoint.endpointId)]
                : [
                      assign(key, caller, roles.batchEndpoint, endpoint.endpointId),
                      assign(`${key}-workspace`, caller, roles.batchWorkspace, endpoint.workspaceId),
                  ];
        });
        this.roleIds = roles;
        this.registerOutputs({ roleIds: roles });
    }
}
