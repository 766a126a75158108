import { ArmClient, armTarget } from "../../src/azure";
import { attachScenario, behaviourFor } from "../../src/local/rehearsal/scenarioAttach";
import { parseScenario } from "../../src/local/rehearsal/scenarioFile";
import { Scenario } from "../../src/local/rehearsal/scenarioSchema";
import { AzureMlEmulator } from "../../src/testing";
import { API, WS_PATH, createDeployment, createEndpoint, setTraffic, startEmulator } from "../support/emulator";

const MINUTE = 60_000;
const CREDIT = `${WS_PATH}/onlineEndpoints/credit`;
const GREEN = `${CREDIT}/deployments/green`;

let emulator: AzureMlEmulator;
let client: ArmClient;

function scenario(text: string): Scenario {
    const read = parseScenario(text, "test.yaml");
    if (!read.ok) {
        throw new Error(read.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    }
    return read.scenario;
}

/** Samples the deployment served, oldest first (live requests only). */
const samplesOf = (deployment: string) =>
    emulator.state.samples.filter((s) => s.deployment === deployment && !s.mirrored);

beforeEach(async () => {
    // A manual clock: time moves only when the test says, and operations end at once.
    ({ emulator, client } = await startEmulator({
        clock: { manual: true },
        endpointProvisioningMs: 0,
        deploymentProvisioningMs: 0,
        deleteMs: 0,
        metricsIngestionDelayMs: 0,
    }));
});

afterEach(() => emulator.stop());

describe("attachScenario: deployment behaviour", () => {
    it("gives a deployment created after attaching its behaviour, with the run-relative changes made absolute", async () => {
        const runStart = emulator.clock.now();
        const detach = attachScenario(
            emulator,
            scenario(`
deployments:
  Credit/GREEN:
    latencyMs: 40
    changes:
      - from: { afterRequests: 30 }
        errorRate: 1
        modelStatusCode: 503
      - from: { afterTime: PT2M }
        latencyMs: 900
`),
        );
        emulator.clock.advance(5000);
        await createEndpoint(client, "credit");
        await createDeployment(client, "credit", "green");
        await createDeployment(client, "credit", "blue");

        const green = emulator.state.deployments.get(GREEN.toLowerCase())!;
        expect(green.behaviour).toMatchObject({
            latencyMs: 40,
            errorRate: 0,
            changes: [
                { afterRequests: 30, errorRate: 1, modelStatusCode: 503 },
                // From the run's start, not from when the deployment appeared five seconds later.
                { fromTime: runStart + 2 * MINUTE, latencyMs: 900 },
            ],
        });
        const blue = emulator.state.deployments.get(`${CREDIT}/deployments/blue`.toLowerCase())!;
        expect(blue.behaviour.latencyMs).toBe(20);
        expect(blue.behaviour.changes).toBeUndefined();
        expect(detach.report().configured).toEqual({ "Credit/GREEN": [GREEN] });
        detach();
    });

    it("makes the deployment fail after N requests and slow from time T, seen through the load it receives", async () => {
        const runStart = emulator.clock.now();
        const detach = attachScenario(
            emulator,
            scenario(`
deployments:
  credit/green:
    latencyMs: 40
    changes:
      - from: { afterRequests: 30 }
        errorRate: 1
        modelStatusCode: 503
      - from: { afterTime: PT2M }
        latencyMs: 900
load:
  credit: { requestsPerSecond: 1 }
`),
        );
        await createEndpoint(client, "credit");
        await createDeployment(client, "credit", "green");
        await setTraffic(client, "credit", { green: 100 });
        emulator.clock.advance(3 * MINUTE);
        emulator.settle();

        const served = samplesOf("green");
        expect(served).toHaveLength(180);
        expect(served.slice(0, 30).every((s) => s.status === 200)).toBe(true);
        expect(served.slice(30).every((s) => s.status === 424 && s.modelStatus === 503)).toBe(true);
        const early = served.filter((s) => s.time < runStart + 2 * MINUTE);
        const late = served.filter((s) => s.time >= runStart + 2 * MINUTE);
        expect(early.length).toBeGreaterThan(100);
        expect(early.every((s) => s.latencyMs === 40)).toBe(true);
        expect(late.length).toBeGreaterThan(50);
        expect(late.every((s) => s.latencyMs === 900)).toBe(true);
        detach();
    });

    it("counts afterRequests from when the scenario reaches a deployment that already served requests", async () => {
        await createEndpoint(client, "credit");
        await createDeployment(client, "credit", "green");
        await setTraffic(client, "credit", { green: 100 });
        emulator.startLoad({ endpointId: CREDIT, requestsPerMinute: 60, durationMs: 10_000 });
        emulator.clock.advance(MINUTE);
        emulator.settle();
        expect(samplesOf("green")).toHaveLength(10);

        const detach = attachScenario(
            emulator,
            scenario("deployments:\n  credit/green:\n    changes: [{ from: { afterRequests: 5 }, errorRate: 1 }]\n"),
        );
        // Applied at once: the deployment exists already.
        expect(emulator.state.deployments.get(GREEN.toLowerCase())!.behaviour.changes).toEqual([
            { afterRequests: 15, errorRate: 1 },
        ]);
        emulator.startLoad({ endpointId: CREDIT, requestsPerMinute: 60, durationMs: 10_000 });
        emulator.clock.advance(MINUTE);
        emulator.settle();
        expect(samplesOf("green").map((s) => s.status)).toEqual([...Array(15).fill(200), ...Array(5).fill(424)]);
        detach();
    });

    it("sets batchOutcome on a batch deployment", async () => {
        const detach = attachScenario(emulator, scenario("deployments:\n  nightly/scorer: { batchOutcome: Failed }\n"));
        const batch = `${WS_PATH}/batchEndpoints/nightly`;
        const put = async (url: string, body: unknown) =>
            expect((await client.send("PUT", url, { apiVersion: API, body })).status).toBeLessThan(300);
        await put(batch, { location: "westeurope", properties: { authMode: "AADToken" } });
        await put(`${batch}/deployments/scorer`, {
            location: "westeurope",
            properties: {
                compute: `${WS_PATH}/computes/cpu`,
                model: { referenceType: "Id", assetId: `${WS_PATH}/models/m/versions/1` },
            },
        });
        // The hook runs before the next request the emulator handles.
        await client.send("GET", `${batch}/deployments/scorer`, { apiVersion: API });
        expect(emulator.state.deployments.get(`${batch}/deployments/scorer`.toLowerCase())!.behaviour).toMatchObject({
            batchOutcome: "Failed",
        });
        detach();
    });

    it("reports the names nothing matched", async () => {
        const detach = attachScenario(
            emulator,
            scenario(`
deployments:
  credit/green: { errorRate: 0.1 }
  credit/grene: { errorRate: 0.1 }
load:
  credit: { requestsPerSecond: 1 }
  debit: { requestsPerSecond: 1 }
`),
        );
        await createEndpoint(client, "credit");
        await createDeployment(client, "credit", "green");
        detach();
        expect(detach.report().unmatched).toEqual({ deployments: ["credit/grene"], load: ["debit"] });
        expect(detach.report().errors).toEqual([]);
    });
});

describe("attachScenario: load", () => {
    it("starts the endpoint's load once it is provisioned, once, and stops it on detach", async () => {
        await emulator.stop();
        ({ emulator, client } = await startEmulator({
            clock: { manual: true },
            endpointProvisioningMs: 10_000,
            deploymentProvisioningMs: 0,
        }));
        const events: string[] = [];
        const detach = attachScenario(emulator, scenario("load:\n  CREDIT: { requestsPerSecond: 2 }\n"), {
            onEvent: (e) => events.push(e.kind),
        });
        const put = await client.send("PUT", CREDIT, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "Key" } },
        });
        expect(put.status).toBe(201);
        await client.send("GET", CREDIT, { apiVersion: API });
        expect(emulator.state.loadRuns).toHaveLength(0);

        emulator.clock.advance(10_000);
        await client.send("GET", CREDIT, { apiVersion: API });
        await client.send("GET", CREDIT, { apiVersion: API });
        expect(emulator.state.loadRuns).toHaveLength(1);
        const [run] = emulator.state.loadRuns;
        expect(run).toMatchObject({ endpointId: CREDIT, intervalMs: 500 });
        expect(events).toEqual(["load"]);

        emulator.clock.advance(MINUTE);
        emulator.settle();
        // One at the start and 120 over the minute; no deployment has traffic yet, so Azure's 404.
        expect(run.sent).toBe(121);
        expect(run.statuses).toEqual({ 404: 121 });

        detach();
        emulator.clock.advance(MINUTE);
        emulator.settle();
        expect(run.sent).toBe(121);
        expect(detach.report().loads).toEqual([run]);
        expect(emulator.state.loadRuns).toHaveLength(1);
    });

    it("composes with a hook already installed and puts it back on detach", async () => {
        const seen: string[] = [];
        const mine = (req: { method: string }) => seen.push(req.method);
        emulator.beforeRequest = mine;
        const detach = attachScenario(emulator, scenario("deployments:\n  credit/green: { latencyMs: 70 }\n"));
        await createEndpoint(client, "credit");
        await createDeployment(client, "credit", "green");
        expect(seen).toContain("PUT");
        expect(emulator.state.deployments.get(GREEN.toLowerCase())!.behaviour.latencyMs).toBe(70);
        detach();
        expect(emulator.beforeRequest).toBe(mine);
    });
});

describe("attachScenario: faults", () => {
    it("arms the faults at once, matching paths ignoring case, and disarms what is left on detach", async () => {
        await createEndpoint(client, "credit");
        const bare = new ArmClient(armTarget(emulator.env()), { maxRetries: 0 });
        const detach = attachScenario(
            emulator,
            scenario(`
faults:
  - kind: throttle
    method: get
    path: /ONLINEENDPOINTS/credit
    retryAfterSeconds: 7
  - kind: server-error
    path: /deployments/
    count: 3
`),
        );
        const first = await bare.send("GET", CREDIT, { apiVersion: API });
        expect(first.status).toBe(429);
        expect(first.headers["retry-after"]).toBe("7");
        expect((await bare.send("GET", CREDIT, { apiVersion: API })).status).toBe(200);

        expect((await bare.send("GET", `${CREDIT}/deployments/green`, { apiVersion: API })).status).toBe(500);
        expect(detach.report().faults.map((f) => f.fired)).toEqual([1, 1]);

        detach();
        expect((await bare.send("GET", `${CREDIT}/deployments/green`, { apiVersion: API })).status).toBe(404);
        expect(detach.report().faults).toEqual([
            {
                fault: { kind: "throttle", method: "GET", path: "/ONLINEENDPOINTS/credit", retryAfterSeconds: 7 },
                fired: 1,
            },
            { fault: { kind: "server-error", path: "/deployments/", count: 3 }, fired: 1 },
        ]);
    });
});

describe("behaviourFor", () => {
    it("leaves changes alone when the scenario has none, so it does not erase ones set otherwise", () => {
        const [entry] = scenario("deployments:\n  credit/green: { cpuPercent: 80 }\n").deployments;
        expect(behaviourFor(entry, 1000, 7)).toEqual({ cpuPercent: 80 });
    });
});
