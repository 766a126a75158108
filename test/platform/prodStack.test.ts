import { runShippedStack } from "../support/platformRun";
import type { MockEngine } from "../../src/testing";

let engine: MockEngine;

beforeAll(async () => {
    ({ engine } = await runShippedStack("prod"));
});

describe("the prod stack under the mock engine", () => {
    it("keeps the workspace and its dependencies off public networks", () => {
        const ws = engine.get(
            "azure-native:machinelearningservices:Workspace",
            "azureml-platform-prod-workspace",
        ).inputs;
        expect(ws).toMatchObject({
            publicNetworkAccess: "Disabled",
            hbiWorkspace: true,
            managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound" },
        });
        expect(
            engine.get("azure-native:containerregistry:Registry", "azureml-platform-prod-registry").inputs,
        ).toMatchObject({ sku: { name: "Premium" }, publicNetworkAccess: "Disabled" });
        expect(engine.get("azure-native:storage:StorageAccount", "azureml-platform-prod-storage").inputs).toMatchObject(
            { sku: { name: "Standard_ZRS" }, publicNetworkAccess: "Disabled" },
        );
    });

    it("provisions the managed network with the workspace and builds images on the cluster", () => {
        const ws = engine.get(
            "azure-native:machinelearningservices:Workspace",
            "azureml-platform-prod-workspace",
        ).inputs;
        expect(ws).toMatchObject({ provisionNetworkNow: true, imageBuildCompute: "cpu-cluster" });
        const endpoint = engine.get("azure-native:machinelearningservices:OnlineEndpoint", "credit-prod-endpoint");
        expect(
            engine
                .allDependencies(endpoint)
                .has(engine.get("azure-native:machinelearningservices:Compute", "cpu-cluster-compute").urn),
        ).toBe(true);
    });

    it("sizes the cluster for always-on capacity", () => {
        const props = engine.get("azure-native:machinelearningservices:Compute", "cpu-cluster-compute").inputs
            .properties.properties;
        expect(props).toMatchObject({
            vmSize: "Standard_DS4_v2",
            vmPriority: "Dedicated",
            scaleSettings: { minNodeCount: 1, maxNodeCount: 8, nodeIdleTimeBeforeScaleDown: "PT1800S" },
        });
    });

    it("names every child after its component", () => {
        for (const component of engine.resources.filter((r) => r.type.startsWith("azureml:"))) {
            for (const child of engine.childrenOf(component)) {
                expect(child.name.startsWith(`${component.name}-`)).toBe(true);
            }
        }
    });

    it("derives globally unique names that differ from dev's", () => {
        const account = engine.get("azure-native:storage:StorageAccount", "azureml-platform-prod-storage").inputs
            .accountName;
        expect(account).toMatch(/^[a-z0-9]{3,24}$/);
        expect(engine.get("azure-native:keyvault:Vault", "azureml-platform-prod-keyvault").inputs.vaultName).toMatch(
            /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/,
        );
    });
});
