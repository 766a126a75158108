import { ArmClient, ArmError, armTarget } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, SUB, RG, WS, WS_PATH } from "../support/emulator";

/** ARM long-running operations as the 2025-12-01 swagger declares them, seen through HTTP on a manual clock. */

let emulator: AzureMlEmulator;
let bare: ArmClient;

const endpointPath = (name: string) => `${WS_PATH}/onlineEndpoints/${name}`;
const endpointBody = { location: "westeurope", identity: { type: "SystemAssigned" }, properties: { authMode: "Key" } };
const deploymentBody = (capacity: number) => ({
    location: "westeurope",
    sku: { name: "Default", capacity },
    properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2", model: "azureml:credit:1" },
});
const state = async (path: string) =>
    ((await bare.request("GET", path, { apiVersion: API })).body as any).properties.provisioningState;

beforeAll(async () => {
    emulator = await AzureMlEmulator.start({
        clock: { manual: true },
        endpointProvisioningMs: 60_000,
        deploymentProvisioningMs: 600_000,
        deleteMs: 30_000,
    });
    emulator.seedWorkspace(SUB, RG, WS);
    bare = new ArmClient(armTarget(emulator.env()), { maxRetries: 0 });
});

afterAll(() => emulator.stop());

beforeEach(() => emulator.clearFaults());

describe("long-running operations", () => {
    it("answers a PUT with 201 and Azure-AsyncOperation, and its status with Retry-After while it runs", async () => {
        const created = await bare.send("PUT", endpointPath("put"), { apiVersion: API, body: endpointBody });
        expect(created.status).toBe(201);
        expect(created.headers["azure-asyncoperation"]).toMatch(
            /\/mfeOperationsStatus\/op-\d+\?api-version=2025-12-01$/,
        );
        expect(created.headers["x-ms-async-operation-timeout"]).toMatch(/^P/);
        expect(created.headers.location).toBeUndefined();
        expect((created.body as any).properties.provisioningState).toBe("Creating");

        const running = await bare.send("GET", created.headers["azure-asyncoperation"], {});
        expect(running.body).toMatchObject({ status: "InProgress" });
        expect(Number(running.headers["retry-after"])).toBeGreaterThanOrEqual(10);
        emulator.clock.advance(60_000);
        expect((await bare.send("GET", created.headers["azure-asyncoperation"], {})).body).toMatchObject({
            status: "Succeeded",
        });

        const updated = await bare.send("PUT", endpointPath("put"), { apiVersion: API, body: endpointBody });
        expect(updated.status).toBe(201);
        expect((updated.body as any).properties.provisioningState).toBe("Updating");
        emulator.clock.advance(60_000);
    });

    it("answers PATCH and DELETE with 202, Location and a Retry-After of at least 10 s", async () => {
        await bare.send("PUT", endpointPath("patch"), { apiVersion: API, body: endpointBody });
        emulator.clock.advance(60_000);
        const patched = await bare.send("PATCH", endpointPath("patch"), {
            apiVersion: API,
            body: { tags: { team: "ml" } },
        });
        expect(patched.status).toBe(202);
        expect(patched.body).toBeFalsy();
        expect(patched.headers.location).toMatch(/\/mfeOperationResults\/op-\d+\?api-version=2025-12-01$/);
        expect(patched.headers["azure-asyncoperation"]).toBeUndefined();
        expect(patched.headers["retry-after"]).toBe("10");
        const polled = await bare.send("GET", patched.headers.location, {});
        expect(polled.status).toBe(202);
        expect(polled.headers["retry-after"]).toBe("10");
        emulator.clock.advance(60_000);
        expect((await bare.send("GET", patched.headers.location, {})).status).toBe(200);

        const deleted = await bare.send("DELETE", endpointPath("patch"), { apiVersion: API });
        expect(deleted.status).toBe(202);
        expect(deleted.headers.location).toMatch(/\/mfeOperationResults\//);
        expect(deleted.headers["retry-after"]).toBe("10");
        expect(await state(endpointPath("patch"))).toBe("Deleting");
        emulator.clock.advance(30_000);
        expect((await bare.send("GET", endpointPath("patch"), { apiVersion: API })).status).toBe(404);
    });

    it("ends an operation Canceled with OperationCanceled, and the resource says Canceled", async () => {
        await bare.send("PUT", endpointPath("cancel"), { apiVersion: API, body: endpointBody });
        emulator.clock.advance(60_000);
        emulator.injectFault({ kind: "lro-canceled", method: "PUT", path: "/deployments/blue" });
        const put = await bare.send("PUT", `${endpointPath("cancel")}/deployments/blue`, {
            apiVersion: API,
            body: deploymentBody(1),
        });
        emulator.clock.advance(600_000);
        expect((await bare.send("GET", put.headers["azure-asyncoperation"], {})).body).toMatchObject({
            status: "Canceled",
            error: { code: "OperationCanceled" },
        });
        expect(await state(`${endpointPath("cancel")}/deployments/blue`)).toBe("Canceled");
        expect(emulator.requests("PUT", "/deployments/blue").slice(-1)[0].fault).toBe("lro-canceled");
    });

    it("shows Scaling while only the capacity of a deployment changes, Updating otherwise", async () => {
        await bare.send("PUT", endpointPath("scale"), { apiVersion: API, body: endpointBody });
        emulator.clock.advance(60_000);
        const deployment = `${endpointPath("scale")}/deployments/blue`;
        await bare.send("PUT", deployment, { apiVersion: API, body: deploymentBody(1) });
        expect(await state(deployment)).toBe("Creating");
        emulator.clock.advance(600_000);
        await bare.send("PUT", deployment, { apiVersion: API, body: deploymentBody(3) });
        expect(await state(deployment)).toBe("Scaling");
        emulator.clock.advance(600_000);
        expect(await state(deployment)).toBe("Succeeded");
        expect((await bare.send("PATCH", deployment, { apiVersion: API, body: { sku: { capacity: 2 } } })).status).toBe(
            202,
        );
        expect(await state(deployment)).toBe("Scaling");
        emulator.clock.advance(600_000);
        await bare.send("PUT", deployment, {
            apiVersion: API,
            body: { ...deploymentBody(2), properties: { ...deploymentBody(2).properties, model: "azureml:credit:2" } },
        });
        expect(await state(deployment)).toBe("Updating");
        emulator.clock.advance(600_000);
    });

    it("refuses an instance count below 1 on PUT and PATCH, leaving the deployment as it was", async () => {
        await bare.send("PUT", endpointPath("floor"), { apiVersion: API, body: endpointBody });
        emulator.clock.advance(60_000);
        const deployment = `${endpointPath("floor")}/deployments/blue`;
        const zero = await bare.send("PUT", deployment, { apiVersion: API, body: deploymentBody(0) });
        expect(zero.status).toBe(400);
        expect((zero.body as any).error.message).toContain("a whole number of at least 1; got 0");
        await bare.send("PUT", deployment, { apiVersion: API, body: deploymentBody(2) });
        emulator.clock.advance(600_000);
        const patched = await bare.send("PATCH", deployment, { apiVersion: API, body: { sku: { capacity: 0 } } });
        expect(patched.status).toBe(400);
        expect(((await bare.request("GET", deployment, { apiVersion: API })).body as any).sku.capacity).toBe(2);
        expect(await state(deployment)).toBe("Succeeded");
    });

    it("answers 409 with the busy code while an operation runs, and takes a configured code", async () => {
        await bare.send("PUT", endpointPath("busy"), { apiVersion: API, body: endpointBody });
        const busy = await bare.send("PUT", endpointPath("busy"), { apiVersion: API, body: endpointBody });
        expect(busy.status).toBe(409);
        expect((busy.body as any).error).toMatchObject({
            code: "Conflict",
            details: [{ code: "OperationDuplicationConflict" }],
        });
        emulator.clock.advance(60_000);

        const other = await AzureMlEmulator.start({
            clock: { manual: true },
            busyErrorCode: "AnotherOperationInProgress",
        });
        try {
            other.seedWorkspace(SUB, RG, WS);
            const client = new ArmClient(armTarget(other.env()), { maxRetries: 0 });
            await client.send("PUT", endpointPath("busy"), { apiVersion: API, body: endpointBody });
            const response = await client.send("PUT", endpointPath("busy"), { apiVersion: API, body: endpointBody });
            expect((response.body as any).error.code).toBe("AnotherOperationInProgress");
        } finally {
            await other.stop();
        }
    });

    it("refuses a Retry-After outside the swagger's 10–600 s", async () => {
        await expect(AzureMlEmulator.start({ lroRetryAfterSeconds: 1 })).rejects.toThrow(
            "lroRetryAfterSeconds must be a whole number from 10 to 600",
        );
    });
});

describe("updates that answer 200 with provisioningState Updating and no polling headers", () => {
    let quiet: AzureMlEmulator;
    let client: ArmClient;

    beforeAll(async () => {
        quiet = await AzureMlEmulator.start({
            updateResponse: "provisioning-state",
            endpointProvisioningMs: 40_000,
            clock: { timeScale: 1000 },
        });
        quiet.seedWorkspace(SUB, RG, WS);
        client = new ArmClient(armTarget(quiet.env()));
    });

    afterAll(() => quiet.stop());

    it("makes the client poll the resource itself until it leaves Updating", async () => {
        await client.runLongOperation("PUT", endpointPath("quiet"), {
            apiVersion: API,
            body: endpointBody,
            pollIntervalMs: 5,
        });
        const update = await client.send("PUT", endpointPath("quiet"), {
            apiVersion: API,
            body: { ...endpointBody, tags: { v: "2" } },
        });
        expect(update.status).toBe(200);
        expect(update.headers["azure-asyncoperation"]).toBeUndefined();
        expect(update.headers.location).toBeUndefined();
        expect((update.body as any).properties.provisioningState).toBe("Updating");
        await new Promise((resolve) => setTimeout(resolve, 60));

        const before = quiet.requestLog.length;
        const done = (await client.runLongOperation("PUT", endpointPath("quiet"), {
            apiVersion: API,
            body: { ...endpointBody, tags: { v: "3" } },
            pollIntervalMs: 5,
        })) as any;
        expect(done.properties.provisioningState).toBe("Succeeded");
        expect(done.tags).toEqual({ v: "3" });
        const polls = quiet.requestLog.slice(before).filter((r) => r.method === "GET");
        expect(polls.length).toBeGreaterThan(0);
        expect(polls.every((r) => r.path === endpointPath("quiet"))).toBe(true);
    });
});

describe("the emulator's clock on the client's side", () => {
    it("waits a throttled request's Retry-After in the emulator's seconds, not real ones", async () => {
        const fast = await AzureMlEmulator.start({ clock: { timeScale: 1000 } });
        try {
            fast.seedWorkspace(SUB, RG, WS);
            const client = new ArmClient(armTarget(fast.env()));
            expect(client.target.clock.timeScale).toBe(1000);
            expect(Math.abs(client.target.clock.now() - fast.clock.now())).toBeLessThan(1000);
            fast.injectFault({ kind: "throttle", method: "GET", retryAfterSeconds: 30, count: 2 });
            const started = Date.now();
            await expect(
                client.request("GET", `${endpointPath("absent")}`, { apiVersion: API }),
            ).rejects.toBeInstanceOf(ArmError);
            // Two waits of 30 s of emulator time: 60 ms of real time at 1000×, far from the minute they would take at 1×.
            expect(Date.now() - started).toBeLessThan(10_000);
            expect(fast.requests("GET", "/onlineEndpoints/absent").map((r) => r.status)).toEqual([429, 429, 404]);
        } finally {
            await fast.stop();
        }
    });
});
