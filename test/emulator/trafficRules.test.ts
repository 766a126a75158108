import { ArmClient } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import {
    API,
    WS_PATH,
    createDeployment,
    createEndpoint,
    setTraffic,
    startEmulator,
    waitForIdle,
} from "../support/emulator";

let emulator: AzureMlEmulator;
let client: ArmClient;

const endpoint = (name: string) => `${WS_PATH}/onlineEndpoints/${name}`;
const read = async (name: string) => (await client.request("GET", endpoint(name), { apiVersion: API })).body as any;
const errorOf = (p: Promise<unknown>) =>
    p.then(
        () => undefined,
        (e) => ({ status: e.status, code: e.code, message: e.message }),
    );

beforeAll(async () => {
    // Long enough operations that "busy" windows hold even on a slow machine; the tests wait, never sleep.
    ({ emulator, client } = await startEmulator({ endpointProvisioningMs: 300, deploymentProvisioningMs: 300 }));
    await createEndpoint(client, "rules");
    await createDeployment(client, "rules", "blue");
    await createDeployment(client, "rules", "green");
    await createDeployment(client, "rules", "shadow");
});

afterAll(() => emulator.stop());

describe("Azure ML traffic rules in the emulator", () => {
    it("accepts a split that adds up to 100 and reads it back", async () => {
        await setTraffic(client, "rules", { blue: 90, green: 10 });
        expect((await read("rules")).properties.traffic).toEqual({ blue: 90, green: 10, shadow: 0 });
    });

    it("refuses traffic that does not add up to 100 or 0", async () => {
        expect(await errorOf(setTraffic(client, "rules", { blue: 60, green: 30 }))).toMatchObject({
            status: 400,
            code: "UserError",
            message: expect.stringContaining(
                "The sum of traffic values must be 100 (or 0 to route no traffic); got 90.",
            ),
        });
        await setTraffic(client, "rules", { blue: 0, green: 0 });
    });

    it("refuses traffic to a deployment that does not exist", async () => {
        expect((await errorOf(setTraffic(client, "rules", { purple: 100 })))?.message).toContain(
            "Deployment 'purple' in the traffic map does not exist under endpoint 'rules'.",
        );
    });

    it("refuses traffic to a deployment that is not Succeeded", async () => {
        emulator.injectFault({ kind: "lro-failed", method: "PUT", path: "/deployments/broken" });
        await expect(createDeployment(client, "rules", "broken")).rejects.toThrow();
        expect((await errorOf(setTraffic(client, "rules", { broken: 100 })))?.message).toContain(
            "Deployment 'broken' is not in Succeeded state; only succeeded deployments can receive traffic.",
        );
    });

    it("answers 409 for a write while a deployment of the endpoint provisions", async () => {
        await client.request("PUT", `${endpoint("rules")}/deployments/late`, {
            apiVersion: API,
            body: {
                location: "westeurope",
                properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" },
            },
        });
        expect(await errorOf(setTraffic(client, "rules", { blue: 100 }))).toMatchObject({
            status: 409,
            code: "Conflict",
        });
        await waitForIdle(client, "rules");
    });

    it("mirrors to one deployment only, at most 50 %, never to one with live traffic", async () => {
        await setTraffic(client, "rules", { blue: 100 });
        expect(
            (await errorOf(setTraffic(client, "rules", { blue: 100 }, { green: 10, shadow: 10 })))?.message,
        ).toContain("You can mirror traffic to only one deployment in an endpoint.");
        expect((await errorOf(setTraffic(client, "rules", { blue: 100 }, { green: 60 })))?.message).toContain(
            "The maximum percentage of traffic you can mirror is 50 percent",
        );
        expect((await errorOf(setTraffic(client, "rules", { blue: 100 }, { blue: 10 })))?.message).toContain(
            "Deployment 'blue' can receive only live traffic or mirrored traffic, not both.",
        );
        await setTraffic(client, "rules", { blue: 100 }, { shadow: 20 });
        expect((await read("rules")).properties.mirrorTraffic).toEqual({ shadow: 20 });
    });

    it("sets every deployment to 0 % when a PUT leaves traffic out", async () => {
        await setTraffic(client, "rules", { blue: 100 });
        const current = await read("rules");
        const { traffic: _traffic, ...withoutTraffic } = current.properties;
        await client.runLongOperation("PUT", endpoint("rules"), {
            apiVersion: API,
            body: { ...current, properties: withoutTraffic },
            pollIntervalMs: 5,
        });
        const after = await read("rules");
        expect(Object.values(after.properties.traffic).every((v) => v === 0)).toBe(true);
        expect(after.properties.mirrorTraffic).toEqual({});
    });

    it("ignores traffic in a PATCH (PATCH takes tags and identity only)", async () => {
        await setTraffic(client, "rules", { blue: 100 });
        await client.runLongOperation("PATCH", endpoint("rules"), {
            apiVersion: API,
            body: { tags: { team: "ml" }, properties: { traffic: { green: 100 } } },
            pollIntervalMs: 5,
        });
        const after = await read("rules");
        expect(after.properties.traffic.blue).toBe(100);
        expect(after.tags).toEqual({ team: "ml" });
    });

    it("refuses to delete a deployment that has traffic, and deletes it once at 0 %", async () => {
        await setTraffic(client, "rules", { blue: 100 });
        expect(
            await errorOf(client.request("DELETE", `${endpoint("rules")}/deployments/blue`, { apiVersion: API })),
        ).toMatchObject({
            status: 400,
            message: expect.stringContaining(
                "Deployment 'blue' has 100 % live traffic and cannot be deleted; set its traffic to 0 first.",
            ),
        });
        await setTraffic(client, "rules", { green: 100 });
        await client.deleteAndWait(`${endpoint("rules")}/deployments/blue`, { apiVersion: API, pollIntervalMs: 5 });
        const after = await read("rules");
        expect(Object.keys(after.properties.traffic)).not.toContain("blue");
    });

    it("answers 409 while the endpoint is updating", async () => {
        const current = await read("rules");
        await client.request("PUT", endpoint("rules"), { apiVersion: API, body: current });
        expect(
            await errorOf(client.request("PUT", endpoint("rules"), { apiVersion: API, body: current })),
        ).toMatchObject({ status: 409, code: "Conflict" });
        await waitForIdle(client, "rules");
    });

    it("sends no ETag and ignores If-Match by default, as the swagger declares none for online endpoints", async () => {
        const before = await client.request("GET", endpoint("rules"), { apiVersion: API });
        expect(before.headers.etag).toBeUndefined();
        await client.runLongOperation("PATCH", endpoint("rules"), {
            apiVersion: API,
            body: { tags: { v: "1" } },
            pollIntervalMs: 5,
        });
        const stale = await client.send("PUT", endpoint("rules"), {
            apiVersion: API,
            body: before.body,
            headers: { "if-match": '"0"' },
        });
        expect(stale.status).toBe(201);
        await waitForIdle(client, "rules");
    });

    it("checks If-Match against the endpoint's ETag in the opt-in strict mode", async () => {
        const strict = await startEmulator({ etags: "strict", endpointProvisioningMs: 5 });
        try {
            await createEndpoint(strict.client, "tagged");
            const path = `${WS_PATH}/onlineEndpoints/tagged`;
            const before = await strict.client.request("GET", path, { apiVersion: API });
            expect(before.headers.etag).toMatch(/^"\d+"$/);
            await strict.client.runLongOperation("PATCH", path, {
                apiVersion: API,
                body: { tags: { v: "2" } },
                pollIntervalMs: 5,
            });
            const stale = await strict.client.send("PUT", path, {
                apiVersion: API,
                body: before.body,
                headers: { "if-match": before.headers.etag },
            });
            expect(stale.status).toBe(412);
            expect((stale.body as any).error.code).toBe("PreconditionFailed");
            const fresh = await strict.client.request("GET", path, { apiVersion: API });
            const accepted = await strict.client.send("PUT", path, {
                apiVersion: API,
                body: fresh.body,
                headers: { "if-match": fresh.headers.etag },
            });
            expect(accepted.status).toBe(201);
        } finally {
            await strict.emulator.stop();
        }
    });
});
