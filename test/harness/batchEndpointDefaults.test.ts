import { BatchEndpoint } from "../../src/components";
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

const DEFAULTS = "pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults";
const MARK = "azureml-pulumi-defaults-owner";
const engine = installMockEngine({ project: "batch", stack: "test" });
const WS = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;
const API = { apiVersion: "2025-12-01" };
const POLL = { ...API, pollIntervalMs: 5 };

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
/** The owner's inputs as the BatchEndpoint component registers them, with the provider text the host runs. */
let inputs: Record<string, any>;
let stop: () => Promise<void>;

/** A batch endpoint created as azure-native creates it (one PUT, no `defaults`), and its model deployments. */
async function createBatchEndpoint(name: string, deployments: string[]): Promise<string> {
    const id = `${WS}/batchEndpoints/${name}`;
    await client.runLongOperation("PUT", id, {
        ...POLL,
        body: {
            location: "westeurope",
            tags: { team: "risk" },
            properties: { authMode: "AADToken", description: "nightly scoring" },
        },
    });
    for (const d of deployments) {
        await client.runLongOperation("PUT", `${id}/deployments/${d}`, {
            ...POLL,
            body: {
                location: "westeurope",
                properties: {
                    compute: `${WS}/computes/cpu`,
                    model: { referenceType: "Id", assetId: `${WS}/models/credit/versions/1` },
                },
            },
        });
    }
    return id;
}

const read = async (id: string) => (await client.request("GET", id, API)).body as any;
const liveDefault = async (id: string) => (await read(id)).properties.defaults?.deploymentName;
/** ARM writes (anything but a read) to an endpoint and its deployments so far. */
const writes = (name: string) =>
    emulator.requests(undefined, `/batchEndpoints/${name}`).filter((r) => r.method !== "GET").length;
const owner = (name: string, suffix = "defaults") =>
    new EngineLifecycle(
        host,
        `urn:pulumi:test::batch::azureml:endpoints:BatchEndpoint$azureml:BatchEndpointDefaults::${name}-${suffix}`,
    );
const declared = (id: string, defaultDeployment: string | undefined) => ({
    ...inputs,
    endpointId: id,
    defaultDeployment,
});

beforeAll(async () => {
    new BatchEndpoint("scoring", {
        workspace: { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" },
        description: "nightly scoring",
        tags: { team: "risk" },
        defaultDeployment: "blue",
        deployments: {
            blue: { model: "azureml:credit:1", compute: "cpu" },
            green: { model: "azureml:credit:2", compute: "cpu" },
        },
    });
    await settle();
    inputs = engine.get(DEFAULTS, "scoring-defaults").inputs;
    ({ emulator, client, host, stop } = await startHostOnEmulator({
        endpointProvisioningMs: 20,
        deploymentProvisioningMs: 20,
        deleteMs: 10,
    }));
    emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "ws");
});

afterAll(() => stop?.());

beforeEach(() => emulator.clearFaults());

describe("BatchEndpointDefaults through the real provider host", () => {
    it("sets the default by read-modify-write once the deployments exist, keeping the rest of the endpoint", async () => {
        const id = await createBatchEndpoint("create", ["blue", "green"]);
        // As azure-native left it: no default deployment until the owner writes one.
        expect(await liveDefault(id)).toBeUndefined();
        const resource = owner("create");
        const before = emulator.requestLog.length;
        expect((await resource.up(declared(id, "blue"))).result).toBe("created");
        const calls = emulator.requestLog
            .slice(before)
            .filter((r) => !/mfeOperation/.test(r.path))
            .map((r) => `${r.method} ${r.path.replace(WS, "")}`);
        // Read, write the whole endpoint back once, read back to confirm (after the operation's own final read).
        expect(calls.slice(0, 2)).toEqual(["GET /batchEndpoints/create", "PUT /batchEndpoints/create"]);
        expect(calls.slice(2).every((c) => c === "GET /batchEndpoints/create")).toBe(true);
        expect(calls.length).toBeGreaterThan(2);
        const endpoint = await read(id);
        expect(endpoint.properties).toMatchObject({
            defaults: { deploymentName: "blue" },
            authMode: "AADToken",
            description: "nightly scoring",
        });
        expect(endpoint.tags).toEqual({ team: "risk", [MARK]: resource.state?.outputs.ownerToken });
        expect(resource.state?.outputs.ownerToken).toMatch(/^[0-9a-f-]{36}$/);
        expect(resource.state?.outputs.applied).toEqual({ defaultDeployment: "blue" });
    });

    it("changes the default with one write, and an unchanged re-run makes no ARM write at all", async () => {
        const id = await createBatchEndpoint("steady", ["blue", "green"]);
        const resource = owner("steady");
        await resource.up(declared(id, "blue"));
        const afterCreate = writes("steady");
        expect((await resource.up(declared(id, "blue"))).result).toBe("unchanged");
        // A deployment name differs only in case: the same deployment, as Azure ML reads names.
        expect((await resource.up(declared(id, "BLUE"))).result).toBe("unchanged");
        expect(writes("steady")).toBe(afterCreate);

        expect((await resource.up(declared(id, "green"))).result).toBe("updated");
        expect(await liveDefault(id)).toBe("green");
        expect(emulator.requests("PUT", /\/batchEndpoints\/steady$/).length).toBe(3);
        expect(resource.state?.outputs.applied).toEqual({ defaultDeployment: "green" });
    });

    it("writes a changed description or tags without dropping the default it leaves as it is", async () => {
        const id = await createBatchEndpoint("relabel", ["blue"]);
        const resource = owner("relabel");
        await resource.up(declared(id, "blue"));
        expect(
            (await resource.up({ ...declared(id, "blue"), description: "weekly scoring", tags: { team: "fraud" } }))
                .result,
        ).toBe("updated");
        let endpoint = await read(id);
        expect(endpoint.properties.defaults).toEqual({ deploymentName: "blue" });
        expect(endpoint.properties.description).toBe("weekly scoring");
        expect(endpoint.tags).toEqual({ team: "fraud", [MARK]: resource.state?.outputs.ownerToken });
        // The owner keeps the description and tags: removed from the program, they come off the endpoint.
        await resource.up({ ...declared(id, "blue"), description: undefined, tags: {} });
        endpoint = await read(id);
        expect(endpoint.properties.description).toBeUndefined();
        expect(endpoint.tags).toEqual({ [MARK]: resource.state?.outputs.ownerToken });
        expect(endpoint.properties.defaults).toEqual({ deploymentName: "blue" });
    });

    it("moves the default off a deployment removed from the program before that deployment is deleted", async () => {
        const id = await createBatchEndpoint("shrink", ["blue", "green"]);
        const resource = owner("shrink");
        await resource.up(declared(id, "blue"));
        // Azure ML refuses to delete the default deployment: the order below is what makes the delete work.
        await expect(client.deleteAndWait(`${id}/deployments/blue`, POLL)).rejects.toThrow(/default deployment/);

        // blue leaves the program: the engine runs the owner's update first and deletes removed resources after it.
        expect((await resource.up(declared(id, "green"))).result).toBe("updated");
        expect(await client.deleteAndWait(`${id}/deployments/blue`, POLL)).toBe("deleted");
        expect(await liveDefault(id)).toBe("green");
    });

    it("puts back a default switched outside Pulumi, and says so", async () => {
        const id = await createBatchEndpoint("drift", ["blue", "green"]);
        const resource = owner("drift");
        await resource.up(declared(id, "blue"));
        const current = await read(id);
        await client.runLongOperation("PUT", id, {
            ...POLL,
            body: { ...current, properties: { ...current.properties, defaults: { deploymentName: "green" } } },
        });
        expect(
            (await host.diff(resource.state!.id, resource.urn, resource.state!.outputs, declared(id, "blue"))).changes,
        ).toBe("some");
        expect((await resource.up(declared(id, "blue"))).result).toBe("updated");
        expect(await liveDefault(id)).toBe("blue");
        expect(host.stderr).toContain(`the default deployment of ${id} was changed outside Pulumi to 'green'`);
    });

    it("rides out throttling, a busy endpoint, server errors and dropped connections", async () => {
        const id = await createBatchEndpoint("flaky", ["blue"]);
        const path = /\/batchEndpoints\/flaky$/;
        emulator.injectFault({ kind: "throttle", method: "GET", path, count: 2, retryAfterSeconds: 0 });
        emulator.injectFault({ kind: "reset", method: "GET", path, count: 1 });
        emulator.injectFault({ kind: "conflict", method: "PUT", path, count: 2 });
        emulator.injectFault({ kind: "server-error", method: "PUT", path, count: 1 });
        emulator.injectFault({ kind: "unavailable", method: "PUT", path, count: 1, retryAfterSeconds: 0 });
        expect((await owner("flaky").up(declared(id, "blue"))).result).toBe("created");
        expect(await liveDefault(id)).toBe("blue");
        const puts = emulator.requests("PUT", path).map((r) => r.status);
        expect(puts).toEqual(expect.arrayContaining([409, 500, 503]));
        expect(puts[puts.length - 1]).toBe(201);
        expect(emulator.requests("GET", path).map((r) => r.status)).toEqual(expect.arrayContaining([429, -1]));
        expect(emulator.faults.pending()).toEqual([]);
    });

    it("fails with Azure ML's reason when the default names no deployment, leaving the endpoint as it was", async () => {
        const id = await createBatchEndpoint("ghost", ["blue"]);
        await expect(owner("ghost").up(declared(id, "ghost"))).rejects.toThrow(
            /Default deployment 'ghost' does not exist/,
        );
        expect(await liveDefault(id)).toBeUndefined();
    });

    it("on destroy leaves its endpoint without a default, so the deployments deleted after it can go", async () => {
        const id = await createBatchEndpoint("teardown", ["blue"]);
        const resource = owner("teardown");
        await resource.up(declared(id, "blue"));
        await resource.destroy();
        const endpoint = await read(id);
        expect(endpoint.properties.defaults).toEqual({});
        expect(endpoint.tags).toEqual({ team: "risk" });
        expect(await client.deleteAndWait(`${id}/deployments/blue`, POLL)).toBe("deleted");
        expect(await client.deleteAndWait(id, POLL)).toBe("deleted");
        // An endpoint that is gone already is fine.
        await host.delete(resource.urn, resource.urn, { ...declared(id, "blue"), ownerToken: "gone" });
    });

    it("on delete leaves the default alone when a replacing owner has taken the endpoint over", async () => {
        const id = await createBatchEndpoint("handover", ["blue", "green"]);
        const old = owner("handover", "old-defaults");
        await old.up(declared(id, "blue"));
        // A renamed owner: the engine creates the new one before it deletes the old one.
        const replacement = owner("handover", "defaults");
        await replacement.up(declared(id, "green"));
        await old.destroy();
        const endpoint = await read(id);
        expect(endpoint.properties.defaults).toEqual({ deploymentName: "green" });
        expect(endpoint.tags[MARK]).toBe(replacement.state?.outputs.ownerToken);
        expect(host.stderr).toContain(`another defaults owner has taken over ${id}`);
    });

    it("lets unknown values through check during a preview, and names inputs that cannot work", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        expect(
            (await host.check("urn:x", {}, { ...inputs, endpointId: unknown, defaultDeployment: unknown })).failures,
        ).toEqual([]);
        const online = `${WS}/onlineEndpoints/credit`;
        const { failures } = await host.check("urn:x", {}, { ...inputs, endpointId: online, defaultDeployment: "" });
        expect(failures.map((f) => f.property)).toEqual(["endpointId", "defaultDeployment"]);
        expect(failures[0].reason).toContain(`expected a batch endpoint resource id`);
        expect(failures[0].reason).toContain(online);
    });
});
