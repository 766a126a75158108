import { ArmClient, emulatorCredential } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, WS_PATH } from "./emulator";

/** A bearer header with the emulator credential's token for a scope (the batch data plane wants https://ml.azure.com). */
export async function bearer(scope = "https://ml.azure.com/.default"): Promise<Record<string, string>> {
    const token = await emulatorCredential().getToken(scope);
    return { authorization: `Bearer ${token?.token}` };
}

/**
 * A batch endpoint with a model deployment `v1` as its default (and optionally a pipeline component deployment
 * `pipe`), created with plain requests so it works on a manual clock: each step advances the clock past its
 * operation. Returns the endpoint's scoring URI.
 */
export async function batchEndpointOnManualClock(
    emulator: AzureMlEmulator,
    client: ArmClient,
    name: string,
    withPipeline = false,
): Promise<string> {
    const path = `${WS_PATH}/batchEndpoints/${name}`;
    const step = async (method: string, url: string, body: unknown) => {
        const answer = await client.send(method, url, { apiVersion: API, body });
        if (answer.status >= 300) {
            throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        }
        emulator.clock.advance(10_000);
    };
    await step("PUT", path, { location: "westeurope", properties: { authMode: "AADToken" } });
    await step("PUT", `${path}/deployments/v1`, {
        location: "westeurope",
        properties: {
            compute: `${WS_PATH}/computes/cpu`,
            model: { referenceType: "Id", assetId: `${WS_PATH}/models/m/versions/1` },
        },
    });
    if (withPipeline) {
        await step("PUT", `${path}/deployments/pipe`, {
            location: "westeurope",
            properties: {
                deploymentConfiguration: {
                    deploymentConfigurationType: "PipelineComponent",
                    componentId: { referenceType: "Id", assetId: `${WS_PATH}/components/prep/versions/1` },
                },
            },
        });
    }
    await step("PUT", path, {
        location: "westeurope",
        properties: { authMode: "AADToken", defaults: { deploymentName: "v1" } },
    });
    const endpoint = (await client.request("GET", path, { apiVersion: API })).body as any;
    return endpoint.properties.scoringUri as string;
}

/** ARM GET of a job by name, as any client reads it. */
export async function armJob(client: ArmClient, name: string): Promise<{ status: number; body: any }> {
    const answer = await client.send("GET", `${WS_PATH}/jobs/${encodeURIComponent(name)}`, { apiVersion: API });
    return { status: answer.status, body: answer.body };
}
