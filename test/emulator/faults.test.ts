import { ArmClient, ArmError, armTarget } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, WS_PATH, createEndpoint, startEmulator } from "../support/emulator";

let emulator: AzureMlEmulator;
let client: ArmClient;
/** A client that does not retry, to see each fault as it comes. */
let bare: ArmClient;

beforeAll(async () => {
    ({ emulator, client } = await startEmulator());
    bare = new ArmClient(armTarget(emulator.env()), { maxRetries: 0 });
    await createEndpoint(client, "faulty");
});

afterAll(() => emulator.stop());

beforeEach(() => emulator.clearFaults());

const endpointPath = `${WS_PATH}/onlineEndpoints/faulty`;
const lastFor = (fragment: string) => emulator.requests(undefined, fragment).slice(-1)[0];

describe("fault injection", () => {
    it("throttles with 429 and Retry-After, logged; the SDK pipeline retries past it", async () => {
        emulator.injectFault({
            kind: "throttle",
            method: "GET",
            path: "/onlineEndpoints/faulty",
            retryAfterSeconds: 0,
        });
        const response = await bare.send("GET", endpointPath, { apiVersion: API });
        expect(response.status).toBe(429);
        expect(response.headers["retry-after"]).toBe("0");
        expect(lastFor("/onlineEndpoints/faulty")).toMatchObject({ status: 429, fault: "throttle" });

        emulator.injectFault({
            kind: "throttle",
            method: "GET",
            path: "/onlineEndpoints/faulty",
            retryAfterSeconds: 0,
            count: 2,
        });
        const before = emulator.requests("GET", "/onlineEndpoints/faulty").length;
        const retried = await client.request("GET", endpointPath, { apiVersion: API });
        expect(retried.status).toBe(200);
        expect(emulator.requests("GET", "/onlineEndpoints/faulty").length - before).toBe(3);
    });

    it("answers the 409 of a busy endpoint", async () => {
        emulator.injectFault({ kind: "conflict", method: "PUT" });
        const response = await bare.send("PUT", endpointPath, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "Key" } },
        });
        expect(response.status).toBe(409);
        expect(response.body).toEqual({
            error: {
                code: "Conflict",
                message: expect.stringContaining("injected"),
                details: [
                    { code: "OperationDuplicationConflict", message: expect.stringContaining("another operation") },
                ],
            },
        });
        expect(lastFor("/onlineEndpoints/faulty")).toMatchObject({ method: "PUT", status: 409, fault: "conflict" });
    });

    it.each([
        ["server-error", 500],
        ["unavailable", 503],
    ] as const)("answers %s with %i", async (kind, status) => {
        emulator.injectFault({ kind, path: "/onlineEndpoints/faulty" });
        const response = await bare.send("GET", endpointPath, { apiVersion: API });
        expect(response.status).toBe(status);
        expect(lastFor("/onlineEndpoints/faulty")).toMatchObject({ status, fault: kind });
    });

    it("resets the connection", async () => {
        emulator.injectFault({ kind: "reset", path: "/onlineEndpoints/faulty" });
        await expect(bare.send("GET", endpointPath, { apiVersion: API })).rejects.toThrow();
        expect(lastFor("/onlineEndpoints/faulty")).toMatchObject({ status: -1, fault: "reset" });
    });

    it("ends a long-running operation Failed", async () => {
        emulator.injectFault({ kind: "lro-failed", method: "PUT", path: "/onlineEndpoints/doomed" });
        await expect(createEndpoint(client, "doomed")).rejects.toThrow(/failed/i);
        const endpoint = await client.request("GET", `${WS_PATH}/onlineEndpoints/doomed`, { apiVersion: API });
        expect((endpoint.body as any).properties.provisioningState).toBe("Failed");
        expect(emulator.requests("PUT", "/onlineEndpoints/doomed")[0]).toMatchObject({
            status: 201,
            fault: "lro-failed",
        });
        expect(emulator.requests("GET", "mfeOperationsStatus").length).toBeGreaterThan(0);
    });

    it("answers 404 right after a create, for as many reads as asked", async () => {
        emulator.injectFault({ kind: "not-found-after-create", method: "PUT", path: "/onlineEndpoints/shy", count: 2 });
        await bare.send("PUT", `${WS_PATH}/onlineEndpoints/shy`, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "Key" } },
        });
        const reads = [];
        for (let i = 0; i < 3; i++) {
            reads.push((await bare.send("GET", `${WS_PATH}/onlineEndpoints/shy`, { apiVersion: API })).status);
        }
        expect(reads).toEqual([404, 404, 200]);
        expect(emulator.requests(undefined, "/onlineEndpoints/shy").map((r) => [r.method, r.status, r.fault])).toEqual([
            ["PUT", 201, "not-found-after-create"],
            ["GET", 404, "not-found-after-create"],
            ["GET", 404, "not-found-after-create"],
            ["GET", 200, undefined],
        ]);
    });

    it("applies a fault only as many times as counted", async () => {
        emulator.injectFault({ kind: "server-error", path: "/onlineEndpoints/faulty", count: 2 });
        const statuses = [];
        for (let i = 0; i < 3; i++) {
            statuses.push((await bare.send("GET", endpointPath, { apiVersion: API })).status);
        }
        expect(statuses).toEqual([500, 500, 200]);
        expect(emulator.faults.pending()).toEqual([]);
    });

    it("rejects a fault with a nonsense count", () => {
        expect(() => emulator.injectFault({ kind: "throttle", count: 0 })).toThrow(
            "fault count must be a whole number of at least 1, got 0",
        );
    });
});

describe("ARM basics", () => {
    it("requires the api-version query parameter", async () => {
        const response = await bare.send("GET", endpointPath, {});
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
            error: {
                code: "MissingApiVersionParameter",
                message: "The api-version query parameter (?api-version=) is required for all requests.",
            },
        });
    });

    it("surfaces ARM errors as ArmError with code and message", async () => {
        const error = await client
            .request("GET", `${WS_PATH}/onlineEndpoints/nope`, { apiVersion: API })
            .catch((e) => e);
        expect(error).toBeInstanceOf(ArmError);
        expect(error).toMatchObject({ status: 404, code: "ResourceNotFound" });
        expect(error.message).toContain("onlineEndpoints/nope' under resource group 'rg-test' was not found");
    });
});
