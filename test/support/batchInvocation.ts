import type { ArmClient } from "../../src/azure";
import { API, WS_PATH } from "./emulator";

export const BATCH_INVOCATION_TYPE = "pulumi-nodejs:dynamic/azureml:BatchInvocation";

/**
 * A batch endpoint in the test workspace with model deployments (the first is the default), created through ARM
 * and waited for on a running clock. Returns its id and scoring URI.
 */
export async function batchEndpointWithDeployments(
    client: ArmClient,
    name: string,
    deployments: readonly string[] = ["v1"],
): Promise<{ endpointId: string; scoringUri: string }> {
    const endpointId = `${WS_PATH}/batchEndpoints/${name}`;
    const put = (path: string, body: unknown) => client.runLongOperation("PUT", path, { apiVersion: API, body });
    await put(endpointId, { location: "westeurope", properties: { authMode: "AADToken" } });
    for (const deployment of deployments) {
        await put(`${endpointId}/deployments/${deployment}`, {
            location: "westeurope",
            properties: {
                compute: `${WS_PATH}/computes/cpu`,
                model: { referenceType: "Id", assetId: `${WS_PATH}/models/m/versions/1` },
            },
        });
    }
    await put(endpointId, {
        location: "westeurope",
        properties: { authMode: "AADToken", defaults: { deploymentName: deployments[0] } },
    });
    const endpoint = (await client.request("GET", endpointId, { apiVersion: API })).body as {
        properties: { scoringUri: string };
    };
    return { endpointId, scoringUri: endpoint.properties.scoringUri };
}

/** Every job of the test workspace whose name starts with `prefix`, through ARM's paged Jobs_List. */
export async function jobsNamed(client: ArmClient, prefix: string): Promise<any[]> {
    const jobs: any[] = [];
    let next: string | undefined = `${WS_PATH}/jobs`;
    let first = true;
    while (next !== undefined) {
        const page = (await client.request("GET", next, first ? { apiVersion: API } : {})).body as {
            value: any[];
            nextLink?: string;
        };
        jobs.push(...page.value.filter((job) => String(job.name).startsWith(prefix)));
        next = page.nextLink;
        first = false;
    }
    return jobs;
}
