import { runShippedStack } from "../support/platformRun";
import type { MockEngine } from "../../src/testing";

let engine: MockEngine;
let outputs: Record<string, any> | undefined;
let warnings: string[];

beforeAll(async () => {
    ({ engine, outputs, warnings } = await runShippedStack("dev"));
});

describe("the dev stack under the mock engine", () => {
    it("creates the resource group, the workspace with its dependencies and the cluster", () => {
        const types = engine.resources.map((r) => r.type);
        for (const type of [
            "pulumi:pulumi:Stack",
            "azure-native:resources:ResourceGroup",
            "azureml:workspace:Workspace",
            "azure-native:machinelearningservices:Workspace",
            "azureml:compute:ComputeCluster",
            "azure-native:machinelearningservices:Compute",
        ]) {
            expect(types).toContain(type);
        }
        expect(engine.get("azure-native:resources:ResourceGroup", "azureml-platform-dev").inputs).toMatchObject({
            location: "westeurope",
        });
    });

    it("names every child after its component", () => {
        const components = engine.resources.filter((r) => r.type.startsWith("azureml:"));
        expect(components.length).toBeGreaterThanOrEqual(2);
        for (const component of components) {
            const children = engine.childrenOf(component);
            expect(children.length).toBeGreaterThan(0);
            for (const child of children) {
                expect(`${child.name}`.startsWith(`${component.name}-`)).toBe(true);
            }
        }
    });

    it("carries stack tags onto resources", () => {
        expect(engine.get("azure-native:storage:StorageAccount", "azureml-platform-dev-storage").inputs.tags).toEqual({
            "managed-by": "pulumi",
            "pulumi-stack": "azureml-platform-dev",
            environment: "dev",
            "cost-center": "ml-platform",
        });
    });

    it("puts the cluster in the workspace that the workspace component created", () => {
        const compute = engine.get("azure-native:machinelearningservices:Compute", "cpu-cluster-compute");
        const workspace = engine.get(
            "azure-native:machinelearningservices:Workspace",
            "azureml-platform-dev-workspace",
        );
        expect(compute.inputs.workspaceName).toBe(workspace.inputs.workspaceName);
        // dev purges on destroy: everything reads the workspace through the purge resource, so it goes last.
        const purge = engine.get("pulumi-nodejs:dynamic/azureml:WorkspacePurge", "azureml-platform-dev-purge");
        expect(engine.propertyDependenciesOf(compute, "workspaceName")).toEqual([purge.urn]);
        expect(engine.propertyDependenciesOf(purge, "workspaceId")).toEqual([workspace.urn]);
        expect(compute.inputs.properties.properties).toMatchObject({
            vmSize: "Standard_DS3_v2",
            vmPriority: "LowPriority",
            scaleSettings: { maxNodeCount: 2 },
        });
    });

    it("deploys the batch endpoint from config: its deployment on the stack's cluster, the default set by its owner", () => {
        expect(warnings).toEqual([]);
        const endpoint = engine.get("azure-native:machinelearningservices:BatchEndpoint", "credit-batch-dev-endpoint");
        const deployment = engine.get(
            "azure-native:machinelearningservices:BatchDeployment",
            "credit-batch-dev-nightly-deployment",
        );
        const compute = engine.get("azure-native:machinelearningservices:Compute", "cpu-cluster-compute");
        const defaults = engine.get("pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults", "credit-batch-dev-defaults");
        expect(engine.allDependencies(deployment).has(compute.urn)).toBe(true);
        expect(engine.allDependencies(deployment).has(endpoint.urn)).toBe(true);
        expect(engine.allDependencies(defaults).has(deployment.urn)).toBe(true);
        expect(defaults.inputs.defaultDeployment).toBe("nightly");
        expect(deployment.inputs.properties).toMatchObject({ miniBatchSize: 10, outputAction: "AppendRow" });
        expect(outputs?.batchEndpoints["credit-batch-dev"].defaultDeployment).toBe("nightly");
    });

    it("registers the model, code and environment with content-derived versions", () => {
        expect(outputs?.assets.models["credit-default"]).toMatch(/^azureml:credit-default:[0-9a-f]{16}$/);
        expect(outputs?.assets.codes["credit-score"]).toMatch(/^azureml:credit-score:[0-9a-f]{16}$/);
        expect(outputs?.assets.environments["credit-runtime"]).toMatch(/^azureml:credit-runtime:[0-9a-f]{16}$/);
        const upload = engine.get("pulumi-nodejs:dynamic/azureml:AssetUpload", "credit-default-upload");
        expect(upload.inputs.source).toBe("examples/assets/credit-model");
        const purge = engine.get("pulumi-nodejs:dynamic/azureml:WorkspacePurge", "azureml-platform-dev-purge");
        expect(
            engine.propertyDependenciesOf(
                engine.get("azure-native:machinelearningservices:ModelVersion", "credit-default-version"),
                "workspaceName",
            ),
        ).toEqual([purge.urn]);
    });

    it("serves the endpoint in one graph and exports its key only as a secret", () => {
        const traffic = engine.get("pulumi-nodejs:dynamic/azureml:EndpointTraffic", "credit-dev-traffic");
        const deployment = engine.get(
            "azure-native:machinelearningservices:OnlineDeployment",
            "credit-dev-blue-deployment",
        );
        expect(engine.allDependencies(traffic).has(deployment.urn)).toBe(true);
        expect(traffic.inputs.traffic).toEqual({ blue: 100 });
        expect(deployment.inputs.properties.model).toMatch(/\/models\/credit-default\/versions\/[0-9a-f]{16}$/);
        expect(deployment.inputs.properties.codeConfiguration).toMatchObject({ scoringScript: "score.py" });
        expect(engine.stackOutputs()?.onlineEndpoints).toEqual({
            "credit-dev": {
                scoringUri: "https://credit-dev.westeurope.inference.ml.azure.com/score",
                primaryKey: "[secret]",
            },
        });
    });

    it("exports the workspace and compute names", () => {
        expect(outputs).toMatchObject({
            resourceGroupName: "azureml-platform-dev",
            workspaceName: "azureml-platform-dev",
            computes: { "cpu-cluster": "cpu-cluster" },
        });
    });
});
