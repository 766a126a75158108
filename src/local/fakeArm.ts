/** Deterministic stand-ins for what Azure returns, so mocked programs produce ARM-shaped ids and names. */

export const FAKE_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const FAKE_TENANT_ID = "11111111-1111-1111-1111-111111111111";
export const FAKE_CLIENT_ID = "22222222-2222-2222-2222-222222222222";
export const FAKE_OBJECT_ID = "33333333-3333-3333-3333-333333333333";

/** ARM resource types of the azure-native tokens the library creates (module:Type → provider/type). */
const ARM_TYPES: Record<string, string> = {
    "storage:StorageAccount": "Microsoft.Storage/storageAccounts",
    "keyvault:Vault": "Microsoft.KeyVault/vaults",
    "operationalinsights:Workspace": "Microsoft.OperationalInsights/workspaces",
    "applicationinsights:Component": "Microsoft.Insights/components",
    "containerregistry:Registry": "Microsoft.ContainerRegistry/registries",
    "machinelearningservices:Workspace": "Microsoft.MachineLearningServices/workspaces",
    "managedidentity:UserAssignedIdentity": "Microsoft.ManagedIdentity/userAssignedIdentities",
};

/** Inputs that carry the physical name, for types whose name input is not `<type>Name`. */
const NAME_INPUTS: Record<string, string[]> = {
    "machinelearningservices:OnlineEndpoint": ["endpointName"],
    "machinelearningservices:BatchEndpoint": ["endpointName"],
    "machinelearningservices:OnlineDeployment": ["deploymentName"],
    "machinelearningservices:BatchDeployment": ["deploymentName"],
    "machinelearningservices:ModelVersion": ["version"],
    "machinelearningservices:CodeVersion": ["version"],
    "machinelearningservices:EnvironmentVersion": ["version"],
    "machinelearningservices:ModelContainer": ["name"],
    "machinelearningservices:CodeContainer": ["name"],
    "machinelearningservices:EnvironmentContainer": ["name"],
    "storage:BlobContainer": ["containerName"],
    "storage:BlobServiceProperties": ["blobServicesName"],
};

/** The physical name a resource would get: its explicit `<type>Name` input, else the logical name. */
export function physicalName(type: string, name: string, inputs: Record<string, unknown>): string {
    const [, module = "", resourceType = ""] = type.split(":");
    const candidates = [
        ...(NAME_INPUTS[`${module}:${resourceType}`] ?? []),
        `${resourceType.charAt(0).toLowerCase()}${resourceType.slice(1)}Name`,
        "resourceName",
        "accountName",
        "vaultName",
        "registryName",
    ];
    for (const key of candidates) {
        const value = inputs[key];
        if (typeof value === "string" && value !== "") {
            return value;
        }
    }
    return name;
}

/** A stable fake GUID derived from text (not random: test runs repeat exactly). */
export function fakeGuid(seed: string): string {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < seed.length; i++) {
        h1 = Math.imul(h1 ^ seed.charCodeAt(i), 16777619) >>> 0;
        h2 = Math.imul(h2 ^ seed.charCodeAt(i), 2246822519) >>> 0;
    }
    const hex = (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).repeat(2);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A resource id shaped like the one ARM would assign. */
export function fakeArmId(type: string, name: string, inputs: Record<string, unknown>): string {
    const [, module = "", resourceType = ""] = type.split(":");
    const subscription = `/subscriptions/${FAKE_SUBSCRIPTION_ID}`;
    const group = `${subscription}/resourceGroups/${String(inputs.resourceGroupName ?? "rg")}`;
    const physical = physicalName(type, name, inputs);
    if (type === "azure-native:resources:ResourceGroup") {
        return `${subscription}/resourceGroups/${physical}`;
    }
    if (type.startsWith("azuread:")) {
        return fakeEntraId(type, name, inputs);
    }
    if (type === "azure-native:authorization:RoleDefinition") {
        return `${String(inputs.scope)}/providers/Microsoft.Authorization/roleDefinitions/${String(inputs.roleDefinitionId ?? fakeGuid(name))}`;
    }
    if (type === "azure-native:authorization:RoleAssignment") {
        return `${String(inputs.scope)}/providers/Microsoft.Authorization/roleAssignments/${fakeGuid(name)}`;
    }
    if (module === "machinelearningservices" && resourceType !== "Workspace") {
        const workspace = `${group}/providers/Microsoft.MachineLearningServices/workspaces/${String(inputs.workspaceName)}`;
        const asset = /^(Model|Code|Environment)(Container|Version)$/.exec(resourceType);
        if (asset !== null) {
            const collection = `${asset[1].toLowerCase()}s`;
            return asset[2] === "Container"
                ? `${workspace}/${collection}/${physical}`
                : `${workspace}/${collection}/${String(inputs.name)}/versions/${physical}`;
        }
        const deployment = /^(Online|Batch)Deployment$/.exec(resourceType);
        if (deployment !== null) {
            return `${workspace}/${deployment[1].toLowerCase()}Endpoints/${String(inputs.endpointName)}/deployments/${physical}`;
        }
        const collection = `${resourceType.charAt(0).toLowerCase()}${resourceType.slice(1)}s`;
        return `${workspace}/${collection}/${physical}`;
    }
    const armType =
        ARM_TYPES[`${module}:${resourceType}`] ??
        `Microsoft.${module}/${resourceType.charAt(0).toLowerCase()}${resourceType.slice(1)}s`;
    return `${group}/providers/${armType}/${physical}`;
}

/**
 * Microsoft Graph objects as the azuread provider identifies them: an application is `/applications/<object id>`, a
 * service principal `/servicePrincipals/<object id>`, a federated credential `<app object id>/federatedIdentityCredential/<id>`.
 */
export function fakeEntraId(type: string, name: string, inputs: Record<string, unknown>): string {
    const objectId = fakeGuid(`${type}/${name}/object`);
    if (type === "azuread:index/application:Application") {
        return `/applications/${objectId}`;
    }
    if (type === "azuread:index/servicePrincipal:ServicePrincipal") {
        return `/servicePrincipals/${objectId}`;
    }
    if (type === "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential") {
        const app = String(inputs.applicationId ?? "").replace(/^\/applications\//, "");
        return `${app}/federatedIdentityCredential/${fakeGuid(`${name}/credential`)}`;
    }
    return objectId;
}
