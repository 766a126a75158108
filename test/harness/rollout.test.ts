import type { ArmClient } from "../../src/azure";
import { rolloutPolicySpec } from "../../src/model";
import { retryUntil } from "../../src/async";
import { AzureMlEmulator, EngineLifecycle, ProviderHost, installMockEngine } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";
import { createDeployment, createEndpoint, setTraffic } from "../support/emulator";
import {
    ROLLOUT_EMULATOR,
    endpointPath,
    endpointWithBlueAndGreen,
    liveTraffic,
    startTrafficHarness,
    trafficUrn,
} from "../support/trafficOwner";

/**
 * Progressive traffic shifts through the real provider host on the emulator, 1000× faster than real time: minutes
 * of bake, gate intervals and Azure Monitor's ingestion delay pass in milliseconds, on one clock.
 */

const engine = installMockEngine({ project: "traffic", stack: "rollout" });
const urn = trafficUrn("rollout");

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
let inputs: Record<string, any>;
let stop: () => Promise<void>;

const live = (name: string) => liveTraffic(client, name);
const trafficWrites = (name: string) =>
    emulator
        .requests("PUT", new RegExp(`/onlineEndpoints/${name}$`))
        .filter((r) => r.status === 201 && r.fault === undefined);

/** An endpoint serving blue at 100 % under steady load, with green deployed and idle. */
async function servingBlue(name: string, requestsPerMinute = 600): Promise<string> {
    await endpointWithBlueAndGreen(client, name);
    await setTraffic(client, name, { blue: 100, green: 0 });
    if (requestsPerMinute > 0) {
        emulator.startLoad({ endpointId: endpointPath(name), requestsPerMinute, durationMs: 24 * 3600_000 });
    }
    return endpointPath(name);
}

const policy = rolloutPolicySpec.parse({
    linear: { stepPercent: 50 },
    bakeSeconds: 120,
    gates: [
        { metric: "errorRate", comparison: "lessThan", threshold: 0.01, windowSeconds: 120 },
        { metric: "requestsPerMinute", comparison: "greaterThan", threshold: 10, windowSeconds: 120 },
    ],
});

beforeAll(async () => {
    ({ emulator, client, host, stop, inputs } = await startTrafficHarness(engine, ROLLOUT_EMULATOR));
});

afterAll(() => stop?.());

describe("a progressive shift through the real provider host", () => {
    it("moves a healthy green up the ladder to the target, one write per step, and a re-run writes nothing", async () => {
        const id = await servingBlue("healthy");
        const owner = new EngineLifecycle(host, urn("healthy-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy });
        const before = trafficWrites("healthy").length;
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy })).result).toBe(
            "updated",
        );
        expect(await live("healthy")).toEqual({ blue: 0, green: 100 });
        expect(trafficWrites("healthy").length - before).toBe(2);
        // The diff (what a preview runs) states the plan in one line before anything is written.
        expect(host.stderr).toContain(
            `${id}: traffic plan: blue 100→0, green 0→100 in 2 steps, 2m bake, gates: errors<1%, rpm>10`,
        );
        expect(host.stderr).toContain(
            "rolling out blue 100→0, green 0→100 in 2 steps, 2m bake, gates: errors<1%, rpm>10",
        );
        // Gates waited for data: Azure Monitor's lag left the first intervals without a verdict, never a pass.
        expect(host.stderr).toMatch(/step 1, \d+ s baked: .*inconclusive.* → wait/);

        const writes = trafficWrites("healthy").length;
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy })).result).toBe(
            "unchanged",
        );
        expect(trafficWrites("healthy").length).toBe(writes);
    });

    it("rolls back to the last good map when green starts failing mid-shift, and fails naming the gate", async () => {
        const id = await servingBlue("degrading");
        const owner = new EngineLifecycle(host, urn("degrading-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy });
        // Green answers 424 (a model error) to every request from now on.
        emulator.setDeploymentBehaviour(`${id}/deployments/green`, { errorRate: 1 });
        const error = await owner
            .up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy })
            .catch((e: Error) => e);
        expect(String(error)).toMatch(
            /rollout step 1 of 2 \(blue 50%, green 50%\) of green failed: .*errors<1% fail: observed 100%/,
        );
        expect(String(error)).toContain("rolled back: traffic is at blue 100% again");
        expect(await live("degrading")).toEqual({ blue: 100, green: 0 });
    });

    it("resumes after the host is killed mid-shift, from the live traffic, writing no step twice", async () => {
        const id = await servingBlue("resumed");
        const owner = new EngineLifecycle(host, urn("resumed-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy });
        const before = trafficWrites("resumed").length;
        const doomed = await ProviderHost.start({ cwd: REPO_ROOT, env: emulator.env() });
        const killed = new EngineLifecycle(doomed, owner.urn);
        killed.state = owner.state;
        const cut = killed.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy }).catch((e) => e);
        // Kill the host once the first step is written, in the middle of its bake.
        await retryUntil(
            async () => {
                if (trafficWrites("resumed").length === before) {
                    throw new Error("first step not written yet");
                }
            },
            { timeoutMs: 30_000, delayMs: () => 5, what: "see the first step written" },
        );
        await doomed.stop();
        expect(await cut).toBeInstanceOf(Error);
        expect(await live("resumed")).toEqual({ blue: 50, green: 50 });

        // The next `pulumi up` runs with the state from before the cut short update.
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy })).result).toBe(
            "updated",
        );
        expect(await live("resumed")).toEqual({ blue: 0, green: 100 });
        expect(host.stderr).toContain("resuming at step 1, which is live already");
        const maps = trafficWrites("resumed")
            .slice(before)
            .map((r) => r.seq);
        expect(maps).toHaveLength(2);
    });

    it("rolls back to the map from before the rollout when green starts failing only at step 2", async () => {
        const id = await servingBlue("later");
        const owner = new EngineLifecycle(host, urn("later-traffic"));
        const ladder = rolloutPolicySpec.parse({ ...policy, steps: undefined, linear: { stepPercent: 25 } });
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: ladder });
        // Green starts failing one request in five (424) the moment step 2 gives it half the traffic.
        emulator.beforeRequest = (req) => {
            const traffic = (req.body as { properties?: { traffic?: Record<string, number> } } | undefined)?.properties
                ?.traffic;
            if (req.method === "PUT" && req.path === id && traffic?.green === 50) {
                emulator.setDeploymentBehaviour(`${id}/deployments/green`, { errorRate: 0.2 });
            }
        };
        const error = await owner
            .up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: ladder })
            .catch((e: Error) => e);
        expect(String(error)).toMatch(/rollout step 2 of 4 \(blue 50%, green 50%\) of green failed: .*errors<1% fail/);
        emulator.beforeRequest = undefined;
        // Step 1 passed, but a deployment that fails under more traffic keeps none: blue takes it all back.
        expect(String(error)).toContain("rolled back: traffic is at blue 100% again");
        expect(await live("later")).toEqual({ blue: 100, green: 0 });
    });

    it("never passes a step on silence: with no requests, the gates stay inconclusive and the step fails", async () => {
        const id = await servingBlue("silent", 0);
        const owner = new EngineLifecycle(host, urn("silent-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy });
        const error = await owner
            .up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy })
            .catch((e: Error) => e);
        expect(String(error)).toMatch(/no verdict in 11 intervals of 1m in a row, more than inconclusiveLimit 10/);
        expect(await live("silent")).toEqual({ blue: 100, green: 0 });
    });

    it("rolls back when the rollout runs out of its time limit", async () => {
        const id = await servingBlue("overdue", 0);
        const owner = new EngineLifecycle(host, urn("overdue-traffic"));
        const patient = rolloutPolicySpec.parse({
            ...policy,
            steps: undefined,
            analysis: { inconclusiveLimit: 1000 },
            timeLimit: { seconds: 600, onExpiry: "rollback" },
        });
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: patient });
        const error = await owner
            .up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: patient })
            .catch((e: Error) => e);
        expect(String(error)).toContain(
            "ran out of its time limit at step 1; rolled back: traffic is at blue 100% again",
        );
        expect(await live("overdue")).toEqual({ blue: 100, green: 0 });
    });

    it("survives every emulator fault kind during a shift and ends at the target", async () => {
        const id = await servingBlue("faulty");
        const owner = new EngineLifecycle(host, urn("faulty-traffic"));
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy });
        const endpoint = /\/onlineEndpoints\/faulty$/;
        for (const kind of ["throttle", "unavailable", "conflict", "server-error", "reset"] as const) {
            emulator.injectFault({ kind, path: endpoint, count: 1, retryAfterSeconds: 10 });
            emulator.injectFault({
                kind,
                path: /\/onlineEndpoints\/faulty\/providers\/Microsoft.Insights\/metrics$/,
                count: 1,
            });
        }
        emulator.injectFault({ kind: "lro-failed", method: "PUT", path: endpoint, count: 1 });
        emulator.injectFault({ kind: "lro-canceled", method: "PUT", path: endpoint, count: 1 });
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy })).result).toBe(
            "updated",
        );
        expect(await live("faulty")).toEqual({ blue: 0, green: 100 });
        expect(emulator.faults.pending()).toEqual([]);
    });

    it("mirrors to green first, then gives it live traffic in the same write that clears the mirror", async () => {
        const id = await servingBlue("mirrored");
        const owner = new EngineLifecycle(host, urn("mirrored-traffic"));
        const staged = rolloutPolicySpec.parse({
            ...policy,
            steps: undefined,
            linear: undefined,
            canary: { percent: 25 },
            mirror: { percent: 20, durationSeconds: 120 },
        });
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: staged });
        const written: unknown[] = [];
        emulator.beforeRequest = (req) => {
            if (req.method === "PUT" && req.path === id) {
                const properties = (req.body as { properties: Record<string, unknown> }).properties;
                written.push({ traffic: properties.traffic, mirror: properties.mirrorTraffic });
            }
        };
        try {
            await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: staged });
        } finally {
            emulator.beforeRequest = undefined;
        }
        expect(written).toEqual([
            { traffic: { blue: 100, green: 0 }, mirror: { green: 20 } },
            { traffic: { blue: 75, green: 25 }, mirror: {} },
            { traffic: { blue: 0, green: 100 }, mirror: {} },
        ]);
        expect(await live("mirrored")).toEqual({ blue: 0, green: 100 });
    });

    it("gates on synthetic probes sent to the deployment gaining traffic, with the endpoint's auth", async () => {
        const probing = rolloutPolicySpec.parse({
            canary: { percent: 20 },
            bakeSeconds: 60,
            probes: [{ name: "smoke", payload: { data: [[1, 2]] }, bodyContains: "green" }],
        });
        const healthy = await servingBlue("probed");
        const owner = new EngineLifecycle(host, urn("probed-traffic"));
        await owner.up({ ...inputs, endpointId: healthy, traffic: { blue: 100 }, rollout: probing });
        const sent = emulator.requests("POST", "/inference/online/").length;
        await owner.up({ ...inputs, endpointId: healthy, traffic: { green: 100 }, rollout: probing });
        expect(await live("probed")).toEqual({ blue: 0, green: 100 });
        expect(emulator.requests("POST", "/inference/online/").length).toBeGreaterThan(sent);
        expect(host.stderr).toMatch(/probe smoke .* pass: 1 answered as expected/);

        const broken = await servingBlue("probed-broken");
        const other = new EngineLifecycle(host, urn("probed-broken-traffic"));
        await other.up({ ...inputs, endpointId: broken, traffic: { blue: 100 }, rollout: probing });
        emulator.setDeploymentBehaviour(`${broken}/deployments/green`, { errorRate: 1 });
        const error = await other
            .up({ ...inputs, endpointId: broken, traffic: { green: 100 }, rollout: probing })
            .catch((e: Error) => e);
        expect(String(error)).toMatch(/probe smoke .* fail: .*answered 424, expected 200/);
        expect(await live("probed-broken")).toEqual({ blue: 100, green: 0 });
    });

    it("writes at once when nothing serves live traffic yet (nothing to protect)", async () => {
        await createEndpoint(client, "empty");
        await createDeployment(client, "empty", "blue");
        const owner = new EngineLifecycle(host, urn("empty-traffic"));
        const before = trafficWrites("empty").length;
        await owner.up({ ...inputs, endpointId: endpointPath("empty"), traffic: { blue: 100 }, rollout: policy });
        expect(await live("empty")).toEqual({ blue: 100 });
        expect(trafficWrites("empty").length - before).toBe(1);
    });
});
