import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { ArmClient, armTarget } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, RG, SUB, WS, WS_PATH } from "../support/emulator";
import { microsoftClient } from "../support/microsoftClient";

/** Computes as the 2025-12-01 swagger declares them (Compute_CreateOrUpdate / _Get / _Delete). */

const computePath = (name: string) => `${WS_PATH}/computes/${name}`;
const amlCompute = {
    location: "westeurope",
    properties: {
        computeType: "AmlCompute",
        description: "batch scoring",
        properties: {
            vmSize: "STANDARD_DS3_V2",
            vmPriority: "Dedicated",
            scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT2M" },
        },
    },
};

describe("computes over HTTP, on a manual clock", () => {
    let emulator: AzureMlEmulator;
    let bare: ArmClient;
    const state = async (name: string) =>
        ((await bare.request("GET", computePath(name), { apiVersion: API })).body as any).properties.provisioningState;

    beforeAll(async () => {
        emulator = await AzureMlEmulator.start({
            clock: { manual: true },
            computeProvisioningMs: 60_000,
            deleteMs: 30_000,
        });
        emulator.seedWorkspace(SUB, RG, WS);
        bare = new ArmClient(armTarget(emulator.env()), { maxRetries: 0 });
    });

    afterAll(() => emulator.stop());

    it("creates with 201 and Azure-AsyncOperation, keeps the body's properties, and shows Creating then Succeeded", async () => {
        const created = await bare.send("PUT", computePath("cpu"), { apiVersion: API, body: amlCompute });
        expect(created.status).toBe(201);
        expect(created.headers["azure-asyncoperation"]).toMatch(/\/mfeOperationsStatus\/op-\d+\?api-version=/);
        expect(created.headers["x-ms-async-operation-timeout"]).toBeUndefined();
        expect((created.body as any).properties.provisioningState).toBe("Creating");
        expect(await state("cpu")).toBe("Creating");

        emulator.clock.advance(60_000);
        const read = (await bare.request("GET", computePath("cpu"), { apiVersion: API })).body as any;
        expect(read).toMatchObject({
            name: "cpu",
            type: "Microsoft.MachineLearningServices/workspaces/computes",
            location: "westeurope",
            properties: {
                computeType: "AmlCompute",
                description: "batch scoring",
                provisioningState: "Succeeded",
                properties: {
                    vmSize: "STANDARD_DS3_V2",
                    scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT2M" },
                },
            },
        });
        expect(read.id.toLowerCase()).toBe(computePath("cpu").toLowerCase());
        expect(Date.parse(read.properties.createdOn)).toBe(emulator.clock.now() - 60_000);
    });

    it("overwrites on a second PUT (Updating), and refuses a write while an operation runs", async () => {
        const bigger = {
            ...amlCompute,
            properties: {
                ...amlCompute.properties,
                properties: {
                    ...amlCompute.properties.properties,
                    scaleSettings: { minNodeCount: 1, maxNodeCount: 8 },
                },
            },
        };
        const updated = await bare.send("PUT", computePath("cpu"), { apiVersion: API, body: bigger });
        expect(updated.status).toBe(201);
        expect(await state("cpu")).toBe("Updating");
        const busy = await bare.send("PUT", computePath("cpu"), { apiVersion: API, body: amlCompute });
        expect(busy.status).toBe(409);
        emulator.clock.advance(60_000);
        const read = (await bare.request("GET", computePath("cpu"), { apiVersion: API })).body as any;
        expect(read.properties.provisioningState).toBe("Succeeded");
        expect(read.properties.properties.scaleSettings).toEqual({ minNodeCount: 1, maxNodeCount: 8 });
    });

    it("refuses a compute without computeType, and one in a workspace that does not exist", async () => {
        const untyped = await bare.send("PUT", computePath("untyped"), {
            apiVersion: API,
            body: { location: "westeurope", properties: { properties: { vmSize: "STANDARD_DS3_V2" } } },
        });
        expect(untyped.status).toBe(400);
        expect((untyped.body as any).error.message).toContain("computeType");
        const elsewhere = await bare.send(
            "PUT",
            computePath("cpu").replace(`/workspaces/${WS}/`, "/workspaces/nope/"),
            {
                apiVersion: API,
                body: amlCompute,
            },
        );
        expect(elsewhere.status).toBe(404);
        expect((await bare.send("GET", computePath("untyped"), { apiVersion: API })).status).toBe(404);
    });

    it("needs underlyingResourceAction Delete or Detach to delete", async () => {
        const none = await bare.send("DELETE", computePath("cpu"), { apiVersion: API });
        expect(none.status).toBe(400);
        expect((none.body as any).error.message).toContain("underlyingResourceAction");
        const wrong = await bare.send("DELETE", computePath("cpu"), {
            apiVersion: API,
            query: { underlyingResourceAction: "Remove" },
        });
        expect(wrong.status).toBe(400);
        expect(await state("cpu")).toBe("Succeeded");
    });

    it("deletes with 202, Azure-AsyncOperation and Location, shows Deleting, then is gone; a second delete is 204", async () => {
        const deleted = await bare.send("DELETE", computePath("cpu"), {
            apiVersion: API,
            query: { underlyingResourceAction: "Delete" },
        });
        expect(deleted.status).toBe(202);
        expect(deleted.headers["azure-asyncoperation"]).toMatch(/\/mfeOperationsStatus\//);
        expect(deleted.headers.location).toMatch(/\/mfeOperationResults\//);
        expect(await state("cpu")).toBe("Deleting");
        expect((await bare.send("GET", deleted.headers.location, {})).status).toBe(202);
        emulator.clock.advance(30_000);
        expect((await bare.send("GET", deleted.headers.location, {})).status).toBe(200);
        expect((await bare.send("GET", computePath("cpu"), { apiVersion: API })).status).toBe(404);
        const again = await bare.send("DELETE", computePath("cpu"), {
            apiVersion: API,
            query: { underlyingResourceAction: "Detach" },
        });
        expect(again.status).toBe(204);
    });

    it("keeps a compute whose delete failed", async () => {
        await bare.send("PUT", computePath("kept"), { apiVersion: API, body: amlCompute });
        emulator.clock.advance(60_000);
        emulator.injectFault({ kind: "lro-failed", method: "DELETE", path: "/computes/kept" });
        await bare.send("DELETE", computePath("kept"), {
            apiVersion: API,
            query: { underlyingResourceAction: "Delete" },
        });
        emulator.clock.advance(30_000);
        expect(await state("kept")).toBe("Succeeded");
    });
});

describe("Microsoft's ARM client against the emulator's computes", () => {
    let emulator: AzureMlEmulator;
    let client: AzureMachineLearningWorkspaces;

    beforeAll(async () => {
        emulator = await AzureMlEmulator.start({ lroRetryAfterSeconds: null });
        emulator.seedWorkspace(SUB, RG, WS);
        client = microsoftClient(emulator);
    });

    afterAll(() => emulator.stop());

    it("creates, polls, reads and deletes an AmlCompute", async () => {
        const created = await client.computeOperations.beginCreateOrUpdateAndWait(RG, WS, "gpu", amlCompute as any, {
            updateIntervalInMs: 10,
        });
        expect(created.properties?.provisioningState).toBe("Succeeded");
        const read = await client.computeOperations.get(RG, WS, "gpu");
        expect(read.properties).toMatchObject({
            computeType: "AmlCompute",
            provisioningState: "Succeeded",
            properties: { vmSize: "STANDARD_DS3_V2", scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } },
        });
        await client.computeOperations.beginDeleteAndWait(RG, WS, "gpu", "Delete", { updateIntervalInMs: 10 });
        await expect(client.computeOperations.get(RG, WS, "gpu")).rejects.toMatchObject({
            statusCode: 404,
            code: "ResourceNotFound",
        });
        expect(emulator.requests("DELETE", "/computes/gpu")[0].query).toContain("underlyingResourceAction=Delete");
    });
});
