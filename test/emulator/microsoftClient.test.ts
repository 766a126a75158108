import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { AzureMlEmulator } from "../../src/testing";
import { RG, SUB, WS } from "../support/emulator";
import { microsoftClient } from "../support/microsoftClient";

let emulator: AzureMlEmulator;
let client: AzureMachineLearningWorkspaces;

beforeAll(async () => {
    emulator = await AzureMlEmulator.start({ lroRetryAfterSeconds: null });
    emulator.seedWorkspace(SUB, RG, WS);
    client = microsoftClient(emulator);
});

afterAll(() => emulator.stop());

describe("Microsoft's own ARM client against the emulator", () => {
    it("creates, polls and reads an online endpoint without a parse error", async () => {
        const created = await client.onlineEndpoints.beginCreateOrUpdateAndWait(
            RG,
            WS,
            "credit",
            {
                location: "westeurope",
                identity: { type: "SystemAssigned" },
                properties: { authMode: "Key", description: "credit scoring" },
            },
            { updateIntervalInMs: 10 },
        );
        expect(created.properties.provisioningState).toBe("Succeeded");
        const read = await client.onlineEndpoints.get(RG, WS, "credit");
        expect(read.properties).toMatchObject({
            authMode: "Key",
            description: "credit scoring",
            provisioningState: "Succeeded",
        });
        expect(read.properties.scoringUri).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/inference\/online\//);
        expect(read.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
        expect(
            emulator.requests("GET", "mfeOperationsStatus").length +
                emulator.requests("GET", "mfeOperationResults").length,
        ).toBeGreaterThan(0);
    });

    it("creates, polls and reads a deployment, then lists keys", async () => {
        const deployment = await client.onlineDeployments.beginCreateOrUpdateAndWait(
            RG,
            WS,
            "credit",
            "blue",
            {
                location: "westeurope",
                sku: { name: "Default", capacity: 1 },
                properties: {
                    endpointComputeType: "Managed",
                    instanceType: "Standard_DS3_v2",
                    model: "azureml:credit:1",
                    requestSettings: { requestTimeout: "PT5S" },
                },
            },
            { updateIntervalInMs: 10 },
        );
        expect(deployment.properties.provisioningState).toBe("Succeeded");
        const read = await client.onlineDeployments.get(RG, WS, "credit", "blue");
        expect(read.properties).toMatchObject({
            endpointComputeType: "Managed",
            instanceType: "Standard_DS3_v2",
            provisioningState: "Succeeded",
        });
        expect(read.sku?.capacity).toBe(1);
        const keys = await client.onlineEndpoints.listKeys(RG, WS, "credit");
        expect(keys.primaryKey).toEqual(expect.any(String));
        expect(keys.secondaryKey).not.toBe(keys.primaryKey);
    });

    it("reports an ARM error body as a RestError with the code", async () => {
        await expect(client.onlineEndpoints.get(RG, WS, "missing")).rejects.toMatchObject({
            statusCode: 404,
            code: "ResourceNotFound",
        });
    });
});
