import * as pulumi from "@pulumi/pulumi";
import { deployPlatform } from "../../src/platform";
import { parseOrThrow, platformSpec } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "azureml-platform", stack: "edge" });
const DEPLOYMENT = "azure-native:machinelearningservices:OnlineDeployment";

beforeAll(async () => {
    const spec = parseOrThrow(
        platformSpec,
        {
            location: "westeurope",
            workspace: { publicNetworkAccess: "Enabled" },
            computes: {
                aks: {
                    type: "kubernetes",
                    resourceId:
                        "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/aks",
                    defaultInstanceType: "cpu-small",
                },
            },
            onlineEndpoints: {
                edge: {
                    kind: "kubernetes",
                    compute: "aks",
                    deployments: {
                        blue: { model: "azureml:credit:1" },
                        green: { model: "azureml:credit:2", instanceType: "gpu-large" },
                    },
                    traffic: { blue: 100 },
                },
            },
        },
        "edge stack",
    );
    await pulumi.runtime.runInPulumiStack(async () => deployPlatform(spec));
    await settle();
});

describe("a kubernetes endpoint in the platform program", () => {
    it("sends the attached compute's default instance type when a deployment names none", () => {
        expect(engine.get(DEPLOYMENT, "edge-blue-deployment").inputs.properties).toMatchObject({
            instanceType: "cpu-small",
            scaleSettings: { scaleType: "TargetUtilization" },
        });
        expect(engine.get(DEPLOYMENT, "edge-green-deployment").inputs.properties.instanceType).toBe("gpu-large");
    });
});
