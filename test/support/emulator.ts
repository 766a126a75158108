import { retryUntil } from "../../src/async";
import { ArmClient, armTarget } from "../../src/azure";
import { AzureMlEmulator, ProviderHost, StartOptions } from "../../src/testing";
import { REPO_ROOT } from "./stackFiles";

export const SUB = "00000000-0000-0000-0000-0000000000aa";
export const RG = "rg-test";
export const WS = "ws-test";
export const WS_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;
export const API = "2025-12-01";

/** An emulator with a seeded workspace and an ArmClient that reaches it through the loopback override. */
export async function startEmulator(
    options: StartOptions = {},
): Promise<{ emulator: AzureMlEmulator; client: ArmClient }> {
    const emulator = await AzureMlEmulator.start({ lroRetryAfterSeconds: null, ...options });
    emulator.seedWorkspace(SUB, RG, WS);
    const client = new ArmClient(armTarget(emulator.env()), { maxRetries: 3 });
    return { emulator, client };
}

/** PUTs an online endpoint and waits for it. */
export async function createEndpoint(
    client: ArmClient,
    name: string,
    properties: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
): Promise<void> {
    await client.runLongOperation("PUT", `${WS_PATH}/onlineEndpoints/${name}`, {
        apiVersion: API,
        body: {
            location: "westeurope",
            identity: { type: "SystemAssigned" },
            properties: { authMode: "Key", ...properties },
            ...extra,
        },
        pollIntervalMs: 5,
    });
}

/** PUTs a managed online deployment (as azure-native does: the whole body) and waits for it. */
export async function createDeployment(client: ArmClient, endpoint: string, name: string, capacity = 1): Promise<void> {
    await client.runLongOperation("PUT", `${WS_PATH}/onlineEndpoints/${endpoint}/deployments/${name}`, {
        apiVersion: API,
        body: {
            location: "westeurope",
            sku: { name: "Default", capacity },
            properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2", model: "azureml:credit:1" },
        },
        pollIntervalMs: 5,
    });
}

/** Sets an endpoint's traffic with a full PUT (read-modify-write of the whole endpoint). */
export async function setTraffic(
    client: ArmClient,
    endpoint: string,
    traffic: Record<string, number>,
    mirrorTraffic: Record<string, number> = {},
): Promise<void> {
    const current = (await client.request("GET", `${WS_PATH}/onlineEndpoints/${endpoint}`, { apiVersion: API }))
        .body as Record<string, any>;
    await client.runLongOperation("PUT", `${WS_PATH}/onlineEndpoints/${endpoint}`, {
        apiVersion: API,
        body: { ...current, properties: { ...current.properties, traffic, mirrorTraffic } },
        pollIntervalMs: 5,
    });
}

/** Waits until an endpoint and its deployments have no operation in progress (no fixed sleeps in tests). */
export async function waitForIdle(client: ArmClient, endpoint: string, timeoutMs = 5000): Promise<void> {
    const busy = (state: unknown) => state === "Creating" || state === "Updating" || state === "Deleting";
    await retryUntil(
        async () => {
            const path = `${WS_PATH}/onlineEndpoints/${endpoint}`;
            const e = (await client.request("GET", path, { apiVersion: API })).body as any;
            const ds = ((await client.request("GET", `${path}/deployments`, { apiVersion: API })).body as any)
                .value as any[];
            if (busy(e.properties.provisioningState) || ds.some((d) => busy(d.properties.provisioningState))) {
                throw new Error(`endpoint ${endpoint} is still busy`);
            }
        },
        { timeoutMs, delayMs: () => 10, what: `wait for endpoint ${endpoint} to be idle` },
    );
}

/** An emulator plus the real provider host pointed at it, for provider tests; `stop` ends both. */
export async function startHostOnEmulator(
    options: StartOptions = {},
): Promise<{ emulator: AzureMlEmulator; client: ArmClient; host: ProviderHost; stop(): Promise<void> }> {
    const emulator = await AzureMlEmulator.start({ lroRetryAfterSeconds: null, ...options });
    const client = new ArmClient(armTarget(emulator.env()));
    const host = await ProviderHost.start({ cwd: REPO_ROOT, env: emulator.env() });
    return {
        emulator,
        client,
        host,
        stop: async () => {
            await host.stop();
            await emulator.stop();
        },
    };
}
