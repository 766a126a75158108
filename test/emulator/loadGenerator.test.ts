import { ArmClient } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { setTraffic } from "../support/emulator";
import { call } from "../support/emulatorHttp";
import {
    ENDPOINT_ID,
    MINUTE,
    deploymentId,
    manualEmulator,
    metrics,
    putDeployment,
    seriesByMetadata,
    span,
    sum,
} from "./metricsHelpers";

let emulator: AzureMlEmulator;
let client: ArmClient;

/** Totals of RequestsPerMinute over [from, to), split by `dimension`, once ingestion has caught up. */
async function totalsBy(dimension: string, from: number, to: number, extra = ""): Promise<Record<string, number>> {
    const filter = `${dimension} eq '*'${extra}`;
    const { status, body } = await metrics(client, ENDPOINT_ID, {
        metricnames: "RequestsPerMinute",
        aggregation: "Total",
        interval: "FULL",
        timespan: span(from, to),
        $filter: filter,
    });
    expect(status).toBe(200);
    return Object.fromEntries(
        Object.entries(seriesByMetadata(body)).map(([k, data]) => [
            k.replace(/,statusCodeClass=.*$/, ""),
            sum(data, "total"),
        ]),
    );
}

beforeEach(async () => {
    ({ emulator, client } = await manualEmulator({ metricsIngestionDelayMs: 0 }));
});

afterEach(() => emulator.stop());

describe("load generator", () => {
    it("sends the rate through the traffic map in force at each request's time", async () => {
        await putDeployment(client, "blue");
        await putDeployment(client, "green");
        await setTraffic(client, "gate", { blue: 100 });
        const start = emulator.clock.now();
        emulator.startLoad({ endpointId: ENDPOINT_ID, requestsPerMinute: 60, durationMs: 10 * MINUTE });
        emulator.clock.advance(5 * MINUTE - 1);
        await setTraffic(client, "gate", { blue: 50, green: 50 });
        emulator.clock.advance(10 * MINUTE);
        expect(await totalsBy("deployment", start, start + 5 * MINUTE)).toEqual({ "deployment=blue": 300 });
        expect(await totalsBy("deployment", start + 5 * MINUTE, start + 10 * MINUTE)).toEqual({
            "deployment=blue": 150,
            "deployment=green": 150,
        });
        // It ends after durationMs: nothing after the tenth minute.
        expect(await totalsBy("deployment", start + 10 * MINUTE, start + 15 * MINUTE)).toEqual({});
    });

    it("lets a deployment degrade after N requests, counted as 424 under its model status code", async () => {
        await putDeployment(client, "green");
        await setTraffic(client, "gate", { green: 100 });
        emulator.setDeploymentBehaviour(deploymentId("green"), {
            changes: [{ afterRequests: 100, errorRate: 1, modelStatusCode: 503 }],
        });
        const start = emulator.clock.now();
        emulator.startLoad({ endpointId: ENDPOINT_ID, requestsPerMinute: 120, durationMs: 2 * MINUTE });
        emulator.clock.advance(3 * MINUTE);
        expect(await totalsBy("modelStatusCode", start, start + 3 * MINUTE)).toEqual({
            "modelStatusCode=200": 100,
            "modelStatusCode=503": 140,
        });
        expect(await totalsBy("statusCodeClass", start, start + 3 * MINUTE)).toEqual({
            "statusCodeClass=2xx": 100,
            "statusCodeClass=4xx": 140,
        });
    });

    it("answers 408 once a change from time T makes the model slower than requestTimeout", async () => {
        await putDeployment(client, "blue", 4, { requestTimeout: "PT2S" });
        await setTraffic(client, "gate", { blue: 100 });
        const start = emulator.clock.now();
        emulator.setDeploymentBehaviour(deploymentId("blue"), {
            changes: [{ fromTime: start + MINUTE, latencyMs: 2500 }],
        });
        emulator.startLoad({ endpointId: ENDPOINT_ID, requestsPerMinute: 60, durationMs: 2 * MINUTE });
        emulator.clock.advance(3 * MINUTE);
        expect(await totalsBy("statusCode", start, start + 3 * MINUTE)).toEqual({
            "statusCode=200": 60,
            "statusCode=408": 60,
        });
        const latency = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestLatency",
            aggregation: "Maximum",
            interval: "FULL",
            timespan: span(start, start + 3 * MINUTE),
        });
        expect(latency.body.value[0].timeseries[0].data[0].maximum).toBe(2000);
    });

    it("answers 429 beyond 2 × maxConcurrentRequestsPerInstance × instances in flight", async () => {
        await putDeployment(client, "tight", 1, { maxConcurrentRequestsPerInstance: 1 });
        await putDeployment(client, "roomy", 2, { maxConcurrentRequestsPerInstance: 1 });
        await setTraffic(client, "gate", { tight: 100 });
        emulator.setDeploymentBehaviour(deploymentId("tight"), { latencyMs: 1000 });
        emulator.setDeploymentBehaviour(deploymentId("roomy"), { latencyMs: 1000 });
        const start = emulator.clock.now();
        // Four a second for a second each: four in flight against a limit of two.
        const tight = emulator.startLoad({ endpointId: ENDPOINT_ID, requestsPerMinute: 240, durationMs: MINUTE });
        const roomy = emulator.startLoad({
            endpointId: ENDPOINT_ID,
            requestsPerMinute: 240,
            durationMs: MINUTE,
            headers: { "azureml-model-deployment": "roomy" },
        });
        emulator.clock.advance(2 * MINUTE);
        emulator.settle();
        expect(tight.statuses).toEqual({ 200: 120, 429: 120 });
        expect(roomy.statuses).toEqual({ 200: 240 });
        expect(await totalsBy("statusCode", start, start + 2 * MINUTE, " and deployment eq 'tight'")).toEqual({
            "statusCode=200,deployment=tight": 120,
            "statusCode=429,deployment=tight": 120,
        });
    });

    it("marks mirrored copies and leaves them out of every metric", async () => {
        await putDeployment(client, "blue");
        await putDeployment(client, "green");
        await setTraffic(client, "gate", { blue: 100 }, { green: 50 });
        emulator.setDeploymentBehaviour(deploymentId("green"), { errorRate: 1 });
        const start = emulator.clock.now();
        emulator.startLoad({ endpointId: ENDPOINT_ID, requestsPerMinute: 60, durationMs: MINUTE });
        emulator.clock.advance(2 * MINUTE);
        emulator.settle();
        const green = emulator.state.samples.filter((s) => s.deployment === "green");
        expect(green).toHaveLength(30);
        expect(green.every((s) => s.mirrored && s.status === 424)).toBe(true);
        expect(await totalsBy("deployment", start, start + 2 * MINUTE)).toEqual({ "deployment=blue": 60 });
        const shadow = await metrics(client, deploymentId("green"), {
            metricnames: "RequestsPerMinute",
            aggregation: "Total",
            interval: "FULL",
            timespan: span(start, start + 2 * MINUTE),
        });
        expect(shadow.body.value[0].timeseries[0].data[0].total).toBe(0);
    });

    it("starts and stops through the control API", async () => {
        await putDeployment(client, "blue");
        await setTraffic(client, "gate", { blue: 100 });
        const control = (method: string, path: string, body?: unknown) =>
            call(emulator, method, `${emulator.baseUrl}${path}`, {}, body);
        const bad = await control("POST", "/_emulator/load", {
            endpointId: ENDPOINT_ID,
            requestsPerMinute: 0,
            durationMs: MINUTE,
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain("requestsPerMinute must be a positive number, got 0");
        const started = await control("POST", "/_emulator/load", {
            endpointId: ENDPOINT_ID,
            requestsPerMinute: 60,
            durationMs: 10 * MINUTE,
        });
        expect(started.status).toBe(201);
        emulator.clock.advance(MINUTE - 1);
        const stopped = await control("DELETE", `/_emulator/load/${started.body.id}`);
        expect(stopped.body[0].sent).toBe(60);
        emulator.clock.advance(5 * MINUTE);
        const listed = await control("GET", "/_emulator/load");
        expect(listed.body[0].sent).toBe(60);
    });
});
