import { ArmClient } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { bearer } from "../support/batch";
import { call } from "../support/emulatorHttp";
import { API, WS_PATH, createDeployment, createEndpoint, setTraffic, startEmulator } from "../support/emulator";

let emulator: AzureMlEmulator;
let client: ArmClient;
let scoringUri: string;
let key: string;

const post = (url: string, headers: Record<string, string>, body: unknown) =>
    call(emulator, "POST", url, headers, body);

const score = (headers: Record<string, string> = {}) =>
    post(scoringUri, { authorization: `Bearer ${key}`, ...headers }, { data: [[1, 2, 3]] });

async function metric(resourceId: string, name: string, filter?: string): Promise<number[]> {
    const query: Record<string, string> = {
        metricnames: name,
        aggregation: "Total,Maximum",
        interval: "PT1M",
        timespan: `${new Date(Date.now() - 120_000).toISOString()}/${new Date(Date.now() + 60_000).toISOString()}`,
    };
    if (filter) {
        query.$filter = filter;
    }
    const response = await client.request("GET", `${resourceId}/providers/Microsoft.Insights/metrics`, {
        apiVersion: "2018-01-01",
        query,
    });
    // A filtered query splits by the filtered dimensions; with no matching requests there is no series at all.
    const series = ((response.body as any).value[0].timeseries as any[]).flatMap((t) => t.data as any[]);
    return series.map((d) => (name === "RequestsPerMinute" ? d.total : d.maximum)).filter((v) => v !== undefined);
}

beforeAll(async () => {
    // Jobs run long enough that a poll sees them Running even on a slow machine.
    ({ emulator, client } = await startEmulator({ jobRunMs: 800, metricsIngestionDelayMs: 0 }));
    await createEndpoint(client, "scored");
    await createDeployment(client, "scored", "blue");
    await createDeployment(client, "scored", "green");
    await setTraffic(client, "scored", { blue: 80, green: 20 });
    const endpoint = (await client.request("GET", `${WS_PATH}/onlineEndpoints/scored`, { apiVersion: API }))
        .body as any;
    scoringUri = endpoint.properties.scoringUri;
    key = (
        (await client.request("POST", `${WS_PATH}/onlineEndpoints/scored/listKeys`, { apiVersion: API })).body as any
    ).primaryKey;
});

afterAll(() => emulator.stop());

describe("online data plane", () => {
    it("refuses requests without the endpoint's key", async () => {
        expect((await post(scoringUri, {}, {})).status).toBe(401);
        expect((await post(scoringUri, { authorization: "Bearer wrong" }, {})).status).toBe(401);
    });

    it("routes requests by the traffic weights, exactly over a window", async () => {
        const served: string[] = [];
        for (let i = 0; i < 50; i++) {
            const response = await score();
            expect(response.status).toBe(200);
            served.push(response.headers["azureml-model-deployment"] as string);
        }
        expect(served.filter((d) => d === "blue")).toHaveLength(40);
        expect(served.filter((d) => d === "green")).toHaveLength(10);
    });

    it("honours the azureml-model-deployment header, even for a deployment without traffic", async () => {
        await setTraffic(client, "scored", { blue: 100 });
        const response = await score({ "azureml-model-deployment": "green" });
        expect(response.status).toBe(200);
        expect(response.body.deployment).toBe("green");
    });

    it("mirrors a share of live traffic without changing responses", async () => {
        await setTraffic(client, "scored", { blue: 100 }, { green: 20 });
        const greenBefore = emulator.state.samples.filter((s) => s.deployment === "green" && s.mirrored).length;
        for (let i = 0; i < 20; i++) {
            expect((await score()).headers["azureml-model-deployment"]).toBe("blue");
        }
        expect(emulator.state.samples.filter((s) => s.deployment === "green" && s.mirrored).length - greenBefore).toBe(
            4,
        );
        await setTraffic(client, "scored", { blue: 100 });
    });

    it("says so when no deployment takes traffic", async () => {
        await setTraffic(client, "scored", { blue: 0, green: 0 });
        const response = await score();
        expect(response.status).toBe(404);
        expect(response.body.message).toContain("No valid deployments to route to");
        await setTraffic(client, "scored", { blue: 100 });
    });

    it("simulates a bad deployment and the metrics API shows it", async () => {
        const greenId = `${WS_PATH}/onlineEndpoints/scored/deployments/green`;
        emulator.setDeploymentBehaviour(greenId, { errorRate: 0.5, latencyMs: 900 });
        await setTraffic(client, "scored", { blue: 50, green: 50 });
        const responses: Awaited<ReturnType<typeof score>>[] = [];
        for (let i = 0; i < 20; i++) {
            responses.push(await score());
        }
        // A failing model answers 424 with the model's own status in a header, as Azure reports it.
        const failed = responses.filter((r) => r.status === 424);
        expect(failed).toHaveLength(5);
        expect(
            failed.every(
                (r) =>
                    r.headers["ms-azureml-model-error-statuscode"] === "500" &&
                    r.headers["ms-azureml-model-error-reason"] === "model_error",
            ),
        ).toBe(true);
        const endpointId = `${WS_PATH}/onlineEndpoints/scored`;
        const green5xx = (
            await metric(endpointId, "RequestsPerMinute", "deployment eq 'green' and statusCodeClass eq '4xx'")
        ).reduce((a, b) => a + b, 0);
        expect(green5xx).toBe(5);
        const greenP99 = Math.max(...(await metric(greenId, "RequestLatency_P99")));
        expect(greenP99).toBe(900);
        const blue5xx = (
            await metric(endpointId, "RequestsPerMinute", "deployment eq 'blue' and statusCodeClass eq '4xx'")
        ).reduce((a, b) => a + b, 0);
        expect(blue5xx).toBe(0);
    });

    it("rejects metrics it does not know, naming the valid ones", async () => {
        const response = await client.send(
            "GET",
            `${WS_PATH}/onlineEndpoints/scored/providers/Microsoft.Insights/metrics`,
            { apiVersion: "2018-01-01", query: { metricnames: "Bogus" } },
        );
        expect(response.status).toBe(400);
        expect((response.body as any).error.message).toContain("Valid metrics: RequestsPerMinute");
    });
});

describe("batch data plane", () => {
    const batchPath = `${WS_PATH}/batchEndpoints/nightly`;

    beforeAll(async () => {
        await client.runLongOperation("PUT", batchPath, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "AADToken" } },
            pollIntervalMs: 5,
        });
        await client.runLongOperation("PUT", `${batchPath}/deployments/v1`, {
            apiVersion: API,
            body: {
                location: "westeurope",
                properties: {
                    compute: `${WS_PATH}/computes/cpu`,
                    model: { referenceType: "Id", assetId: `${WS_PATH}/models/m/versions/1` },
                },
            },
            pollIntervalMs: 5,
        });
    });

    it("refuses a default deployment that does not exist and key auth", async () => {
        const bad = await client.send("PUT", batchPath, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "AADToken", defaults: { deploymentName: "v9" } } },
        });
        expect((bad.body as any).error.message).toContain(
            "Default deployment 'v9' does not exist under batch endpoint 'nightly'.",
        );
        const key = await client.send("PUT", `${WS_PATH}/batchEndpoints/keyed`, {
            apiVersion: API,
            body: { properties: { authMode: "Key" } },
        });
        expect(key.status).toBe(400);
    });

    it("starts a job on the default deployment that moves NotStarted → Running → Completed", async () => {
        await client.runLongOperation("PUT", batchPath, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "AADToken", defaults: { deploymentName: "v1" } } },
            pollIntervalMs: 5,
        });
        const endpoint = (await client.request("GET", batchPath, { apiVersion: API })).body as any;
        expect(endpoint.properties.defaults).toEqual({ deploymentName: "v1" });
        const started = await post(endpoint.properties.scoringUri, await bearer(), {
            properties: {
                InputData: { data: { JobInputType: "UriFolder", Uri: "https://data.blob.core.windows.net/in/" } },
            },
        });
        expect(started.status).toBe(200);
        expect(started.body.properties.status).toBe("NotStarted");
        const seen = new Set<string>();
        for (let i = 0; i < 200 && !seen.has("Completed"); i++) {
            const job = (await client.request("GET", `${WS_PATH}/jobs/${started.body.name}`, { apiVersion: API }))
                .body as any;
            seen.add(job.properties.status);
            await new Promise((r) => setTimeout(r, 10));
        }
        expect([...seen]).toEqual(expect.arrayContaining(["Running", "Completed"]));
    });

    it("ends Failed when the deployment fails, and needs InputData", async () => {
        emulator.setDeploymentBehaviour(`${batchPath}/deployments/v1`, { batchOutcome: "Failed" });
        const endpoint = (await client.request("GET", batchPath, { apiVersion: API })).body as any;
        expect((await post(endpoint.properties.scoringUri, await bearer(), { properties: {} })).status).toBe(400);
        const started = await post(endpoint.properties.scoringUri, await bearer(), {
            properties: { InputData: { d: { JobInputType: "UriFile", Uri: "azureml://datastores/d/paths/x.csv" } } },
        });
        let status = "";
        for (let i = 0; i < 500 && !["Completed", "Failed"].includes(status); i++) {
            status = (
                (await client.request("GET", `${WS_PATH}/jobs/${started.body.name}`, { apiVersion: API })).body as any
            ).properties.status;
            await new Promise((r) => setTimeout(r, 10));
        }
        expect(status).toBe("Failed");
    });
});

describe("batch jobs: cancel", () => {
    it("cancels a running job and refuses to cancel one that has ended", async () => {
        const batchPath = `${WS_PATH}/batchEndpoints/cancellable`;
        await client.runLongOperation("PUT", batchPath, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "AADToken" } },
            pollIntervalMs: 5,
        });
        await client.runLongOperation("PUT", `${batchPath}/deployments/v1`, {
            apiVersion: API,
            body: { properties: { compute: `${WS_PATH}/computes/cpu` } },
            pollIntervalMs: 5,
        });
        await client.runLongOperation("PUT", batchPath, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "AADToken", defaults: { deploymentName: "v1" } } },
            pollIntervalMs: 5,
        });
        const endpoint = (await client.request("GET", batchPath, { apiVersion: API })).body as any;
        const start = async () =>
            post(endpoint.properties.scoringUri, await bearer(), {
                properties: {
                    InputData: { d: { JobInputType: "UriFolder", Uri: "https://x.blob.core.windows.net/in/" } },
                },
            });
        const job = (await start()).body.name as string;
        const cancel = await client.send("POST", `${WS_PATH}/jobs/${job}/cancel`, { apiVersion: API });
        expect(cancel.status).toBe(202);
        let status = "";
        for (let i = 0; i < 200 && status !== "Canceled"; i++) {
            status = ((await client.request("GET", `${WS_PATH}/jobs/${job}`, { apiVersion: API })).body as any)
                .properties.status;
            await new Promise((r) => setTimeout(r, 5));
        }
        expect(status).toBe("Canceled");
        const again = await client.send("POST", `${WS_PATH}/jobs/${job}/cancel`, { apiVersion: API });
        expect(again.status).toBe(400);
        expect((again.body as any).error.message).toContain("has already ended (Canceled)");
    });
});
