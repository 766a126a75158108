import * as pulumi from "@pulumi/pulumi";
import type { IdentitySpec } from "../model";
import type { RoleGrant } from "./roleGrant";

/** The identity settings of an endpoint (online or batch) that decide which roles it is granted. */
export interface EndpointIdentitySettings {
    readonly identity: Pick<IdentitySpec, "type">;
    /** Grant a user-assigned identity what it needs to pull images and read models. */
    readonly grantIdentityRoles: boolean;
    /** Let the identity read secrets from the workspace's key vault. */
    readonly keyVaultAccess: boolean;
}

/** The scopes those roles are granted on: the workspace's dependent resources. */
export interface IdentityScopes {
    /** AcrPull for a user-assigned identity. @default - (required with one that gets its roles here) */
    readonly containerRegistryId?: pulumi.Input<string>;
    /** Storage Blob Data Reader for a user-assigned identity. @default - (required as containerRegistryId) */
    readonly storageAccountId?: pulumi.Input<string>;
    /** Key Vault Secrets User with keyVaultAccess. @default - (no key vault role) */
    readonly keyVaultId?: pulumi.Input<string>;
}

/**
 * The role grants an endpoint's identity needs. Azure grants a system-assigned identity its pull and read roles
 * itself, so it only gets the key vault one; a user-assigned identity needs them all here. The grants of a
 * user-assigned identity go before the endpoint (it cannot pull without them); a system-assigned identity's
 * principal exists only once the endpoint does, so its grant goes after it, before the deployments.
 */
export function endpointRoleGrants(settings: EndpointIdentitySettings, scopes: IdentityScopes): RoleGrant[] {
    const keyVault: RoleGrant[] =
        settings.keyVaultAccess && scopes.keyVaultId !== undefined
            ? [{ key: "keyvault-secrets", role: "keyVaultSecretsUser", scope: scopes.keyVaultId }]
            : [];
    switch (settings.identity.type) {
        case "SystemAssigned":
            return keyVault;
        case "UserAssigned":
            if (!settings.grantIdentityRoles) {
                return [];
            }
            if (scopes.containerRegistryId === undefined || scopes.storageAccountId === undefined) {
                // identityScopeIssues refuses this before anything exists; reaching it is a caller's bug.
                throw new Error("a user-assigned identity's grants need containerRegistryId and storageAccountId");
            }
            return [
                { key: "acr-pull", role: "acrPull", scope: scopes.containerRegistryId },
                { key: "storage-reader", role: "storageBlobDataReader", scope: scopes.storageAccountId },
                ...keyVault,
            ];
        default:
            return [];
    }
}

/** Problems with the scopes for {@link endpointRoleGrants}, found before anything is created. */
export function identityScopeIssues(
    settings: EndpointIdentitySettings,
    scopes: IdentityScopes,
): { path: string; message: string }[] {
    return settings.identity.type === "UserAssigned" &&
        settings.grantIdentityRoles &&
        (scopes.containerRegistryId === undefined || scopes.storageAccountId === undefined)
        ? [
              {
                  path: "workspace",
                  message:
                      "a user-assigned identity gets AcrPull and Storage Blob Data Reader: pass a workspace with containerRegistryId and storageAccountId (a Workspace component has them)",
              },
          ]
        : [];
}
