import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { DeployerIdentity, EndpointCallerRoles, SpecValidationError } from "@azureml-pulumi/components";
import { parseOrThrow } from "@azureml-pulumi/components/spec";
import { settingsSchema } from "./settings";

const project = pulumi.getProject();
let settings;
try {
    settings = parseOrThrow(
        settingsSchema,
        new pulumi.Config().requireObject("settings"),
        `stack "${pulumi.getStack()}"`,
        `${project}:settings`,
    );
} catch (error) {
    throw error instanceof SpecValidationError ? new pulumi.RunError(error.message) : error;
}

const client = authorization.getClientConfigOutput();
const role = (guid: string) =>
    pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
const KEY_VAULT_CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424";

// State and the secrets key live apart from what the platform stacks deploy: the deployer cannot delete them.
const group = new resources.ResourceGroup("state", { location: settings.location });

// Pulumi state (azblob://): Entra ID only (no shared keys), TLS 1.2, nothing public, every write versioned and
// deleted blobs, versions and containers recoverable.
const account = new storage.StorageAccount("state", {
    resourceGroupName: group.name,
    location: settings.location,
    kind: "StorageV2",
    sku: { name: "Standard_ZRS" },
    allowSharedKeyAccess: false,
    allowBlobPublicAccess: false,
    enableHttpsTrafficOnly: true,
    minimumTlsVersion: "TLS1_2",
});
new storage.BlobServiceProperties("state", {
    resourceGroupName: group.name,
    accountName: account.name,
    blobServicesName: "default",
    isVersioningEnabled: true,
    deleteRetentionPolicy: { enabled: true, days: settings.softDeleteDays },
    containerDeleteRetentionPolicy: { enabled: true, days: settings.softDeleteDays },
});
const container = new storage.BlobContainer("state", {
    resourceGroupName: group.name,
    accountName: account.name,
    containerName: settings.stateContainer,
    publicAccess: "None",
});

// The key of the azurekeyvault:// secrets provider, in an RBAC vault that cannot be purged.
const vault = new keyvault.Vault("secrets", {
    resourceGroupName: group.name,
    location: settings.location,
    properties: {
        tenantId: client.tenantId,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        enablePurgeProtection: true,
        softDeleteRetentionInDays: 90,
    },
});
const key = new keyvault.Key("pulumi-secrets", {
    resourceGroupName: group.name,
    vaultName: vault.name,
    keyName: "pulumi-secrets",
    properties: { kty: "RSA", keySize: 3072, keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] },
});

// The group the platform stacks deploy into, the roles their endpoint callers get, and the CI identity.
const platform = new resources.ResourceGroup("platform", {
    resourceGroupName: settings.platformResourceGroup,
    location: settings.location,
});
const callerRoles = new EndpointCallerRoles("endpoint-callers", { scope: platform.id });
const deployer = new DeployerIdentity("deployer", {
    ...settings.deployer,
    resourceGroupId: platform.id,
    assignableRoles: Object.values(callerRoles.roleIds),
});

// The deployer reads and writes state in its container only, and encrypts with the one key.
new authorization.RoleAssignment("deployer-state", {
    principalId: deployer.principalId,
    principalType: "ServicePrincipal",
    roleDefinitionId: role(STORAGE_BLOB_DATA_CONTRIBUTOR),
    scope: container.id,
});
new authorization.RoleAssignment("deployer-secrets", {
    principalId: deployer.principalId,
    principalType: "ServicePrincipal",
    roleDefinitionId: role(KEY_VAULT_CRYPTO_USER),
    scope: pulumi.interpolate`${vault.id}/keys/${key.name}`,
});

export const stateStorageAccountName = account.name;
export const stateContainerName = container.name;
export const keyVaultName = vault.name;
export const secretsKeyName = key.name;
export const platformResourceGroupName = platform.name;
export const deployerClientId = deployer.clientId;
export const tenantId = client.tenantId;
export const subscriptionId = client.subscriptionId;
export const callerRoleIds = callerRoles.roleIds;
