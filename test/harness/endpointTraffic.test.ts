import { OnlineEndpoint } from "../../src/components";
import type { ArmClient } from "../../src/azure";
import {
    AzureMlEmulator,
    EngineLifecycle,
    FAKE_SUBSCRIPTION_ID,
    ProviderHost,
    installMockEngine,
    settle,
} from "../../src/testing";
import { startHostOnEmulator } from "../support/emulator";

const TRAFFIC = "pulumi-nodejs:dynamic/azureml:EndpointTraffic";
const engine = installMockEngine({ project: "traffic", stack: "test" });
const WS = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;
const API = { apiVersion: "2025-12-01" };

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
let inputs: Record<string, any>;
let stop: () => Promise<void>;

async function createEndpoint(name: string, deployments: string[]): Promise<string> {
    const id = `${WS}/onlineEndpoints/${name}`;
    await client.runLongOperation("PUT", id, {
        ...API,
        body: {
            location: "westeurope",
            tags: { team: "ml" },
            identity: { type: "SystemAssigned" },
            properties: { authMode: "Key", description: "set outside" },
        },
    });
    for (const d of deployments) {
        await client.runLongOperation("PUT", `${id}/deployments/${d}`, {
            ...API,
            body: {
                location: "westeurope",
                properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" },
            },
        });
    }
    return id;
}

const read = async (id: string) => (await client.request("GET", id, API)).body as any;

beforeAll(async () => {
    new OnlineEndpoint("credit", {
        workspace: { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" },
        deployments: {
            blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" },
            green: { model: "azureml:credit:2", instanceType: "Standard_DS3_v2" },
        },
        traffic: { blue: 100 },
    });
    await settle();
    inputs = engine.get(TRAFFIC, "credit-traffic").inputs;
    ({ emulator, client, host, stop } = await startHostOnEmulator({
        endpointProvisioningMs: 20,
        deploymentProvisioningMs: 20,
        deleteMs: 10,
    }));
    emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "ws");
});

afterAll(() => stop?.());

beforeEach(() => emulator.clearFaults());

describe("EndpointTraffic through the real provider host", () => {
    it("writes the full map read-modify-write, keeping what it does not own", async () => {
        const id = await createEndpoint("rmw", ["blue", "green"]);
        const resource = new EngineLifecycle(host, "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::rmw-traffic");
        const before = emulator.requestLog.length;
        expect(
            (
                await resource.up({
                    ...inputs,
                    endpointId: id,
                    traffic: { blue: 100 },
                    description: undefined,
                    tags: undefined,
                })
            ).result,
        ).toBe("created");
        const endpoint = await read(id);
        expect(endpoint.properties.traffic).toEqual({ blue: 100, green: 0 });
        expect(endpoint.properties.description).toBe("set outside");
        expect(endpoint.properties.authMode).toBe("Key");
        expect(endpoint.identity.type).toBe("SystemAssigned");
        // The endpoint's own tags stay; the owner adds its mark, so a later owner's delete can tell it took over.
        expect(endpoint.tags).toEqual({
            team: "ml",
            "azureml-pulumi-traffic-owner": resource.state?.outputs.ownerToken,
        });
        expect(resource.state?.outputs.ownerToken).toMatch(/^[0-9a-f-]{36}$/);
        const calls = emulator.requestLog
            .slice(before)
            .filter((r) => !/mfeOperation/.test(r.path))
            .map((r) => `${r.method} ${r.path.replace(WS, "")}`);
        expect(calls.slice(0, 3)).toEqual([
            "GET /onlineEndpoints/rmw",
            "GET /onlineEndpoints/rmw/deployments",
            "PUT /onlineEndpoints/rmw",
        ]);
        expect(resource.state?.outputs.applied).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
        // Online endpoints have no ETag (the swagger declares none): the PUT is unconditional, and the read-back confirms it.
        expect(emulator.requests("PUT", /\/onlineEndpoints\/rmw$/).slice(-1)[0].ifMatch).toBeUndefined();
        expect(calls[3]).toBe("GET /onlineEndpoints/rmw");
    });

    it("does not diff on zero entries or name case", async () => {
        const id = await createEndpoint("steady", ["blue", "green"]);
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::steady-traffic",
        );
        await resource.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        const writes = emulator.requests("PUT", "/onlineEndpoints/steady").length;
        expect((await resource.up({ ...inputs, endpointId: id, traffic: { blue: 100, green: 0 } })).result).toBe(
            "unchanged",
        );
        expect((await resource.up({ ...inputs, endpointId: id, traffic: { BLUE: 100 } })).result).toBe("unchanged");
        expect(emulator.requests("PUT", "/onlineEndpoints/steady").length).toBe(writes);
        expect((await resource.up({ ...inputs, endpointId: id, traffic: { blue: 90, green: 10 } })).result).toBe(
            "updated",
        );
        expect((await read(id)).properties.traffic).toEqual({ blue: 90, green: 10 });
    });

    it("retries while the endpoint is busy (409) and succeeds", async () => {
        const id = await createEndpoint("busy", ["blue"]);
        emulator.injectFault({ kind: "conflict", method: "PUT", path: "/onlineEndpoints/busy", count: 2 });
        const resource = new EngineLifecycle(host, "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::busy-traffic");
        await resource.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        expect(emulator.requests("PUT", /\/onlineEndpoints\/busy$/).map((r) => r.status)).toEqual([201, 409, 409, 201]);
        expect((await read(id)).properties.traffic).toEqual({ blue: 100 });
    });

    /** Acts as another client that sets the endpoint's traffic right after each of the owner's PUTs completes. */
    function competingWriter(id: string, times: number, traffic: Record<string, number>): void {
        let armed = false;
        let left = times;
        emulator.beforeRequest = (req) => {
            if (req.path.toLowerCase() !== id.toLowerCase()) {
                return;
            }
            if (req.method === "PUT") {
                armed = true;
            } else if (req.method === "GET" && armed && left > 0) {
                armed = false;
                left--;
                emulator.state.endpoints.get(id.toLowerCase())!.traffic = { ...traffic };
            }
        };
    }

    it("detects a lost update by reading back (no ETag), reports it and writes the declared traffic again", async () => {
        const id = await createEndpoint("contested", ["blue", "green"]);
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::contested-traffic",
        );
        competingWriter(id, 1, { blue: 0, green: 100 });
        try {
            expect((await resource.up({ ...inputs, endpointId: id, traffic: { blue: 100 } })).result).toBe("created");
        } finally {
            emulator.beforeRequest = undefined;
        }
        expect((await read(id)).properties.traffic).toEqual({ blue: 100, green: 0 });
        expect(emulator.requests("PUT", /\/onlineEndpoints\/contested$/).length).toBe(3);
        expect(host.stderr).toContain("another writer changed the traffic of");
        expect(host.stderr).toContain('read back {"green":100}');
    });

    it("stops with a clear error when another writer keeps changing the traffic", async () => {
        const id = await createEndpoint("fought", ["blue", "green"]);
        competingWriter(id, 100, { blue: 0, green: 100 });
        try {
            await expect(
                host.create("urn:pulumi:test::traffic::x$azureml:EndpointTraffic::fought-traffic", {
                    ...inputs,
                    endpointId: id,
                    traffic: { blue: 100 },
                }),
            ).rejects.toThrow(
                /another writer changed the traffic of .*fought.* 3 times in a row.*stop the other writer/,
            );
        } finally {
            emulator.beforeRequest = undefined;
        }
        // The creating PUT, then three writes of the owner: the first and two re-applications.
        expect(emulator.requests("PUT", /\/onlineEndpoints\/fought$/).length).toBe(4);
    });

    it("takes a removed deployment's traffic to 0 before it is deleted", async () => {
        const id = await createEndpoint("shrink", ["blue", "green"]);
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::shrink-traffic",
        );
        await resource.up({ ...inputs, endpointId: id, traffic: { blue: 50, green: 50 } });
        // blue leaves the program: the traffic owner updates first (blue is not in the map), the delete comes after.
        await resource.up({ ...inputs, endpointId: id, traffic: { green: 100 } });
        expect((await read(id)).properties.traffic).toEqual({ blue: 0, green: 100 });
        await client.deleteAndWait(`${id}/deployments/blue`, { ...API, pollIntervalMs: 5 });
        expect(Object.keys((await read(id)).properties.traffic)).toEqual(["green"]);
    });

    it("clears all traffic on delete so the deployments can go, and tolerates a deleted endpoint", async () => {
        const id = await createEndpoint("teardown", ["blue"]);
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::teardown-traffic",
        );
        await resource.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        await resource.destroy();
        expect((await read(id)).properties.traffic).toEqual({ blue: 0 });
        await client.deleteAndWait(`${id}/deployments/blue`, { ...API, pollIntervalMs: 5 });

        const gone = await createEndpoint("gone", []);
        await client.deleteAndWait(gone, { ...API, pollIntervalMs: 5 });
        await host.delete(`${gone}/traffic`, "urn:pulumi:test::traffic::x$azureml:EndpointTraffic::gone-traffic", {
            ...inputs,
            endpointId: gone,
        });
    });

    it("updates state written by an older provider (no mirrorTraffic, no settings)", async () => {
        const id = await createEndpoint("legacy", ["blue", "green"]);
        const legacyOutputs = { __provider: inputs.__provider, endpointId: id, traffic: { blue: 100 } };
        const diff = await host.diff(`${id}/traffic`, "urn:x", legacyOutputs, {
            ...inputs,
            endpointId: id,
            traffic: { green: 100 },
        });
        expect(diff.changes).toBe("some");
        const outs = await host.update(`${id}/traffic`, "urn:x", legacyOutputs, {
            ...inputs,
            endpointId: id,
            traffic: { green: 100 },
        });
        expect(outs.applied).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
    });

    it("deletes state written by an older provider (no owner mark): the endpoint's traffic comes off", async () => {
        const id = await createEndpoint("legacy-delete", ["blue"]);
        const legacy = { __provider: inputs.__provider, endpointId: id, traffic: { blue: 100 }, version: "1" };
        await host.update(
            `${id}/traffic`,
            "urn:legacy",
            { ...legacy, ownerToken: undefined },
            { ...inputs, ...legacy },
        );
        // The endpoint now carries a mark, but state from before the mark has none: it was this resource's.
        await client.runLongOperation("PATCH", id, { ...API, body: { tags: { team: "ml" } } });
        await host.delete(`${id}/traffic`, "urn:legacy", legacy);
        expect((await read(id)).properties.traffic).toEqual({ blue: 0 });
    });

    it("lets unknown values through check during a preview, and reports bad percentages", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        expect((await host.check("urn:x", {}, { ...inputs, endpointId: unknown, traffic: unknown })).failures).toEqual(
            [],
        );
        expect(
            (await host.check("urn:x", {}, { ...inputs, endpointId: unknown, traffic: { blue: 150 } })).failures,
        ).toEqual([{ property: "traffic.blue", reason: "percentages are whole numbers from 0 to 100, got 150" }]);
    });

    it("lets a percentage that is itself still unknown through check (regression: mixed && and ||)", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const checked = await host.check(
            "urn:x",
            {},
            { ...inputs, traffic: { blue: unknown, green: 0 }, mirrorTraffic: { shadow: unknown } },
        );
        expect(checked.failures).toEqual([]);
        expect((await host.check("urn:x", {}, { ...inputs, traffic: { blue: "100" } })).failures).toEqual([
            { property: "traffic.blue", reason: 'percentages are whole numbers from 0 to 100, got "100"' },
        ]);
    });

    it("fails with Azure ML's reason when the map is wrong, without touching the endpoint", async () => {
        const id = await createEndpoint("wrong", ["blue", "green"]);
        const before = JSON.stringify((await read(id)).properties.traffic);
        await expect(
            host.create("urn:pulumi:test::traffic::x$azureml:EndpointTraffic::wrong-traffic", {
                ...inputs,
                endpointId: id,
                traffic: { blue: 60, green: 30 },
            }),
        ).rejects.toThrow("The sum of traffic values must be 100");
        expect(JSON.stringify((await read(id)).properties.traffic)).toBe(before);
    });
});
