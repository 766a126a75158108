import { ArmClient } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, WS_PATH, setTraffic } from "../support/emulator";
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
let t0: number;
let scoringUri: string;
let key: string;

const score = async (): Promise<number> =>
    (await call(emulator, "POST", scoringUri, { authorization: `Bearer ${key}` }, {})).status;

const around = () => span(t0 - 2 * MINUTE, t0 + 5 * MINUTE);

beforeAll(async () => {
    ({ emulator, client, t0 } = await manualEmulator());
    await putDeployment(client, "blue", 3);
    await putDeployment(client, "green");
    await setTraffic(client, "gate", { blue: 50, green: 50 });
    scoringUri = ((await client.request("GET", `${WS_PATH}/onlineEndpoints/gate`, { apiVersion: API })).body as any)
        .properties.scoringUri;
    key = ((await client.request("POST", `${WS_PATH}/onlineEndpoints/gate/listKeys`, { apiVersion: API })).body as any)
        .primaryKey;
    emulator.setDeploymentBehaviour(deploymentId("green"), { errorRate: 0.4, latencyMs: 300 });
    emulator.setDeploymentBehaviour(deploymentId("blue"), {
        cpuPercent: 35,
        memoryPercent: 60,
        changes: [{ fromTime: t0 + 2 * MINUTE, cpuPercent: 90 }],
    });
    // Ten requests at t0: blue 5 × 200; green 3 × 200 and 2 × 424 (its model answers 500).
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
        statuses.push(await score());
    }
    expect(statuses.filter((s) => s === 424)).toHaveLength(2);
});

afterAll(() => emulator.stop());

describe("ingestion delay", () => {
    it("hides requests until the delay has passed, then shows them", async () => {
        const query = { metricnames: "RequestsPerMinute", aggregation: "Total", interval: "PT1M", timespan: around() };
        expect(sum((await metrics(client, ENDPOINT_ID, query)).body.value[0].timeseries[0].data, "total")).toBe(0);
        emulator.clock.advance(3 * MINUTE - 1);
        expect(sum((await metrics(client, ENDPOINT_ID, query)).body.value[0].timeseries[0].data, "total")).toBe(0);
        emulator.clock.advance(1);
        const data = (await metrics(client, ENDPOINT_ID, query)).body.value[0].timeseries[0].data as any[];
        expect(data.find((p) => p.timeStamp === new Date(t0).toISOString()).total).toBe(10);
    });
});

describe("aggregations", () => {
    const bucketAt = (body: any, t: number) =>
        (body.value[0].timeseries[0].data as any[]).find((p) => p.timeStamp === new Date(t).toISOString());

    it("returns only the requested aggregations, over per-minute measurements of each dimension combination", async () => {
        const { body } = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestsPerMinute",
            aggregation: "Average,Total,Count,Minimum,Maximum",
            interval: "PT1M",
            timespan: around(),
        });
        // blue/200: 5, green/200: 3, green/424/500: 2 — Azure averages measurements, not minutes.
        expect(bucketAt(body, t0)).toEqual({
            timeStamp: new Date(t0).toISOString(),
            average: 10 / 3,
            total: 10,
            count: 3,
            minimum: 2,
            maximum: 5,
        });
        const totalOnly = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestsPerMinute",
            aggregation: "total",
            interval: "PT1M",
            timespan: around(),
        });
        expect(Object.keys(bucketAt(totalOnly.body, t0)).sort()).toEqual(["timeStamp", "total"]);
    });

    it("uses the documented default aggregation (Average for RequestsPerMinute) when none is asked for", async () => {
        const { body } = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestsPerMinute",
            interval: "PT1M",
            timespan: around(),
        });
        expect(bucketAt(body, t0)).toEqual({ timeStamp: new Date(t0).toISOString(), average: 10 / 3 });
    });

    it("reports an empty bucket with zero Total and Count and no Average", async () => {
        const { body } = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestsPerMinute",
            aggregation: "Average,Total,Count",
            interval: "PT1M",
            timespan: around(),
        });
        expect(bucketAt(body, t0 + MINUTE)).toEqual({
            timeStamp: new Date(t0 + MINUTE).toISOString(),
            total: 0,
            count: 0,
        });
    });

    it("gives one point over the whole timespan with interval FULL", async () => {
        const { body } = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestsPerMinute,RequestLatency",
            aggregation: "Total,Maximum",
            interval: "FULL",
            timespan: span(t0 - 10 * MINUTE, t0 + 10 * MINUTE),
        });
        expect(body.interval).toBe("PT20M");
        expect(body.value[0].timeseries[0].data).toEqual([
            { timeStamp: new Date(t0 - 10 * MINUTE).toISOString(), total: 10, maximum: 5 },
        ]);
        expect(body.value[1].timeseries[0].data[0].maximum).toBe(300);
    });
});

describe("$filter", () => {
    const totals = async (filter: string, metric = "RequestsPerMinute") => {
        const { status, body } = await metrics(client, ENDPOINT_ID, {
            metricnames: metric,
            aggregation: "Total",
            interval: "FULL",
            timespan: around(),
            $filter: filter,
        });
        expect(status).toBe(200);
        return Object.fromEntries(Object.entries(seriesByMetadata(body)).map(([k, data]) => [k, sum(data, "total")]));
    };

    it("splits into one series per value with '*'", async () => {
        expect(await totals("deployment eq '*'")).toEqual({ "deployment=blue": 5, "deployment=green": 5 });
        expect(await totals("statusCodeClass eq '*'")).toEqual({ "statusCodeClass=2xx": 8, "statusCodeClass=4xx": 2 });
    });

    it("counts a model error as 4xx with the model's status code", async () => {
        expect(await totals("deployment eq 'green' and statusCodeClass eq '4xx'")).toEqual({
            "deployment=green,statusCodeClass=4xx": 2,
        });
        expect(await totals("modelStatusCode eq '500'")).toEqual({ "modelStatusCode=500": 2 });
        expect(await totals("statusCode eq '424'")).toEqual({ "statusCode=424": 2 });
    });

    it("takes or within one dimension, as separate series, and rolls them up on request", async () => {
        expect(await totals("statusCode eq '200' or statusCode eq '424'")).toEqual({
            "statusCode=200": 8,
            "statusCode=424": 2,
        });
        const { body } = await metrics(client, ENDPOINT_ID, {
            metricnames: "RequestsPerMinute",
            aggregation: "Total",
            interval: "FULL",
            timespan: around(),
            $filter: "statusCode eq '200' or statusCode eq '424'",
            rollUpBy: "statusCode",
        });
        expect(seriesByMetadata(body)).toEqual({ "": [expect.objectContaining({ total: 10 })] });
    });

    it("has no series for a filter nothing matches", async () => {
        expect(await totals("deployment eq 'blue' and statusCodeClass eq '4xx'")).toEqual({});
    });

    it("rejects or across dimensions, a dimension the metric lacks, and grains Azure does not offer", async () => {
        const bad = async (query: Record<string, string>) =>
            metrics(client, ENDPOINT_ID, { metricnames: "RequestsPerMinute", timespan: around(), ...query });
        const orAcross = await bad({ $filter: "deployment eq 'blue' or statusCode eq '200'" });
        expect(orAcross.status).toBe(400);
        expect(orAcross.body.error.message).toContain("cannot separate two different metadata names");
        const dimension = await bad({ metricnames: "RequestLatency", $filter: "statusCode eq '*'" });
        expect(dimension.status).toBe(400);
        expect(dimension.body.error).toEqual({
            code: "BadRequest",
            message:
                "Metric: RequestLatency does not support requested dimension combination: statuscode, supported ones are: deployment",
        });
        const grain = await bad({ interval: "PT2M" });
        expect(grain.status).toBe(400);
        expect(grain.body.error.message).toContain("PT1M, PT5M");
        expect((await bad({ aggregation: "Median" })).status).toBe(400);
    });
});

describe("deployment-scope metrics", () => {
    it("reports CPU and memory per instance from the behaviour in force at each minute", async () => {
        emulator.clock.advance(3 * MINUTE);
        const { body } = await metrics(client, deploymentId("blue"), {
            metricnames: "CpuUtilizationPercentage,CpuMemoryUtilizationPercentage",
            interval: "PT1M",
            timespan: span(t0, t0 + 3 * MINUTE),
        });
        expect(body.value[0].unit).toBe("Percent");
        expect((body.value[0].timeseries[0].data as any[]).map((p) => p.average)).toEqual([35, 35, 90]);
        expect((body.value[1].timeseries[0].data as any[]).map((p) => p.average)).toEqual([60, 60, 60]);
        const perInstance = await metrics(client, deploymentId("blue"), {
            metricnames: "CpuUtilizationPercentage",
            interval: "PT1M",
            timespan: span(t0, t0 + MINUTE),
            $filter: "instanceId eq '*'",
        });
        expect(perInstance.body.value[0].timeseries).toHaveLength(3);
    });

    it("reports DeploymentCapacity from sku.capacity, one measurement per instance", async () => {
        const { body } = await metrics(client, deploymentId("blue"), {
            metricnames: "DeploymentCapacity",
            aggregation: "Total,Average",
            interval: "PT1M",
            timespan: span(t0, t0 + MINUTE),
        });
        expect(body.value[0].timeseries[0].data).toEqual([
            { timeStamp: new Date(t0).toISOString(), total: 3, average: 1 },
        ]);
    });

    it("splits the deployment's requests by envoy_response_code and refuses the endpoint's dimensions", async () => {
        const { body } = await metrics(client, deploymentId("green"), {
            metricnames: "RequestsPerMinute",
            aggregation: "Total",
            interval: "FULL",
            timespan: around(),
            $filter: "envoy_response_code eq '*'",
        });
        expect(
            Object.fromEntries(Object.entries(seriesByMetadata(body)).map(([k, d]) => [k, sum(d, "total")])),
        ).toEqual({ "envoy_response_code=200": 3, "envoy_response_code=424": 2 });
        const wrong = await metrics(client, deploymentId("green"), {
            metricnames: "RequestsPerMinute",
            timespan: around(),
            $filter: "deployment eq 'green'",
        });
        expect(wrong.status).toBe(400);
    });

    it("refuses endpoint-only metrics at deployment scope, naming the valid ones", async () => {
        const { status, body } = await metrics(client, deploymentId("green"), {
            metricnames: "RequestLatency",
            timespan: around(),
        });
        expect(status).toBe(400);
        expect(body.error.message).toContain("Valid metrics: CpuUtilizationPercentage");
    });
});
