import { ComputeCluster, Workspace } from "../../src/components";
import { SpecValidationError } from "../../src/model";
import { FAKE_OBJECT_ID, FAKE_SUBSCRIPTION_ID, FAKE_TENANT_ID, installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "proj", stack: "dev" });
const uai = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml";

const T = {
    component: "azureml:workspace:Workspace",
    storage: "azure-native:storage:StorageAccount",
    vault: "azure-native:keyvault:Vault",
    logs: "azure-native:operationalinsights:Workspace",
    insights: "azure-native:applicationinsights:Component",
    registry: "azure-native:containerregistry:Registry",
    workspace: "azure-native:machinelearningservices:Workspace",
    role: "azure-native:authorization:RoleAssignment",
    purge: "pulumi-nodejs:dynamic/azureml:WorkspacePurge",
};

beforeAll(async () => {
    new Workspace("mlw", {
        resourceGroupName: "rg",
        location: "westeurope",
        publicNetworkAccess: "Enabled",
        tags: { team: "ml" },
    });
    new Workspace("private", {
        resourceGroupName: "rg",
        publicNetworkAccess: "Disabled",
        containerRegistry: { sku: "Premium" },
        keyVault: { purgeProtection: true },
        identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
        userAssignedIdentityPrincipalId: "44444444-4444-4444-4444-444444444444",
    });
    new Workspace("isolated", {
        resourceGroupName: "rg",
        publicNetworkAccess: "Disabled",
        containerRegistry: { sku: "Premium" },
        managedNetwork: "AllowOnlyApprovedOutbound",
        imageBuildCompute: "builder",
    });
    new Workspace("deployer", {
        resourceGroupName: "rg",
        publicNetworkAccess: "Enabled",
        deployerBlobAccess: "servicePrincipal",
    });
    new Workspace("byo", {
        resourceGroupName: "rg",
        publicNetworkAccess: "Enabled",
        storageAccount: {
            existingId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/shared",
        },
        containerRegistry: {
            existingId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/shared",
        },
    });
    const purged = new Workspace("scratch", {
        resourceGroupName: "rg",
        publicNetworkAccess: "Enabled",
        purgeOnDestroy: true,
    });
    new ComputeCluster("scratch-cpu", {
        type: "amlCompute",
        vmSize: "Standard_DS3_v2",
        workspaceName: purged.workspaceName,
        resourceGroupName: "rg",
    });
    await settle();
});

describe("Workspace", () => {
    it("creates storage, key vault, logs, insights, registry and the workspace under the component", () => {
        const component = engine.get(T.component, "mlw");
        const children = engine
            .childrenOf(component)
            .map((r) => `${r.type}::${r.name}`)
            .sort();
        expect(children).toEqual(
            [
                `${T.insights}::mlw-insights`,
                `${T.registry}::mlw-registry`,
                `${T.vault}::mlw-keyvault`,
                `${T.workspace}::mlw-workspace`,
                `${T.logs}::mlw-logs`,
                `${T.storage}::mlw-storage`,
            ].sort(),
        );
    });

    it("locks storage down: identity-based datastores, no shared keys, no public blobs, TLS 1.2", () => {
        const storage = engine.get(T.storage, "mlw-storage").inputs;
        expect(storage).toMatchObject({
            kind: "StorageV2",
            sku: { name: "Standard_LRS" },
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            publicNetworkAccess: "Enabled",
            location: "westeurope",
            resourceGroupName: "rg",
        });
        expect(storage.accountName).toMatch(/^[a-z0-9]{3,24}$/);
        expect(storage.tags).toEqual({ team: "ml" });
    });

    it("creates an RBAC key vault in the caller's tenant", () => {
        const vault = engine.get(T.vault, "mlw-keyvault").inputs;
        expect(vault.properties).toMatchObject({
            tenantId: FAKE_TENANT_ID,
            sku: { family: "A", name: "standard" },
            enableRbacAuthorization: true,
            softDeleteRetentionInDays: 90,
        });
        expect(vault.properties.enablePurgeProtection).toBeUndefined();
        expect(engine.get(T.vault, "private-keyvault").inputs.properties.enablePurgeProtection).toBe(true);
    });

    it("connects App Insights to Log Analytics and keeps the registry admin user off", () => {
        const insights = engine.get(T.insights, "mlw-insights");
        const logs = engine.get(T.logs, "mlw-logs");
        expect(insights.inputs).toMatchObject({ kind: "web", applicationType: "web", ingestionMode: "LogAnalytics" });
        expect(insights.inputs.workspaceResourceId).toMatch(/Microsoft\.OperationalInsights\/workspaces\//);
        expect(engine.allDependencies(insights).has(logs.urn)).toBe(true);
        expect(engine.get(T.registry, "mlw-registry").inputs).toMatchObject({
            adminUserEnabled: false,
            sku: { name: "Basic" },
        });
    });

    it("wires the workspace to its dependencies in ARM shape", () => {
        const ws = engine.get(T.workspace, "mlw-workspace");
        expect(ws.inputs).toMatchObject({
            resourceGroupName: "rg",
            workspaceName: "mlw",
            kind: "Default",
            sku: { name: "Basic", tier: "Basic" },
            identity: { type: "SystemAssigned" },
            publicNetworkAccess: "Enabled",
            systemDatastoresAuthMode: "identity",
            hbiWorkspace: false,
            managedNetwork: { isolationMode: "Disabled" },
        });
        expect(ws.inputs.storageAccount).toMatch(/Microsoft\.Storage\/storageAccounts\//);
        expect(ws.inputs.keyVault).toMatch(/Microsoft\.KeyVault\/vaults\//);
        expect(ws.inputs.containerRegistry).toMatch(/Microsoft\.ContainerRegistry\/registries\//);
        expect(ws.inputs.applicationInsights).toMatch(/Microsoft\.Insights\/components\//);
        const deps = engine.allDependencies(ws);
        for (const child of ["mlw-storage", "mlw-keyvault", "mlw-registry", "mlw-insights"]) {
            expect([...deps].some((urn) => urn.endsWith(`::${child}`))).toBe(true);
        }
    });

    it("provisions a managed network with the workspace, not at the first deployment", () => {
        expect(engine.get(T.workspace, "isolated-workspace").inputs).toMatchObject({
            managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound" },
            provisionNetworkNow: true,
            imageBuildCompute: "builder",
        });
        expect(engine.get(T.workspace, "mlw-workspace").inputs.provisionNetworkNow).toBeUndefined();
        expect(engine.get(T.workspace, "mlw-workspace").inputs.imageBuildCompute).toBeUndefined();
    });

    it("closes every dependency to public networks when the workspace is private", () => {
        expect(engine.get(T.workspace, "private-workspace").inputs.publicNetworkAccess).toBe("Disabled");
        expect(engine.get(T.storage, "private-storage").inputs.publicNetworkAccess).toBe("Disabled");
        expect(engine.get(T.vault, "private-keyvault").inputs.properties.publicNetworkAccess).toBe("Disabled");
        expect(engine.get(T.registry, "private-registry").inputs.publicNetworkAccess).toBe("Disabled");
    });

    it("grants a user-assigned identity its roles before the workspace is created", () => {
        const roles = engine.ofType(T.role).filter((r) => r.parent === engine.get(T.component, "private").urn);
        expect(roles.map((r) => r.name).sort()).toEqual([
            "private-insights-contributor",
            "private-keyvault-administrator",
            "private-keyvault-contributor",
            "private-registry-contributor",
            "private-storage-blob-contributor",
            "private-storage-contributor",
        ]);
        for (const role of roles) {
            expect(role.inputs.principalId).toBe("44444444-4444-4444-4444-444444444444");
            expect(role.inputs.principalType).toBe("ServicePrincipal");
            expect(role.inputs.roleDefinitionId).toMatch(
                new RegExp(
                    `^/subscriptions/${FAKE_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/[0-9a-f-]{36}$`,
                ),
            );
        }
        const ws = engine.get(T.workspace, "private-workspace");
        expect(ws.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [uai] });
        expect(ws.inputs.primaryUserAssignedIdentity).toBe(uai);
        for (const role of roles) {
            expect(engine.allDependencies(ws).has(role.urn)).toBe(true);
        }
    });

    it("creates no role assignments for a system-assigned identity (Azure grants those)", () => {
        const mlw = engine.get(T.component, "mlw");
        expect(engine.ofType(T.role).filter((r) => r.parent === mlw.urn)).toEqual([]);
    });

    it("grants the deployer blob access only when asked", () => {
        const role = engine.get(T.role, "deployer-deployer-blob-contributor");
        expect(role.inputs.principalId).toBe(FAKE_OBJECT_ID);
        expect(role.inputs.principalType).toBe("ServicePrincipal");
        expect(role.inputs.roleDefinitionId).toMatch(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
        expect(role.inputs.scope).toMatch(/Microsoft\.Storage\/storageAccounts\//);
        expect(engine.ofType(T.role).filter((r) => r.name.endsWith("deployer-blob-contributor"))).toHaveLength(1);
        // Assets read the workspace name: the workspace waits for the grant, so uploads come after it.
        expect(engine.allDependencies(engine.get(T.workspace, "deployer-workspace")).has(role.urn)).toBe(true);
    });

    it("uses existing resources instead of creating them", () => {
        const byo = engine.get(T.component, "byo");
        const types = engine.childrenOf(byo).map((r) => r.type);
        expect(types).not.toContain(T.storage);
        expect(types).not.toContain(T.registry);
        const ws = engine.get(T.workspace, "byo-workspace").inputs;
        expect(ws.storageAccount).toBe(
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/shared",
        );
        expect(ws.containerRegistry).toBe(
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/shared",
        );
    });

    it("refuses invalid args before creating anything, naming each problem", () => {
        const before = engine.resources.length;
        let error: unknown;
        try {
            new Workspace("bad", {
                resourceGroupName: "rg",
                publicNetworkAccess: "Disabled",
                keyVault: { softDeleteRetentionDays: 1 },
                tags: { "a/b": "x" },
            });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(SpecValidationError);
        const message = (error as Error).message;
        expect(message).toContain('Workspace "bad" is invalid');
        expect(message).toContain("keyVault.softDeleteRetentionDays: at least 7, got 1");
        expect(message).toContain(
            "containerRegistry.sku: a workspace without public network access needs a Premium container registry",
        );
        expect(engine.resources.length).toBe(before);
        expect(engine.resources.some((r) => r.name.startsWith("bad"))).toBe(false);
    });

    it("refuses bad tags too", () => {
        expect(
            () =>
                new Workspace("badtags", {
                    resourceGroupName: "rg",
                    publicNetworkAccess: "Enabled",
                    tags: { "a/b": "x" },
                }),
        ).toThrow(/tags\["a\/b"\]: invalid name: tag keys cannot contain/);
    });

    describe("purge on destroy", () => {
        it("is off unless asked for", () => {
            expect(engine.ofType(T.purge).map((r) => r.name)).toEqual(["scratch-purge"]);
        });

        it("sits between the workspace and everything that uses it, so destroy purges last", () => {
            const purge = engine.get(T.purge, "scratch-purge");
            const workspace = engine.get(T.workspace, "scratch-workspace");
            expect(purge.parent).toBe(engine.get(T.component, "scratch").urn);
            expect(engine.propertyDependenciesOf(purge, "workspaceId")).toEqual([workspace.urn]);
            const compute = engine.get("azure-native:machinelearningservices:Compute", "scratch-cpu-compute");
            expect(engine.propertyDependenciesOf(compute, "workspaceName")).toEqual([purge.urn]);
            expect(purge.inputs.workspaceId).toBe(
                `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/scratch`,
            );
        });

        it("serializes a small provider with no credential in it", () => {
            const provider: string = engine.get(T.purge, "scratch-purge").inputs.__provider;
            expect(provider.length).toBeLessThan(8 * 1024);
            expect(provider).toContain('require("@azureml-pulumi/components/host-runtime")');
            expect(provider).not.toMatch(/DefaultAzureCredential|getToken|secret|password|ARM_CLIENT/i);
        });
    });
});
