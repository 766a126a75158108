import type { ArmClient } from "../../src/azure";
import { OnlineEndpoint } from "../../src/components";
import { FAKE_SUBSCRIPTION_ID, MockEngine, StartOptions, settle } from "../../src/testing";
import { API, RG, SUB, WS, WS_PATH, createDeployment, createEndpoint, startHostOnEmulator } from "./emulator";

export const TRAFFIC_TYPE = "pulumi-nodejs:dynamic/azureml:EndpointTraffic";

/** An emulator for rollouts: Azure-like provisioning times, on a clock 1000× faster than real time. */
export const ROLLOUT_EMULATOR: StartOptions = {
    endpointProvisioningMs: 20_000,
    deploymentProvisioningMs: 20_000,
    deleteMs: 10_000,
    clock: { timeScale: 1000 },
};

/** An online endpoint's id in the test workspace. */
export const endpointPath = (name: string) => `${WS_PATH}/onlineEndpoints/${name}`;

/** URNs of traffic owners in a mocked "traffic" project's stack, as the engine names them. */
export const trafficUrn = (stack: string) => (name: string) =>
    `urn:pulumi:${stack}::traffic::azureml:endpoints:OnlineEndpoint$azureml:EndpointTraffic::${name}`;

/**
 * The traffic owner's inputs as a mocked program registers them (with the serialized `__provider` the real host
 * runs), for an endpoint with blue and green deployments.
 */
export async function trafficOwnerInputs(engine: MockEngine, name = "credit"): Promise<Record<string, any>> {
    const ws = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;
    new OnlineEndpoint(name, {
        workspace: { workspaceName: "ws", workspaceId: ws, resourceGroupName: "rg" },
        deployments: {
            blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" },
            green: { model: "azureml:credit:2", instanceType: "Standard_DS3_v2" },
        },
        traffic: { blue: 100 },
    });
    await settle();
    return engine.get(TRAFFIC_TYPE, `${name}-traffic`).inputs;
}

/** The real provider host on an emulator with the test workspace seeded, and the owner's inputs from a mocked program. */
export async function startTrafficHarness(
    engine: MockEngine,
    options: StartOptions,
): Promise<Awaited<ReturnType<typeof startHostOnEmulator>> & { inputs: Record<string, any> }> {
    const inputs = await trafficOwnerInputs(engine);
    const harness = await startHostOnEmulator(options);
    harness.emulator.seedWorkspace(SUB, RG, WS);
    return { ...harness, inputs };
}

/** The live properties of an endpoint in the test workspace. */
async function liveProperties(client: ArmClient, endpoint: string): Promise<any> {
    return ((await client.request("GET", `${WS_PATH}/onlineEndpoints/${endpoint}`, { apiVersion: API })).body as any)
        .properties;
}

/** The live traffic map of an endpoint in the test workspace. */
export async function liveTraffic(client: ArmClient, endpoint: string): Promise<Record<string, number>> {
    return (await liveProperties(client, endpoint)).traffic;
}

/** The live mirror traffic map of an endpoint in the test workspace. */
export async function liveMirror(client: ArmClient, endpoint: string): Promise<Record<string, number>> {
    return (await liveProperties(client, endpoint)).mirrorTraffic;
}

/** An endpoint in the test workspace with blue and green deployed (no traffic yet); returns its id. */
export async function endpointWithBlueAndGreen(client: ArmClient, endpoint: string): Promise<string> {
    await createEndpoint(client, endpoint);
    await createDeployment(client, endpoint, "blue");
    await createDeployment(client, endpoint, "green");
    return `${WS_PATH}/onlineEndpoints/${endpoint}`;
}
