import * as fs from "fs";
import * as path from "path";
import type { ArmClient } from "../../src/azure";
import { Workspace } from "../../src/components";
import { providerModuleText } from "../../src/providers/providerModuleText";
import {
    AzureMlEmulator,
    EngineLifecycle,
    MockEngine,
    ProviderHost,
    installMockEngine,
    settle,
} from "../../src/testing";
import { RG, SUB, WS_PATH, startHostOnEmulator } from "../support/emulator";
import { endpointWithBlueAndGreen, liveMirror, liveTraffic, trafficOwnerInputs } from "../support/trafficOwner";

/** The `__provider` texts version 0.1.0 wrote into state: functions serialized by pulumi.dynamic.Resource. */
const V010: Record<string, string> = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "fixtures", "providerState", "v0.1.0.json"), "utf8"),
).providers;

const PURGE_TYPE = "pulumi-nodejs:dynamic/azureml:WorkspacePurge";
const engine: MockEngine = installMockEngine({ project: "upgrade", stack: "test" });

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
let trafficInputs: Record<string, any>;
let purgeInputs: Record<string, any>;
let stop: () => Promise<void>;

beforeAll(async () => {
    new Workspace("old", { resourceGroupName: RG, publicNetworkAccess: "Enabled", purgeOnDestroy: true });
    await settle();
    purgeInputs = engine.get(PURGE_TYPE, "old-purge").inputs;
    trafficInputs = await trafficOwnerInputs(engine);
    ({ emulator, client, host, stop } = await startHostOnEmulator({ clock: { timeScale: 100 } }));
    emulator.seedWorkspace(SUB, RG, "ws-test");
});

afterAll(() => stop?.());

/** A lifecycle whose state was written by version 0.1.0: created through the provider that version serialized. */
async function createdByV010(type: string, urn: string, inputs: Record<string, any>): Promise<EngineLifecycle> {
    const resource = new EngineLifecycle(host, urn);
    expect(await resource.up({ ...inputs, __provider: V010[type] })).toEqual({ result: "created", failures: [] });
    expect(resource.state?.outputs.__provider).toBe(V010[type]);
    return resource;
}

describe("state written by version 0.1.0 keeps working with today's providers (real provider host)", () => {
    it("registers today's constant provider text, not a serialized function", () => {
        expect(trafficInputs.__provider).toBe(providerModuleText("endpointTraffic"));
        expect(purgeInputs.__provider).toBe(providerModuleText("workspacePurge"));
        expect(trafficInputs.__provider).not.toBe(V010.EndpointTraffic);
        // No machine path: the only module names in it are the package's own.
        const required = [...String(trafficInputs.__provider).matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        expect(required).toEqual(["@azureml-pulumi/components/host-runtime", "./dist/src/providers/hostRuntime"]);
    });

    it("EndpointTraffic: the upgrade alone changes nothing, and the old state still takes traffic off on delete", async () => {
        const id = await endpointWithBlueAndGreen(client, "upgrade-keep");
        const inputs = { ...trafficInputs, endpointId: id };
        const resource = await createdByV010("EndpointTraffic", "urn:upgrade-keep", inputs);
        expect(await liveTraffic(client, "upgrade-keep")).toEqual({ blue: 100, green: 0 });
        const writes = emulator.requests("PATCH", "/onlineEndpoints/upgrade-keep").length;

        expect(await resource.up(inputs)).toEqual({ result: "unchanged", failures: [] });
        expect(emulator.requests("PATCH", "/onlineEndpoints/upgrade-keep")).toHaveLength(writes);

        // The engine deletes with the provider stored in state: still version 0.1.0's.
        expect(resource.state?.outputs.__provider).toBe(V010.EndpointTraffic);
        await resource.destroy();
        expect(await liveTraffic(client, "upgrade-keep")).toEqual({ blue: 0, green: 0 });
    });

    it("EndpointTraffic: a change updates the old state with today's provider, which then deletes it", async () => {
        const id = await endpointWithBlueAndGreen(client, "upgrade-shift");
        const inputs = { ...trafficInputs, endpointId: id };
        const resource = await createdByV010("EndpointTraffic", "urn:upgrade-shift", inputs);

        expect(await resource.up({ ...inputs, traffic: { green: 100 } })).toEqual({ result: "updated", failures: [] });
        expect(await liveTraffic(client, "upgrade-shift")).toEqual({ blue: 0, green: 100 });
        expect(resource.state?.outputs.__provider).toBe(providerModuleText("endpointTraffic"));

        await resource.destroy();
        expect(await liveTraffic(client, "upgrade-shift")).toEqual({ blue: 0, green: 0 });
        expect(resource.operations).toEqual(["create", "update", "delete"]);
    });

    it("EndpointTraffic: state with the defaults spelled out (mirrorTraffic {}, timeoutMinutes 20) takes no write", async () => {
        // Versions before the provider applied these defaults sent them as inputs; today's component leaves them out.
        expect(trafficInputs).not.toHaveProperty("mirrorTraffic");
        expect(trafficInputs).not.toHaveProperty("timeoutMinutes");
        const id = await endpointWithBlueAndGreen(client, "upgrade-defaults");
        const inputs = { ...trafficInputs, endpointId: id };
        const resource = await createdByV010("EndpointTraffic", "urn:upgrade-defaults", {
            ...inputs,
            mirrorTraffic: {},
            timeoutMinutes: 20,
        });
        const writes = emulator.requests("PATCH", "/onlineEndpoints/upgrade-defaults").length;

        expect(await resource.up(inputs)).toEqual({ result: "unchanged", failures: [] });
        expect(emulator.requests("PATCH", "/onlineEndpoints/upgrade-defaults")).toHaveLength(writes);

        // A mirror added and then removed again: leaving the key out clears it.
        expect(await resource.up({ ...inputs, mirrorTraffic: { green: 10 } })).toEqual({
            result: "updated",
            failures: [],
        });
        expect(await liveMirror(client, "upgrade-defaults")).toEqual({ green: 10 });
        expect(await resource.up(inputs)).toEqual({ result: "updated", failures: [] });
        expect(await liveMirror(client, "upgrade-defaults")).toEqual({});
        expect(await liveTraffic(client, "upgrade-defaults")).toEqual({ blue: 100, green: 0 });

        await resource.destroy();
        expect(await liveTraffic(client, "upgrade-defaults")).toEqual({ blue: 0, green: 0 });
    });

    it("WorkspacePurge: the upgrade changes nothing; the old state purges on delete, and updates when changed", async () => {
        const wsId = (name: string) => WS_PATH.replace(/ws-test$/, name);
        for (const name of ["old-a", "old-b"]) {
            emulator.seedWorkspace(SUB, RG, name);
        }
        const kept = await createdByV010("WorkspacePurge", "urn:old-a", {
            ...purgeInputs,
            workspaceId: wsId("old-a"),
            workspaceName: "old-a",
        });
        expect(await kept.up({ ...purgeInputs, workspaceId: wsId("old-a"), workspaceName: "old-a" })).toEqual({
            result: "unchanged",
            failures: [],
        });
        await kept.destroy();
        expect(emulator.requests("DELETE", "/workspaces/old-a")[0]?.query).toContain("forceToPurge=true");

        const changed = await createdByV010("WorkspacePurge", "urn:old-b", {
            ...purgeInputs,
            workspaceId: wsId("old-b"),
            workspaceName: "old-b",
        });
        const next = { ...purgeInputs, workspaceId: wsId("old-b"), workspaceName: "old-b", version: "2" };
        expect(await changed.up(next)).toEqual({ result: "updated", failures: [] });
        await changed.destroy();
        expect(emulator.requests("DELETE", "/workspaces/old-b")[0]?.query).toContain("forceToPurge=true");
    });
});
