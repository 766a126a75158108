import type { ArmClient } from "../../src/azure";
import { AzureMlEmulator, EngineLifecycle, ProviderHost, installMockEngine } from "../../src/testing";
import { API, RG, WS_PATH, setTraffic } from "../support/emulator";
import {
    endpointPath,
    endpointWithBlueAndGreen,
    liveTraffic,
    startTrafficHarness,
    trafficUrn,
} from "../support/trafficOwner";

/** The traffic owner never takes a serving endpoint to 0 % by accident, sees drift, and fails fast and clearly. */

const engine = installMockEngine({ project: "traffic", stack: "safety" });
const urn = trafficUrn("safety");

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
let inputs: Record<string, any>;
let stop: () => Promise<void>;

const live = (name: string) => liveTraffic(client, name);
const servingEndpoint = (name: string) => endpointWithBlueAndGreen(client, name);

beforeAll(async () => {
    // 100× faster than real time: Retry-After, the SDK's backoff and the owner's waits pass in milliseconds.
    ({ emulator, client, host, stop, inputs } = await startTrafficHarness(engine, {
        endpointProvisioningMs: 2_000,
        deploymentProvisioningMs: 2_000,
        deleteMs: 1_000,
        clock: { timeScale: 100 },
    }));
});

afterAll(() => stop?.());

beforeEach(() => emulator.clearFaults());

describe("no outage on replace or move", () => {
    it("takes a case-changed endpoint id for the same endpoint: no replace, the live map stays", async () => {
        const id = await servingEndpoint("cased");
        const owner = new EngineLifecycle(host, urn("cased-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        const shouted = id.replace(`/resourceGroups/${RG}/`, `/resourceGroups/${RG.toUpperCase()}/`);
        expect((await owner.up({ ...inputs, endpointId: shouted, traffic: { blue: 100 } })).result).toBe("unchanged");
        expect(await live("cased")).toEqual({ blue: 100, green: 0 });
    });

    it("leaves the traffic alone when a moved owner (new URN) took over before the old one is deleted", async () => {
        const id = await servingEndpoint("moved");
        const before = new EngineLifecycle(host, urn("old-name-traffic"));
        const after = new EngineLifecycle(host, urn("new-name-traffic"));
        await before.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        // The engine creates the new resource, then deletes the old one.
        await after.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        await before.destroy();
        expect(await live("moved")).toEqual({ blue: 100, green: 0 });
        expect(host.stderr).toContain(`another traffic owner has taken over ${id}`);
        // The owner that holds the endpoint still clears it on destroy, so the deployments can go.
        await after.destroy();
        expect(await live("moved")).toEqual({ blue: 0, green: 0 });
    });

    it("destroys an endpoint with its deployments: traffic off first, then deployments, then the endpoint", async () => {
        const id = await servingEndpoint("teardown");
        const owner = new EngineLifecycle(host, urn("teardown-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 50, green: 50 } });
        await owner.destroy();
        await client.deleteAndWait(`${id}/deployments/blue`, { apiVersion: API, pollIntervalMs: 5 });
        await client.deleteAndWait(`${id}/deployments/green`, { apiVersion: API, pollIntervalMs: 5 });
        expect(await client.deleteAndWait(id, { apiVersion: API, pollIntervalMs: 5 })).toBe("deleted");
    });
});

describe("drift", () => {
    it("sees traffic switched outside Pulumi and puts the declared map back on the next up, saying so", async () => {
        const id = await servingEndpoint("drifted");
        const owner = new EngineLifecycle(host, urn("drifted-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 } });
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 } })).result).toBe("unchanged");
        await setTraffic(client, "drifted", { blue: 0, green: 100 });

        const refreshed = await host.read(owner.state!.id, owner.urn, owner.state!.outputs, owner.state!.inputs);
        expect(refreshed.props.applied).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });

        expect((await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 } })).result).toBe("updated");
        expect(await live("drifted")).toEqual({ blue: 100, green: 0 });
        expect(host.stderr).toContain(`traffic on ${id} was changed outside Pulumi to {"green":100}`);
    });
});

describe("fast, clear failures", () => {
    it("fails at once on an endpoint that does not exist, naming the id", async () => {
        const id = endpointPath("typo");
        await expect(
            host.create(urn("typo-traffic"), { ...inputs, endpointId: id, traffic: { blue: 100 } }),
        ).rejects.toThrow(`Check the endpoint id ${id}: it names no online endpoint`);
        expect(emulator.requests("GET", /\/onlineEndpoints\/typo$/)).toHaveLength(1);
    });

    it("retries a 404 right after the endpoint was created (eventual consistency)", async () => {
        const id = await servingEndpoint("fresh");
        // ARM answers 404 for a little while after a create, on this endpoint's next two GETs.
        emulator.state.hiddenAfterCreate.set(id.toLowerCase(), 2);
        const owner = new EngineLifecycle(host, urn("fresh-traffic"));
        const created = await owner.up({
            ...inputs,
            endpointId: id,
            traffic: { blue: 100 },
            endpointCreatedAt: new Date(emulator.clock.now()).toISOString(),
        });
        expect(created.result).toBe("created");
        expect(await live("fresh")).toEqual({ blue: 100, green: 0 });
        expect(emulator.requests("GET", /\/onlineEndpoints\/fresh$/).filter((r) => r.status === 404)).toHaveLength(2);
    });

    it("rides out eight transient faults in a row and ends at the target", async () => {
        const id = await servingEndpoint("bursty");
        for (const kind of ["throttle", "unavailable", "server-error", "reset"] as const) {
            emulator.injectFault({
                kind,
                method: "PUT",
                path: /\/onlineEndpoints\/bursty$/,
                count: 2,
                retryAfterSeconds: 1,
            });
        }
        const owner = new EngineLifecycle(host, urn("bursty-traffic"));
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 } })).result).toBe("created");
        expect(await live("bursty")).toEqual({ blue: 0, green: 100 });
        const puts = emulator.requests("PUT", /\/onlineEndpoints\/bursty$/).filter((r) => r.fault === undefined);
        // The create's PUT, then the owner's one write that got through.
        expect(puts.map((r) => r.status)).toEqual([201, 201]);
    }, 60_000);

    it("reads back when the operation poll fails after the PUT was applied, and writes nothing twice", async () => {
        const id = await servingEndpoint("pollfail");
        const owner = new EngineLifecycle(host, urn("pollfail-traffic"));
        const writesBefore = emulator.requests("PUT", /\/onlineEndpoints\/pollfail$/).length;
        emulator.injectFault({ kind: "server-error", method: "GET", path: "/mfeOperationsStatus/", count: 7 });
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 } })).result).toBe("created");
        expect(await live("pollfail")).toEqual({ blue: 0, green: 100 });
        expect(emulator.requests("PUT", /\/onlineEndpoints\/pollfail$/).length - writesBefore).toBe(1);
    }, 60_000);

    it("names method, URL and code when resets outlast the timeout", async () => {
        const id = await servingEndpoint("resets");
        emulator.injectFault({ kind: "reset", method: "GET", path: /\/onlineEndpoints\/resets$/, count: 1000 });
        const error = await host
            .create(urn("resets-traffic"), { ...inputs, endpointId: id, traffic: { blue: 100 }, timeoutMinutes: 0.05 })
            .catch((e: Error) => e);
        expect(String(error)).toMatch(
            new RegExp(
                `could not set traffic on .*resets within 3 s; last error: GET https://127\\.0\\.0\\.1:\\d+${WS_PATH.replace(/[.]/g, "\\.")}/onlineEndpoints/resets\\?api-version=2025-12-01 failed without a response \\(ECONNRESET\\)`,
            ),
        );
    }, 60_000);
});
