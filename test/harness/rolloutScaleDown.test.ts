import type { ArmClient } from "../../src/azure";
import { rolloutPolicySpec } from "../../src/model";
import { retryUntil } from "../../src/async";
import { AzureMlEmulator, EngineLifecycle, ProviderHost, installMockEngine } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";
import { API, createDeployment, createEndpoint, setTraffic } from "../support/emulator";
import { ROLLOUT_EMULATOR, endpointPath, liveTraffic, startTrafficHarness, trafficUrn } from "../support/trafficOwner";

/**
 * Scaling the old deployment down after a progressive shift (afterSuccess.previous scaleDown), through the real
 * provider host on the emulator, 1000× faster than real time: the owner scales a deployment up before traffic
 * reaches it and scales the one left without traffic down once the shift has passed and the termination wait is
 * over, each write confirmed by reading back and never made twice.
 */

const engine = installMockEngine({ project: "traffic", stack: "scaledown" });
const urn = trafficUrn("scaledown");

let emulator: AzureMlEmulator;
let host: ProviderHost;
let client: ArmClient;
let inputs: Record<string, any>;
let stop: () => Promise<void>;

const gates = [
    { metric: "errorRate", comparison: "lessThan", threshold: 0.01, windowSeconds: 120 },
    { metric: "requestsPerMinute", comparison: "greaterThan", threshold: 10, windowSeconds: 120 },
];
const policy = rolloutPolicySpec.parse({
    linear: { stepPercent: 50 },
    bakeSeconds: 120,
    gates,
    afterSuccess: { previous: "scaleDown", terminationWaitSeconds: 300, scaledDownInstances: 1 },
    // At 1000× a loaded machine's real second is a quarter of an emulator hour: the default limit (twice the
    // planned time plus 30 minutes) would measure the machine, not the rollout.
    timeLimit: { seconds: 12 * 3600 },
});
const capacities = { blue: 3, green: 3 };

/** The instance count the emulator holds for a deployment now. */
async function capacityOf(endpoint: string, deployment: string): Promise<number> {
    return (
        (await client.request("GET", `${endpointPath(endpoint)}/deployments/${deployment}`, { apiVersion: API }))
            .body as { sku: { capacity: number } }
    ).sku.capacity;
}

/** Accepted writes on the emulator after `since`: scale writes on deployments and traffic writes on the endpoint. */
function writes(endpoint: string, since = 0) {
    const accepted = emulator.requestLog.filter((r) => r.seq > since && r.fault === undefined);
    return {
        scales: (deployment: string) =>
            accepted.filter(
                (r) =>
                    (r.method === "PATCH" || r.method === "PUT") &&
                    r.path === `${endpointPath(endpoint)}/deployments/${deployment}` &&
                    r.status < 300,
            ),
        anyScale: accepted.filter(
            (r) =>
                (r.method === "PATCH" || r.method === "PUT") &&
                r.path.startsWith(`${endpointPath(endpoint)}/deployments/`),
        ),
        traffic: accepted.filter((r) => r.method === "PUT" && r.path === endpointPath(endpoint) && r.status === 201),
    };
}

const lastSeq = () => emulator.requestLog.at(-1)?.seq ?? 0;

/**
 * An endpoint serving blue at 100 % under steady load, blue and green deployed with 3 instances each, and its
 * traffic owner created with the scale-down policy: green, idle from the start, is scaled down to 1 after the wait.
 */
async function servingBlue(name: string, owned = policy): Promise<{ id: string; owner: EngineLifecycle }> {
    await createEndpoint(client, name);
    await createDeployment(client, name, "blue", 3);
    await createDeployment(client, name, "green", 3);
    await setTraffic(client, name, { blue: 100, green: 0 });
    emulator.startLoad({ endpointId: endpointPath(name), requestsPerMinute: 600, durationMs: 24 * 3600_000 });
    const id = endpointPath(name);
    const owner = new EngineLifecycle(host, urn(`${name}-traffic`));
    await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: owned, capacities });
    return { id, owner };
}

beforeAll(async () => {
    ({ emulator, client, host, stop, inputs } = await startTrafficHarness(engine, ROLLOUT_EMULATOR));
});

afterAll(() => stop?.());

afterEach(() => {
    emulator.beforeRequest = undefined;
});

describe("scaling the old deployment down after a rollout (real provider host, emulator)", () => {
    it("scales a deployment that serves no traffic down after the wait, from the very first update", async () => {
        const { id } = await servingBlue("idle");
        expect(await capacityOf("idle", "green")).toBe(1);
        expect(await capacityOf("idle", "blue")).toBe(3);
        expect(host.stderr).toContain(
            `${id}: waiting 5m (afterSuccess.terminationWaitSeconds) for requests in flight before scaling green down to 1`,
        );
    });

    it("scales green up before it takes traffic, shifts, then scales blue down once after the wait; a re-run writes nothing", async () => {
        const { id, owner } = await servingBlue("healthy");
        const since = lastSeq();
        const seen: string[] = [];
        emulator.beforeRequest = (req) => {
            const traffic = (req.body as { properties?: { traffic?: Record<string, number> } } | undefined)?.properties
                ?.traffic;
            if (req.method === "PUT" && req.path === id && traffic !== undefined) {
                // What green runs when a traffic write reaches the emulator.
                const green = [...emulator.state.deployments.values()].find(
                    (d) => d.id.toLowerCase() === `${id}/deployments/green`.toLowerCase(),
                );
                seen.push(`green ${traffic.green ?? 0}% on ${String(green?.body.sku?.capacity)} instances`);
            }
        };
        const target = { ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy, capacities };
        expect((await owner.up(target)).result).toBe("updated");
        expect(await liveTraffic(client, "healthy")).toEqual({ blue: 0, green: 100 });
        expect(seen).toEqual(["green 50% on 3 instances", "green 100% on 3 instances"]);
        expect([await capacityOf("healthy", "blue"), await capacityOf("healthy", "green")]).toEqual([1, 3]);

        const log = writes("healthy", since);
        const [greenUp] = log.scales("green");
        const [blueDown, ...more] = log.scales("blue");
        expect(log.scales("green")).toHaveLength(1);
        expect(more).toEqual([]);
        expect(greenUp.method).toBe("PATCH");
        expect(greenUp.seq).toBeLessThan(log.traffic[0].seq);
        const lastTraffic = log.traffic.at(-1)!;
        expect(blueDown.method).toBe("PATCH");
        expect(blueDown.seq).toBeGreaterThan(lastTraffic.seq);
        // The scale-down waited the termination wait (300 s of emulator time) after the last traffic write.
        expect(blueDown.time - lastTraffic.time).toBeGreaterThanOrEqual(300_000);
        // The preview line named the scale-up and the scale-down.
        expect(host.stderr).toContain(
            `${id}: traffic plan: scale green to 3, then blue 100→0, green 0→100 in 2 steps, 2m bake, gates: errors<1%, rpm>10, then scale blue to 1 after 5m`,
        );
        expect(host.stderr).toContain(`${id}: scaling blue from 3 instances to 1 now that it serves no traffic`);
        expect(host.stderr).toContain(`${id}: blue runs 1 instance`);

        const rerun = lastSeq();
        expect((await owner.up(target)).result).toBe("unchanged");
        expect(writes("healthy", rerun).anyScale).toEqual([]);
        expect(writes("healthy", rerun).traffic).toEqual([]);
    });

    it("scales blue back up before any traffic moves back to it", async () => {
        const { id, owner } = await servingBlue("back");
        await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy, capacities });
        expect(await capacityOf("back", "blue")).toBe(1);
        const since = lastSeq();
        expect(
            (await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy, capacities })).result,
        ).toBe("updated");
        const log = writes("back", since);
        expect(log.scales("blue")).toHaveLength(1);
        expect(log.scales("blue")[0].seq).toBeLessThan(log.traffic[0].seq);
        expect(log.scales("green")).toHaveLength(1);
        expect(log.scales("green")[0].seq).toBeGreaterThan(log.traffic.at(-1)!.seq);
        expect([await capacityOf("back", "blue"), await capacityOf("back", "green")]).toEqual([3, 1]);
        expect(await liveTraffic(client, "back")).toEqual({ blue: 100, green: 0 });
    });

    it("never scales anything down when a gate fails and the traffic is rolled back", async () => {
        const { id, owner } = await servingBlue("failing");
        emulator.setDeploymentBehaviour(`${id}/deployments/green`, { errorRate: 1 });
        const bodies: unknown[] = [];
        emulator.beforeRequest = (req) => {
            if (req.method === "PATCH" && req.path.startsWith(`${id}/deployments/`)) {
                bodies.push({
                    [req.path.split("/").at(-1)!]: (req.body as { sku: { capacity: number } }).sku.capacity,
                });
            }
        };
        const error = await owner
            .up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy, capacities })
            .catch((e: Error) => e);
        expect(String(error)).toContain("rolled back: traffic is at blue 100% again");
        // Only the scale-up that came before the shift; blue keeps its instances.
        expect(bodies).toEqual([{ green: 3 }]);
        expect([await capacityOf("failing", "blue"), await capacityOf("failing", "green")]).toEqual([3, 3]);
        expect(await liveTraffic(client, "failing")).toEqual({ blue: 100, green: 0 });
    });

    it("resumes after the host is killed during the termination wait and scales blue down exactly once", async () => {
        const patient = rolloutPolicySpec.parse({
            ...policy,
            steps: undefined,
            afterSuccess: { previous: "scaleDown", terminationWaitSeconds: 3600 },
        });
        const { id, owner } = await servingBlue("killed", patient);
        const since = lastSeq();
        const target = { ...inputs, endpointId: id, traffic: { green: 100 }, rollout: patient, capacities };
        const doomed = await ProviderHost.start({ cwd: REPO_ROOT, env: emulator.env() });
        const killed = new EngineLifecycle(doomed, owner.urn);
        killed.state = owner.state;
        const cut = killed.up(target).catch((e) => e);
        await retryUntil(
            async () => {
                if (!doomed.stderr.includes(`${id}: waiting 1h (afterSuccess.terminationWaitSeconds)`)) {
                    throw new Error("not waiting yet");
                }
            },
            { timeoutMs: 60_000, delayMs: () => 5, what: "see the termination wait begin" },
        );
        await doomed.stop();
        expect(await cut).toBeInstanceOf(Error);
        expect(await liveTraffic(client, "killed")).toEqual({ blue: 0, green: 100 });
        expect(writes("killed", since).scales("blue")).toEqual([]);
        expect(await capacityOf("killed", "blue")).toBe(3);

        // The next `pulumi up` runs with the state from before the update that was cut short.
        expect((await owner.up(target)).result).toBe("updated");
        expect(writes("killed", since).scales("blue")).toHaveLength(1);
        expect(await capacityOf("killed", "blue")).toBe(1);
        expect((await owner.up(target)).result).toBe("unchanged");
        expect(writes("killed", since).scales("blue")).toHaveLength(1);
    });

    it("rides out throttling, busy answers, server errors, resets and a failed operation on the scale writes", async () => {
        const { id, owner } = await servingBlue("faulty");
        const blue = new RegExp(`${id}/deployments/blue$`);
        for (const kind of ["throttle", "conflict", "server-error", "unavailable", "reset"] as const) {
            emulator.injectFault({ kind, method: "PATCH", path: blue, count: 1, retryAfterSeconds: 10 });
        }
        emulator.injectFault({ kind: "lro-failed", method: "PATCH", path: blue, count: 1 });
        const since = lastSeq();
        expect(
            (await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy, capacities }))
                .result,
        ).toBe("updated");
        expect(emulator.faults.pending()).toEqual([]);
        expect([await capacityOf("faulty", "blue"), await capacityOf("faulty", "green")]).toEqual([1, 3]);
        // Only the write whose operation failed is made again; both came after the last traffic write.
        const accepted = emulator.requests("PATCH", blue).filter((r) => r.seq > since && r.status === 202);
        expect(accepted.map((r) => r.fault ?? "applied")).toEqual(["lro-failed", "applied"]);
        expect(accepted[0].seq).toBeGreaterThan(writes("faulty", since).traffic.at(-1)!.seq);
    });

    it("sees a count put back behind its back (an azure-native update of the deployment) and scales it down again", async () => {
        const { id, owner } = await servingBlue("drift");
        const target = { ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy, capacities };
        expect(await capacityOf("drift", "green")).toBe(1);
        // azure-native PUTs the deployment with the count it recorded at creation.
        await createDeployment(client, "drift", "green", 3);
        const diff = await host.diff(owner.state!.id, owner.urn, owner.state!.outputs, target, owner.state!.inputs);
        expect(diff.changes).toBe("some");
        expect(host.stderr).toContain(
            `${id}: instance counts differ from what the traffic owner keeps: scale green to 1 after 5m`,
        );
        expect((await owner.up(target)).result).toBe("updated");
        expect(await capacityOf("drift", "green")).toBe(1);
    });

    it("writes a changed count of the serving deployment, which azure-native now ignores", async () => {
        const { id, owner } = await servingBlue("grown");
        const since = lastSeq();
        const target = { ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: policy };
        expect((await owner.up({ ...target, capacities: { blue: 5, green: 3 } })).result).toBe("updated");
        expect([await capacityOf("grown", "blue"), await capacityOf("grown", "green")]).toEqual([5, 1]);
        expect(writes("grown", since).anyScale).toHaveLength(1);
    });

    it("updates and deletes state written without capacities (the provider before scale-down)", async () => {
        const name = "older";
        await createEndpoint(client, name);
        await createDeployment(client, name, "blue", 3);
        await createDeployment(client, name, "green", 3);
        const id = endpointPath(name);
        const owner = new EngineLifecycle(host, urn(`${name}-traffic`));
        const keep = rolloutPolicySpec.parse({ ...policy, steps: undefined, afterSuccess: { previous: "keep" } });
        await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: keep });
        expect(owner.state?.outputs.capacities).toBeUndefined();
        emulator.startLoad({ endpointId: id, requestsPerMinute: 600, durationMs: 24 * 3600_000 });

        expect(
            (await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, rollout: policy, capacities }))
                .result,
        ).toBe("updated");
        expect(await liveTraffic(client, name)).toEqual({ blue: 0, green: 100 });
        expect([await capacityOf(name, "blue"), await capacityOf(name, "green")]).toEqual([1, 3]);

        await owner.destroy();
        expect(await liveTraffic(client, name)).toEqual({ blue: 0, green: 0 });
    });

    it("checks the declared counts, letting counts the engine does not know yet through", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const check = (counts: unknown) =>
            host.check("urn:x", {}, { ...inputs, rollout: policy, capacities: counts }).then((c) => c.failures);
        expect(await check(unknown)).toEqual([]);
        expect(await check({ blue: unknown, green: 3 })).toEqual([]);
        expect(await check({ blue: 0, green: 2.5 })).toEqual([
            { property: "capacities.blue", reason: "an instance count is a whole number of at least 1, got 0" },
            { property: "capacities.green", reason: "an instance count is a whole number of at least 1, got 2.5" },
        ]);
    });

    it("hands the counts back when the policy stops scaling down: a scaled-down deployment gets its count again", async () => {
        const { id, owner } = await servingBlue("released");
        expect(await capacityOf("released", "green")).toBe(1);
        const keep = rolloutPolicySpec.parse({ ...policy, steps: undefined, afterSuccess: { previous: "keep" } });
        expect((await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, rollout: keep })).result).toBe(
            "updated",
        );
        expect(await capacityOf("released", "green")).toBe(3);
        expect(host.stderr).toContain(
            `${id}: scaling green from 1 instance to 3 back to its instanceCount: instance counts are azure-native's again`,
        );
    });
});
