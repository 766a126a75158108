import { Workspace } from "../../src/components";
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
import { REPO_ROOT } from "../support/stackFiles";

const PURGE = "pulumi-nodejs:dynamic/azureml:WorkspacePurge";
const engine = installMockEngine({ project: "harness", stack: "test" });
const wsPath = (name: string) =>
    `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
let inputs: Record<string, any>;
let stop: () => Promise<void>;

beforeAll(async () => {
    new Workspace("purgeme", { resourceGroupName: "rg", publicNetworkAccess: "Enabled", purgeOnDestroy: true });
    await settle();
    inputs = engine.get(PURGE, "purgeme-purge").inputs;
    ({ emulator, client, host, stop } = await startHostOnEmulator({ deleteMs: 2000, clock: { timeScale: 100 } }));
});

afterAll(() => stop?.());

beforeEach(() => emulator.clearFaults());

const urn = (name: string) => `urn:pulumi:test::harness::azureml:workspace:Workspace$${PURGE}::${name}`;
const exists = async (name: string) =>
    (await client.send("GET", wsPath(name), { apiVersion: "2025-12-01" })).status === 200;
const recreate = async (name: string) =>
    (await client.send("PUT", wsPath(name), { apiVersion: "2025-12-01", body: { location: "westeurope" } })).status;

describe("WorkspacePurge through the real provider host", () => {
    it("creates, leaves an unchanged resource alone, updates on a provider version change, and purges on delete", async () => {
        emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "purgeme");
        const resource = new EngineLifecycle(host, urn("purgeme-purge"));
        expect(await resource.up(inputs)).toEqual({ result: "created", failures: [] });
        expect(resource.state?.id).toBe(wsPath("purgeme"));
        expect(resource.state?.outputs.workspaceName).toBe("purgeme");
        expect(await resource.up(inputs)).toEqual({ result: "unchanged", failures: [] });
        expect(await resource.up({ ...inputs, version: "2" })).toEqual({ result: "updated", failures: [] });
        expect(resource.state?.outputs.version).toBe("2");
        expect(emulator.requests("DELETE")).toEqual([]);

        await resource.destroy();
        const deletes = emulator.requests("DELETE", "/workspaces/purgeme");
        expect(deletes).toHaveLength(1);
        expect(deletes[0].query).toContain("forceToPurge=true");
        expect(await exists("purgeme")).toBe(false);
        // Purged, not soft-deleted: the name can be created again at once.
        expect(await recreate("purgeme")).toBe(201);
        expect(resource.operations).toEqual(["create", "update", "delete"]);
    });

    it("shows why: a soft-deleted workspace blocks its name", async () => {
        emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "softly");
        await client.deleteAndWait(wsPath("softly"), { apiVersion: "2025-12-01", pollIntervalMs: 5 });
        expect(await recreate("softly")).toBe(409);
    });

    it("treats an already absent workspace as deleted", async () => {
        const before = emulator.requests("DELETE").length;
        await host.delete(wsPath("never-existed"), urn("absent"), { ...inputs, workspaceId: wsPath("never-existed") });
        expect(emulator.requests("DELETE").length).toBe(before + 1);
    });

    it("deletes with state written by an older provider (no version, no workspaceName)", async () => {
        emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "legacy");
        const legacyState = { __provider: inputs.__provider, workspaceId: wsPath("legacy") };
        await host.delete(wsPath("legacy"), urn("legacy"), legacyState);
        expect(await exists("legacy")).toBe(false);
        const diff = await host.diff(wsPath("legacy"), urn("legacy"), legacyState, {
            ...inputs,
            workspaceId: wsPath("legacy"),
        });
        expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    });

    it("retries a throttled purge and succeeds", async () => {
        emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "throttled");
        emulator.injectFault({
            kind: "throttle",
            method: "DELETE",
            path: "/workspaces/throttled",
            retryAfterSeconds: 0,
        });
        await host.delete(wsPath("throttled"), urn("throttled"), { ...inputs, workspaceId: wsPath("throttled") });
        expect(emulator.requests("DELETE", "/workspaces/throttled").map((r) => r.status)).toEqual([429, 202]);
        expect(await exists("throttled")).toBe(false);
    });

    it("fails the delete with ARM's error when the purge operation fails", async () => {
        emulator.seedWorkspace(FAKE_SUBSCRIPTION_ID, "rg", "stubborn");
        emulator.injectFault({ kind: "lro-failed", method: "DELETE", path: "/workspaces/stubborn" });
        await expect(
            host.delete(wsPath("stubborn"), urn("stubborn"), { ...inputs, workspaceId: wsPath("stubborn") }),
        ).rejects.toThrow(/delete/i);
    });

    it("passes Read through with the stored state (dynamic resources are not imported)", async () => {
        const state = { ...inputs, workspaceId: wsPath("read") };
        const read = await host.read(wsPath("read"), urn("read"), state, state);
        expect(read.id).toBe(wsPath("read"));
        expect(read.props).toEqual(state);
    });

    it("lets unknown values through check during a preview", async () => {
        const checked = await host.check(
            urn("preview"),
            {},
            {
                ...inputs,
                workspaceId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                workspaceName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            },
        );
        expect(checked.failures).toEqual([]);
    });

    it("reports a malformed workspace id from check, before anything runs", async () => {
        const checked = await host.check(
            urn("bad"),
            {},
            {
                ...inputs,
                workspaceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s",
            },
        );
        expect(checked.failures).toEqual([
            {
                property: "workspaceId",
                reason: expect.stringContaining("expected a Microsoft.MachineLearningServices/workspaces resource id"),
            },
        ]);
    });

    it("never sends the emulator token anywhere but loopback", async () => {
        const outside = await ProviderHost.start({
            cwd: REPO_ROOT,
            env: { AZUREML_PULUMI_ARM_ENDPOINT: "https://management.azure.com" },
        });
        try {
            await expect(
                outside.delete(wsPath("x"), urn("x"), { ...inputs, workspaceId: wsPath("x") }),
            ).rejects.toThrow(/must be an https loopback URL/);
        } finally {
            await outside.stop();
        }
    });
});
