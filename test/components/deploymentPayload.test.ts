import {
    BatchDeploymentProperties,
    KubernetesOnlineDeploymentProperties,
    ManagedOnlineDeploymentProperties,
    OnlineDeployment,
    OnlineEndpoint,
    autoscaleProfiles,
    batchDeploymentProperties,
    onlineDeploymentProperties,
} from "../../src/components";
import { SpecValidationError, autoscaleSpec, batchDeploymentSpec, onlineDeploymentSpec } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";
import { parsed } from "../support/problems";

const engine = installMockEngine({ project: "payload", stack: "test" });
const DEPLOYMENT = "azure-native:machinelearningservices:OnlineDeployment";
const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const workspace = {
    workspaceName: "ws",
    workspaceId: WS,
    resourceGroupName: "rg",
    publicNetworkAccess: "Enabled" as const,
};
const kubernetesRef = {
    endpointName: "edge",
    endpointId: `${WS}/onlineEndpoints/edge`,
    workspaceName: "ws",
    resourceGroupName: "rg",
    kind: "kubernetes" as const,
};
const managedRef = {
    ...kubernetesRef,
    endpointName: "api",
    endpointId: `${WS}/onlineEndpoints/api`,
    kind: "managed" as const,
};

beforeAll(async () => {
    new OnlineEndpoint("k8s", {
        workspace,
        kind: "kubernetes",
        compute: "aks",
        deployments: {
            plain: { model: "azureml:credit:1" },
            fixed: {
                model: "azureml:credit:1",
                instanceType: "cpu-small",
                instanceCount: 2,
                scaleSettings: { type: "default" },
            },
        },
        traffic: { plain: 100 },
    });
    new OnlineEndpoint("managed", {
        workspace,
        deployments: { blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" } },
        traffic: { blue: 100 },
    });
    new OnlineDeployment("alone", { endpoint: kubernetesRef, deploymentName: "alone", model: "azureml:credit:1" });
    await settle();
});

const properties = (name: string) => engine.get(DEPLOYMENT, name).inputs.properties;

describe("Kubernetes online deployments", () => {
    it("scale on target utilisation with Azure ML's documented defaults when nothing is set", () => {
        expect(properties("k8s-plain-deployment").scaleSettings).toEqual({
            scaleType: "TargetUtilization",
            minInstances: 1,
            maxInstances: 1,
            targetUtilizationPercentage: 70,
            pollingInterval: "PT1S",
        });
    });

    it("keep a fixed instance count with the default scale type", () => {
        expect(properties("k8s-fixed-deployment").scaleSettings).toEqual({ scaleType: "Default" });
        expect(engine.get(DEPLOYMENT, "k8s-fixed-deployment").inputs.sku).toEqual({ name: "Default", capacity: 2 });
    });

    it("always send an instance type, the cluster's default one unless named", () => {
        expect(properties("k8s-plain-deployment").instanceType).toBe("defaultinstancetype");
        expect(properties("k8s-fixed-deployment").instanceType).toBe("cpu-small");
        expect(properties("alone-deployment")).toMatchObject({
            endpointComputeType: "Kubernetes",
            instanceType: "defaultinstancetype",
            scaleSettings: { scaleType: "TargetUtilization" },
        });
    });

    it("refuse endpoint and deployment names longer than 62 characters together", () => {
        const long = "d".repeat(31);
        expect(
            () =>
                new OnlineEndpoint("e".repeat(32), {
                    workspace,
                    kind: "kubernetes",
                    compute: "aks",
                    deployments: { [long]: { model: "azureml:m:1" } },
                }),
        ).toThrow(
            new RegExp(
                `deployments\\.${long}: endpoint '${"e".repeat(32)}' \\(32 characters\\) and deployment '${long}' \\(31\\) add up to 63 characters`,
            ),
        );
        expect(
            () =>
                new OnlineDeployment("long", {
                    endpoint: { ...kubernetesRef, endpointName: "e".repeat(32) },
                    deploymentName: long,
                    model: "azureml:m:1",
                }),
        ).toThrow(SpecValidationError);
    });
});

describe("managed online deployments", () => {
    it("stay on the default scale type", () => {
        expect(properties("managed-blue-deployment").scaleSettings).toEqual({ scaleType: "Default" });
    });

    it("refuse a request timeout above 180 s when declared on their own", () => {
        expect(
            () =>
                new OnlineDeployment("slow", {
                    endpoint: managedRef,
                    model: "azureml:m:1",
                    instanceType: "Standard_DS3_v2",
                    requestSettings: { requestTimeoutMs: 200_000 },
                }),
        ).toThrow(/requestSettings\.requestTimeoutMs: managed online endpoints allow at most 180000 ms/);
    });
});

describe("batch deployment ARM body", () => {
    it("carries ARM enum casing whatever casing the spec took", () => {
        const spec = parsed(batchDeploymentSpec, {
            model: "azureml:credit:1",
            compute: "cpu",
            outputAction: "summary_only",
            loggingLevel: "warning",
        });
        expect(batchDeploymentProperties(spec, { modelId: "model-id", computeId: "compute-id" })).toMatchObject({
            outputAction: "SummaryOnly",
            loggingLevel: "Warning",
            model: { referenceType: "Id", assetId: "model-id" },
            compute: "compute-id",
            retrySettings: { maxRetries: 3, timeout: "PT30S" },
        });
        const defaults = batchDeploymentProperties(
            parsed(batchDeploymentSpec, { model: "azureml:credit:1", compute: "cpu" }),
            { modelId: "m", computeId: "c" },
        );
        expect(defaults).toMatchObject({
            outputAction: "AppendRow",
            outputFileName: "predictions.csv",
            loggingLevel: "Info",
            miniBatchSize: 10,
            errorThreshold: -1,
        });
        const debug = batchDeploymentProperties(
            parsed(batchDeploymentSpec, { model: "azureml:credit:1", compute: "cpu", loggingLevel: "debug" }),
            { modelId: "m", computeId: "c" },
        );
        expect(debug.loggingLevel).toBe("Debug");
    });
});

describe("ARM bodies typed by azure-native", () => {
    const spec = parsed(onlineDeploymentSpec, { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" });

    it("are built from plain data, with no cast between them and the resource", () => {
        const managed: ManagedOnlineDeploymentProperties = onlineDeploymentProperties(spec, "managed", {
            modelId: "model-id",
        });
        expect(managed).toMatchObject({ endpointComputeType: "Managed", model: "model-id" });
        const kubernetes: KubernetesOnlineDeploymentProperties = onlineDeploymentProperties(spec, "kubernetes", {});
        expect(kubernetes.endpointComputeType).toBe("Kubernetes");
        // @ts-expect-error a managed body is not a Kubernetes one
        const wrongKind: KubernetesOnlineDeploymentProperties = onlineDeploymentProperties(spec, "managed", {});
        expect(wrongKind).toBeDefined();
        const profiles = autoscaleProfiles(
            parsed(autoscaleSpec, {
                minInstances: 1,
                maxInstances: 2,
                rules: [
                    { metric: "CpuUtilizationPercentage", operator: "GreaterThan", threshold: 70, direction: "out" },
                    { metric: "CpuUtilizationPercentage", operator: "LessThan", threshold: 20, direction: "in" },
                ],
            }),
            "blue",
            "deployment-id",
            "endpoint-id",
        );
        expect(profiles[0]).toMatchObject({ name: "default", capacity: { minimum: "1", maximum: "2", default: "1" } });
    });

    it("refuse a field ARM does not have at compile time (tsc checks each expected error)", () => {
        const managed: ManagedOnlineDeploymentProperties = {
            endpointComputeType: "Managed",
            // @ts-expect-error ARM calls it instanceType
            instanceSize: "Standard_DS3_v2",
        };
        const batch: BatchDeploymentProperties = {
            // @ts-expect-error ARM takes AppendRow / SummaryOnly as a string, not a boolean
            outputAction: true,
        };
        expect([managed, batch]).toHaveLength(2);
    });
});
