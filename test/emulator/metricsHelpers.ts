import { ArmClient } from "../../src/azure";
import { AzureMlEmulator, StartOptions } from "../../src/testing";
import { API, WS_PATH, createEndpoint, startEmulator } from "../support/emulator";

export const MINUTE = 60_000;

/**
 * An emulator on a manual clock whose operations end at once (so helpers that poll them finish without advancing
 * time), with one online endpoint, and the clock moved to the start of a minute so buckets line up.
 */
export async function manualEmulator(
    options: StartOptions = {},
): Promise<{ emulator: AzureMlEmulator; client: ArmClient; t0: number }> {
    const { emulator, client } = await startEmulator({
        clock: { manual: true },
        endpointProvisioningMs: 0,
        deploymentProvisioningMs: 0,
        deleteMs: 0,
        ...options,
    });
    await createEndpoint(client, "gate");
    emulator.clock.advance(MINUTE - (emulator.clock.now() % MINUTE));
    return { emulator, client, t0: emulator.clock.now() };
}

/** PUTs a managed deployment under "gate" with the given sku capacity and request settings. */
export async function putDeployment(
    client: ArmClient,
    name: string,
    capacity = 1,
    requestSettings?: Record<string, unknown>,
): Promise<void> {
    await client.runLongOperation("PUT", `${WS_PATH}/onlineEndpoints/gate/deployments/${name}`, {
        apiVersion: API,
        body: {
            location: "westeurope",
            sku: { name: "Default", capacity },
            properties: {
                endpointComputeType: "Managed",
                instanceType: "Standard_DS3_v2",
                model: "azureml:credit:1",
                ...(requestSettings ? { requestSettings } : {}),
            },
        },
        pollIntervalMs: 5,
    });
}

export const ENDPOINT_ID = `${WS_PATH}/onlineEndpoints/gate`;
export const deploymentId = (name: string) => `${ENDPOINT_ID}/deployments/${name}`;

/** GET of the metrics API as a client sends it; resolves with status and body whatever the status. */
export async function metrics(
    client: ArmClient,
    resourceId: string,
    query: Record<string, string>,
): Promise<{ status: number; body: any }> {
    const response = await client.send("GET", `${resourceId}/providers/Microsoft.Insights/metrics`, {
        apiVersion: "2023-10-01",
        query,
    });
    return { status: response.status, body: response.body as any };
}

export const span = (from: number, to: number) => `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;

/** Series of the first metric as { "dim=value,...": data points }. */
export function seriesByMetadata(body: any): Record<string, any[]> {
    return Object.fromEntries(
        (body.value[0].timeseries as any[]).map((t) => [
            (t.metadatavalues as any[]).map((m) => `${m.name.value}=${m.value}`).join(","),
            t.data as any[],
        ]),
    );
}

/** Sum of one field over a series' points (missing fields count 0). */
export const sum = (points: any[], field: string) => points.reduce((a, p) => a + (p[field] ?? 0), 0);
