import * as pulumi from "@pulumi/pulumi";
import { deployPlatform } from "../../src/platform";
import { parseOrThrow, platformSpec } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "azureml-platform", stack: "dev" });
const DEPLOYMENT = "azure-native:machinelearningservices:OnlineDeployment";

beforeAll(async () => {
    const spec = parseOrThrow(
        platformSpec,
        {
            location: "westeurope",
            tags: { environment: "dev", owner: "platform" },
            workspace: { publicNetworkAccess: "Enabled" },
            onlineEndpoints: {
                credit: {
                    tags: { service: "credit", owner: "ml" },
                    deployments: {
                        blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2", tags: { owner: "team-a" } },
                        green: { model: "azureml:credit:2", instanceType: "Standard_DS3_v2" },
                    },
                    traffic: { blue: 100 },
                },
            },
        },
        "tags stack",
    );
    await pulumi.runtime.runInPulumiStack(async () => deployPlatform(spec));
    await settle();
});

describe("tags from stack config", () => {
    it("merge stack, then endpoint, then deployment tags on the ARM deployment", () => {
        expect(engine.get(DEPLOYMENT, "credit-blue-deployment").inputs.tags).toEqual({
            "managed-by": "pulumi",
            "pulumi-stack": "azureml-platform-dev",
            environment: "dev",
            service: "credit",
            owner: "team-a",
        });
        expect(engine.get(DEPLOYMENT, "credit-green-deployment").inputs.tags).toMatchObject({
            environment: "dev",
            service: "credit",
            owner: "ml",
        });
    });

    it("put the stack's and the endpoint's tags on the endpoint", () => {
        expect(
            engine.get("azure-native:machinelearningservices:OnlineEndpoint", "credit-endpoint").inputs.tags,
        ).toMatchObject({ environment: "dev", service: "credit", owner: "ml" });
    });
});
