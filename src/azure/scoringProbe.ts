import * as https from "https";
import {
    agentPolicy,
    createDefaultHttpClient,
    createHttpHeaders,
    createPipelineFromOptions,
    createPipelineRequest,
} from "@azure/core-rest-pipeline";
import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ML_DATA_PLANE_SCOPE, dataPlaneUrlProblem } from "./mlDataPlane";

/** What one synthetic request got back; `status` absent when no answer came. */
export interface ScoringAnswer {
    readonly status?: number;
    readonly latencyMs?: number;
    readonly body?: string;
    readonly error?: string;
}

/**
 * The Authorization header for an online endpoint's data plane, read at call time: a key (Key), an AML token
 * (AMLToken) or an Entra token for https://ml.azure.com (AADToken). Nothing of it is kept.
 */
export async function scoringAuthorization(client: ArmClient, endpointId: string): Promise<string> {
    const endpoint = (await client.request("GET", endpointId, { apiVersion: ML_API_VERSION })).body as {
        properties?: { authMode?: string };
    };
    switch (endpoint.properties?.authMode) {
        case "Key": {
            const keys = (await client.request("POST", `${endpointId}/listKeys`, { apiVersion: ML_API_VERSION }))
                .body as { primaryKey: string };
            return `Bearer ${keys.primaryKey}`;
        }
        case "AMLToken": {
            const token = (await client.request("POST", `${endpointId}/token`, { apiVersion: ML_API_VERSION }))
                .body as { accessToken: string };
            return `Bearer ${token.accessToken}`;
        }
        default: {
            const token = await client.target.credential.getToken(ML_DATA_PLANE_SCOPE);
            if (token === null) {
                throw new Error(
                    `no Microsoft Entra token for ${ML_DATA_PLANE_SCOPE}; sign in (az login) or set up a managed identity`,
                );
            }
            return `Bearer ${token.token}`;
        }
    }
}

/**
 * POSTs a sample payload to one deployment behind an online endpoint (the `azureml-model-deployment` header routes
 * it there whatever the traffic map says) and times the answer. Against the emulator the
 * scoring URI must be on this machine: the override never sends anything elsewhere.
 */
export async function probeDeployment(
    client: ArmClient,
    scoringUri: string,
    deployment: string,
    authorization: string,
    payload: unknown,
): Promise<ScoringAnswer> {
    const refused = dataPlaneUrlProblem(client.target, scoringUri);
    if (refused !== undefined) {
        return { error: `refusing to probe ${scoringUri}: ${refused}` };
    }
    const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 0 } });
    if (client.target.ca !== undefined) {
        pipeline.addPolicy(agentPolicy(new https.Agent({ ca: client.target.ca })));
    }
    const request = createPipelineRequest({
        url: scoringUri,
        method: "POST",
        headers: createHttpHeaders({
            "content-type": "application/json",
            authorization,
            "azureml-model-deployment": deployment,
        }),
        body: JSON.stringify(payload),
    });
    // Latency is the request's own, in real milliseconds, whatever clock the rest of the run lives on.
    const started = performance.now();
    try {
        const response = await pipeline.sendRequest(createDefaultHttpClient(), request);
        return {
            status: response.status,
            latencyMs: Math.round(performance.now() - started),
            body: response.bodyAsText ?? "",
        };
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
}
