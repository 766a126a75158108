import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
// By file, like azure-native's submodules: the package root's declarations load every azuread resource.
import { Application } from "@pulumi/azuread/application";
import { ApplicationFederatedIdentityCredential } from "@pulumi/azuread/applicationFederatedIdentityCredential";
import { ServicePrincipal } from "@pulumi/azuread/servicePrincipal";
import {
    DeployerSpec,
    DeployerSpecInput,
    FederatedCredential,
    deployerCredentials,
    deployerSpec,
    parseOrThrow,
} from "../model";
import { BUILT_IN_ROLES, deterministicGuid, roleDefinitionId, roleDefinitionIdOf, subscriptionOf } from "./arm";
import { deployerActions } from "./deployerActions";
import { constrainRolesCondition } from "./roleCondition";

/**
 * Role Based Access Control Administrator: manages role assignments and nothing else. Granted to the deployer only
 * with a condition that names the roles it may assign; never in the list of roles it may assign.
 */
export const RBAC_ADMINISTRATOR_ROLE = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

/** Arguments of a {@link DeployerIdentity}: the settings of `deployerSpec`, with the scopes its roles apply to. */
export interface DeployerIdentityArgs extends DeployerSpecInput {
    /**
     * Id of the resource group the stacks it deploys live in: its custom role and its role-assignment rights apply
     * here and nowhere else. The group itself is created by whoever creates this identity.
     */
    readonly resourceGroupId: pulumi.Input<string>;
    /**
     * Where it gets Storage Blob Data Contributor, for asset uploads to the workspace's default datastore: the
     * workspace's storage account id when it is known. @default the resource group
     */
    readonly blobDataScope?: pulumi.Input<string>;
    /**
     * GUIDs of further roles it may assign besides the built-in ones the components grant (`BUILT_IN_ROLES`): the
     * custom roles of an {@link EndpointCallerRoles}. @default []
     */
    readonly assignableRoles?: readonly string[];
}

/** The role GUIDs a deployer may assign: the built-in roles the components grant, and the ones given. */
export function assignableRoleGuids(extra: readonly string[] = []): string[] {
    return [...new Set([...Object.values(BUILT_IN_ROLES), ...extra].map((g) => g.toLowerCase()))];
}

/**
 * The identity CI runs `pulumi up` with, and least privilege for what this library does:
 *
 * - a Microsoft Entra application with its service principal (or an existing principal, `existing`), and a federated
 *   identity credential per GitHub Actions subject or Azure DevOps service connection: no secret exists;
 * - a custom role on the resource group with the actions the components and dynamic providers use, each listed with
 *   the resource that needs it in `DEPLOYER_ACTIONS` (no wildcard; no role assignment or role definition rights);
 * - Storage Blob Data Contributor on `blobDataScope`, for asset uploads (data-plane access no control-plane role gives);
 * - Role Based Access Control Administrator on the resource group with an ABAC condition that lets it add and remove
 *   assignments of only the roles the components grant (`assignableRoleGuids`). Never Owner, Contributor on the
 *   subscription or User Access Administrator.
 *
 * Creating it needs Microsoft Graph rights (Application Administrator, or Application.ReadWrite.OwnedBy) and the
 * right to create role definitions and assignments: an administrator's run (see examples/bootstrap).
 */
export class DeployerIdentity extends pulumi.ComponentResource {
    /** Object id of the service principal: the principal its roles are granted to. */
    readonly principalId: pulumi.Output<string>;
    /** Application (client) id: what `azure/login` and the service connection are configured with. */
    readonly clientId: pulumi.Output<string | undefined>;
    /** The federated credentials, as validated: issuer, subject and audience of each. */
    readonly federatedCredentials: readonly FederatedCredential[];
    /** GUID of its custom role. */
    readonly roleGuid: string;
    /** The ABAC condition on its Role Based Access Control Administrator assignment. */
    readonly assignmentCondition: string;
    /** The validated settings, defaults applied. */
    readonly spec: DeployerSpec;

    constructor(name: string, args: DeployerIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        const { resourceGroupId, blobDataScope, assignableRoles = [], ...settings } = args;
        const spec = parseOrThrow(deployerSpec, settings, `DeployerIdentity "${name}"`);
        const condition = constrainRolesCondition(assignableRoleGuids(assignableRoles));
        super("azureml:access:DeployerIdentity", name, {}, opts);
        this.spec = spec;
        this.federatedCredentials = deployerCredentials(spec);
        this.assignmentCondition = condition;
        const owner = `${pulumi.getProject()}-${pulumi.getStack()}-${name}`;

        let applicationId: pulumi.Input<string> | undefined;
        if (spec.existing === undefined) {
            const app = new Application(
                `${name}-app`,
                { displayName: spec.displayName ?? `${owner}-deployer` },
                { parent: this },
            );
            const sp = new ServicePrincipal(`${name}-sp`, { clientId: app.clientId }, { parent: this });
            applicationId = app.id;
            this.principalId = sp.objectId;
            this.clientId = app.clientId;
        } else {
            // The provider's application id is its resource id, /applications/<object id>.
            applicationId =
                spec.existing.applicationObjectId !== undefined
                    ? `/applications/${spec.existing.applicationObjectId}`
                    : undefined;
            this.principalId = pulumi.output(spec.existing.principalId);
            this.clientId = pulumi.output(undefined);
        }
        if (applicationId !== undefined) {
            for (const credential of this.federatedCredentials) {
                new ApplicationFederatedIdentityCredential(
                    `${name}-${credential.name}`,
                    {
                        applicationId,
                        displayName: credential.name,
                        description: credential.description,
                        issuer: credential.issuer,
                        subject: credential.subject,
                        audiences: [credential.audience],
                    },
                    { parent: this },
                );
            }
        }

        const subscriptionId = subscriptionOf(resourceGroupId);
        this.roleGuid = deterministicGuid(`${owner}/deployer`);
        const role = new authorization.RoleDefinition(
            `${name}-role`,
            {
                roleDefinitionId: this.roleGuid,
                roleName: `AzureML deployer (${owner})`,
                description: `What azureml-pulumi's up, refresh and destroy do in one resource group. Made for ${owner}.`,
                roleType: "CustomRole",
                scope: resourceGroupId,
                assignableScopes: [resourceGroupId],
                permissions: [{ actions: deployerActions(), notActions: [] }],
            },
            { parent: this },
        );
        const assign = (key: string, roleId: pulumi.Input<string>, scope: pulumi.Input<string>, extra = {}) =>
            new authorization.RoleAssignment(
                `${name}-${key}`,
                {
                    principalId: this.principalId,
                    principalType: "ServicePrincipal",
                    roleDefinitionId: roleId,
                    scope,
                    ...extra,
                },
                { parent: this, dependsOn: [role] },
            );
        assign("deploy", roleDefinitionIdOf(subscriptionId, this.roleGuid), resourceGroupId);
        assign(
            "blob-data",
            roleDefinitionId(subscriptionId, "storageBlobDataContributor"),
            blobDataScope ?? resourceGroupId,
        );
        assign("role-assignments", roleDefinitionIdOf(subscriptionId, RBAC_ADMINISTRATOR_ROLE), resourceGroupId, {
            condition,
            conditionVersion: "2.0",
            description: "azureml-pulumi deployer: may assign only the roles the library grants",
        });

        this.registerOutputs({ principalId: this.principalId, clientId: this.clientId, roleGuid: this.roleGuid });
    }
}
