import { retryUntil } from "../../src/async";
import { ArmClient, armTarget } from "../../src/azure";
import { BatchInvocation } from "../../src/providers/batchInvocation";
import { batchJobBaseName } from "../../src/providers/batchJobIdentity";
import { UNKNOWN_VALUE } from "../../src/providers/unknownValue";
import { AzureMlEmulator, EngineLifecycle, ProviderHost, installMockEngine, settle } from "../../src/testing";
import { BATCH_INVOCATION_TYPE, batchEndpointWithDeployments, jobsNamed } from "../support/batchInvocation";
import { bearer } from "../support/batch";
import { call } from "../support/emulatorHttp";
import { API, RG, SUB, WS, WS_PATH } from "../support/emulator";
import { REPO_ROOT } from "../support/stackFiles";

/**
 * BatchInvocation through the real provider host on the emulator, 1000× faster than real time: a job queues for a
 * minute and runs for ten (emulator time), so waits, polls, timeouts and cancels pass in milliseconds on one clock.
 */

const engine = installMockEngine({ project: "batch", stack: "test" });
const urn = (name: string) => `urn:pulumi:test::batch::${BATCH_INVOCATION_TYPE}::${name}`;

let emulator: AzureMlEmulator;
let client: ArmClient;
let host: ProviderHost;
let base: Record<string, any>;
let endpointId: string;
let scoringUri: string;

/**
 * A provider host on the emulator. Jobs are read every 3 s of emulator time (3 ms here); long-running operations
 * (a cancel) are polled by core-lro every second of real time, which does not run on the emulator's clock.
 */
const startHost = () =>
    ProviderHost.start({ cwd: REPO_ROOT, env: { ...emulator.env(), AZUREML_PULUMI_EMULATOR_POLL_MS: "1000" } });

beforeAll(async () => {
    emulator = await AzureMlEmulator.start({
        lroRetryAfterSeconds: null,
        clock: { timeScale: 1000 },
        endpointProvisioningMs: 20_000,
        deploymentProvisioningMs: 20_000,
        jobQueueMs: 60_000,
        jobRunMs: 10 * 60_000,
        jobCancelMs: 30_000,
    });
    emulator.seedWorkspace(SUB, RG, WS);
    client = new ArmClient(armTarget(emulator.env()));
    ({ endpointId, scoringUri } = await batchEndpointWithDeployments(client, "scorer", ["blue", "green"]));
    new BatchInvocation("nightly", {
        endpointId,
        scoringUri,
        inputs: { heart: { path: "azureml://datastores/workspaceblobstore/paths/heart/" } },
    });
    await settle();
    base = engine.get(BATCH_INVOCATION_TYPE, "nightly").inputs;
    host = await startHost();
});

afterAll(async () => {
    await host?.stop();
    await emulator?.stop();
});

beforeEach(() => {
    emulator.clearFaults();
    emulator.beforeRequest = undefined;
});

const invocation = (extra: Record<string, unknown>) => ({ ...base, ...extra });
const lifecycle = (name: string, on: ProviderHost = host) => new EngineLifecycle(on, urn(name));
/** Invocations the batch data plane accepted (a new job each). */
const started = () => emulator.requests("POST", /^\/inference\/batch\/.*\/jobs$/).filter((r) => r.status === 200);
const armJob = async (name: string) =>
    (await client.request("GET", `${WS_PATH}/jobs/${name}`, { apiVersion: API })).body as any;
const jobNameIn = (error: unknown) => /batch job (nightly-[0-9a-f]{24}(?:-\d+)?)/.exec(String(error))?.[1] ?? "";

describe("BatchInvocation through the real provider host", () => {
    it("starts one job, waits for it to complete and exposes where its output is", async () => {
        const before = started().length;
        const resource = lifecycle("completes");
        expect((await resource.up(invocation({ trigger: "completes" }))).result).toBe("created");
        const outs = resource.state!.outputs;
        expect(outs.jobName).toMatch(/^nightly-[0-9a-f]{24}$/);
        expect(resource.state!.id).toBe(outs.jobName);
        expect(outs.status).toBe("Completed");
        expect(outs.outputUri).toBe(`azureml://datastores/workspaceblobstore/paths/batch/scorer/${outs.jobName}/`);
        expect(outs.studioUrl).toBe(
            `https://ml.azure.com/runs/${outs.jobName}?wsid=/subscriptions/${SUB}/resourceGroups/${RG}/workspaces/${WS}`,
        );
        expect(started().length - before).toBe(1);

        const job = await armJob(outs.jobName);
        expect(job.properties).toMatchObject({
            status: "Completed",
            inputs: {
                heart: { jobInputType: "uri_folder", uri: "azureml://datastores/workspaceblobstore/paths/heart/" },
            },
            outputs: { score: { jobOutputType: "uri_folder", uri: outs.outputUri } },
            tags: { "azureml-pulumi-invocation": "batch/test/nightly" },
            properties: { "azureml.deploymentname": "blue", "azureml.endpointname": "scorer" },
        });
        // Progress as the traffic owner prints it: lines prefixed with the endpoint id, one per change of status.
        expect(host.stderr).toContain(`${endpointId}: started batch job ${outs.jobName} on the default deployment`);
        expect(host.stderr).toMatch(
            new RegExp(`${outs.jobName}: \\w+ → Running \\(\\d+m?\\d*s? since it was created\\)`),
        );
        expect(host.stderr).toContain(`${endpointId}: batch job ${outs.jobName} completed`);
    });

    it("runs a named deployment with the job's overrides", async () => {
        const resource = lifecycle("named");
        const { failures } = await resource.up(
            invocation({
                trigger: "named",
                deployment: "green",
                overrides: { instanceCount: 2, miniBatchSize: 5, outputFileName: "scores.csv", loggingLevel: "debug" },
                output: { datastore: "results", path: "/scores/nightly/" },
            }),
        );
        expect(failures).toEqual([]);
        const outs = resource.state!.outputs;
        expect(outs.outputUri).toBe(`azureml://datastores/results/paths/scores/nightly/${outs.jobName}/`);
        const job = await armJob(outs.jobName);
        expect(job.properties.properties["azureml.deploymentname"]).toBe("green");
        expect(job.properties.tags["azureml.deploymentname"]).toBe("green");
    });

    it("starts nothing on a re-run without changes, nor for a change of how it waits or reaches the endpoint", async () => {
        const resource = lifecycle("steady");
        await resource.up(invocation({ trigger: "steady" }));
        const before = started().length;
        expect((await resource.up(invocation({ trigger: "steady" }))).result).toBe("unchanged");
        expect(
            (
                await resource.up(
                    invocation({
                        trigger: "steady",
                        wait: false,
                        timeoutSeconds: 7200,
                        cancelOnTimeout: false,
                        jobNamePrefix: "renamed",
                        scoringUri: scoringUri.replace("127.0.0.1", "localhost"),
                    }),
                )
            ).result,
        ).toBe("unchanged");
        // Defaults spelled out, and the endpoint id in another case (ARM ids are case-insensitive), are the same job.
        expect(
            (
                await resource.up(
                    invocation({
                        trigger: "steady",
                        endpointId: endpointId.toUpperCase(),
                        inputs: { heart: { type: "uri_folder", path: base.inputs.heart.path } },
                        output: { name: "score", datastore: "workspaceblobstore" },
                        overrides: {},
                    }),
                )
            ).result,
        ).toBe("unchanged");
        expect(started().length).toBe(before);
    });

    it("starts exactly one new job for a changed trigger, input, deployment or deployment revision", async () => {
        const resource = lifecycle("changes");
        await resource.up(invocation({ trigger: "changes-1" }));
        const names = [resource.state!.outputs.jobName];
        // Each step changes one thing more than the one before it.
        const input = { heart: { path: "https://example.blob.core.windows.net/data/heart-2/" } };
        const steps: Record<string, unknown>[] = [
            { trigger: "changes-2" },
            { trigger: "changes-2", inputs: input },
            { trigger: "changes-2", inputs: input, deployment: "green" },
            { trigger: "changes-2", inputs: input, deployment: "green", deploymentRevision: "green@model:3" },
        ];
        for (const step of steps) {
            const before = started().length;
            expect((await resource.up(invocation(step))).result).toBe("updated");
            expect(started().length - before).toBe(1);
            names.push(resource.state!.outputs.jobName);
        }
        expect(new Set(names).size).toBe(names.length);
        for (const field of ["trigger", "inputs", "deployment", "deploymentRevision"]) {
            expect(host.stderr).toContain(`${endpointId}: a new batch job is due: ${field} changed\n`);
        }
    });

    it("fails the update when the job fails, naming the job, its status and where its reason is; a re-run retries", async () => {
        const blue = `${endpointId}/deployments/blue`;
        emulator.setDeploymentBehaviour(blue, { batchOutcome: "Failed" });
        const resource = lifecycle("fails");
        let error: unknown;
        try {
            error = await resource.up(invocation({ trigger: "fails" })).catch((e: Error) => e);
        } finally {
            emulator.setDeploymentBehaviour(blue, { batchOutcome: "Completed" });
        }
        const failed = jobNameIn(error);
        expect(String(error)).toContain(
            `batch job ${failed} on ${endpointId} (deployment blue) ended Failed. Azure ML reports no reason through its API; it is in the job's logs: open https://ml.azure.com/runs/${failed}?wsid=`,
        );
        expect(String(error)).toContain("logs/job_progress_overview.txt");
        expect(String(error)).toContain(`az ml job stream --name ${failed}`);
        expect(String(error)).toContain(`Running the update again starts the job again, as ${failed}-2`);
        expect(resource.state).toBeUndefined();

        // The next `pulumi up` retries: the failed job stays as it is, the new attempt has a name of its own.
        const before = started().length;
        expect((await resource.up(invocation({ trigger: "fails" }))).result).toBe("created");
        expect(resource.state!.outputs).toMatchObject({ jobName: `${failed}-2`, status: "Completed" });
        expect(started().length - before).toBe(1);
        expect(host.stderr).toContain(`batch job ${failed} ended Failed in an earlier run`);
        expect((await armJob(failed)).properties.status).toBe("Failed");
    });

    it("gives every job a folder of its own under a fixed output path, so none fails on an earlier one's file", async () => {
        const fixed = { output: { path: "fixed/scores" }, overrides: { outputFileName: "scores.csv" } };
        const first = lifecycle("fixed-a");
        await first.up(invocation({ trigger: "fixed-a", ...fixed }));
        const second = lifecycle("fixed-b");
        await second.up(invocation({ trigger: "fixed-b", ...fixed }));
        for (const run of [first, second]) {
            expect(run.state!.outputs.status).toBe("Completed");
            expect(run.state!.outputs.outputUri).toBe(
                `azureml://datastores/workspaceblobstore/paths/fixed/scores/${run.state!.outputs.jobName}/`,
            );
        }
        expect(first.state!.outputs.outputUri).not.toBe(second.state!.outputs.outputUri);
    });

    it("cancels a job that runs out of time, then fails naming it", async () => {
        const resource = lifecycle("slow");
        const error = await resource.up(invocation({ trigger: "slow", timeoutSeconds: 60 })).catch((e: Error) => e);
        const name = jobNameIn(error);
        expect(String(error)).toContain(
            `batch job ${name} on ${endpointId} (deployment blue) did not end within timeoutSeconds (60 s from its creation)`,
        );
        expect(String(error)).toMatch(/has been canceled \(now (CancelRequested|Canceled);/);
        expect(emulator.requests("POST", `/jobs/${name}/cancel`).filter((r) => r.status === 202)).toHaveLength(1);
        expect(host.stderr).toContain(`${endpointId}: batch job ${name} is still`);
        await retryUntil(
            async () => {
                if ((await armJob(name)).properties.status !== "Canceled") {
                    throw new Error("not canceled yet");
                }
            },
            { timeoutMs: 5000, delayMs: () => 5, what: "see the job canceled" },
        );
    });

    it("leaves a timed-out job running with cancelOnTimeout false, and a later run with more time follows it", async () => {
        const resource = lifecycle("patient");
        const before = started().length;
        const error = await resource
            .up(invocation({ trigger: "patient", timeoutSeconds: 60, cancelOnTimeout: false }))
            .catch((e: Error) => e);
        const name = jobNameIn(error);
        expect(String(error)).toContain("is left running because cancelOnTimeout is false");
        expect(emulator.requests("POST", `/jobs/${name}/cancel`)).toHaveLength(0);
        expect((await resource.up(invocation({ trigger: "patient", timeoutSeconds: 3600 }))).result).toBe("created");
        expect(resource.state!.outputs).toMatchObject({ jobName: name, status: "Completed" });
        expect(started().length - before).toBe(1);
    });

    it("after the host is killed mid-wait, the next run follows the job it started: exactly one job", async () => {
        const before = started().length;
        const name = batchJobBaseName(invocation({ trigger: "killed" }) as any);
        const doomed = await startHost();
        const cut = lifecycle("killed", doomed)
            .up(invocation({ trigger: "killed" }))
            .catch((e: Error) => e);
        // Kill the host once it has started the job and is waiting for it.
        await retryUntil(
            async () => {
                if (!doomed.stderr.includes(`started batch job ${name}`)) {
                    throw new Error("no job started yet");
                }
            },
            { timeoutMs: 20_000, delayMs: () => 2, what: "see the job started" },
        );
        await doomed.stop();
        expect(await cut).toBeInstanceOf(Error);
        expect(doomed.stderr).not.toContain(`batch job ${name} completed`);

        // The engine recorded nothing for the cut-short create, so the next `pulumi up` creates again.
        const resumed = lifecycle("killed");
        expect((await resumed.up(invocation({ trigger: "killed" }))).result).toBe("created");
        expect(resumed.state!.outputs).toMatchObject({ jobName: name, status: "Completed" });
        expect(started().length - before).toBe(1);
        expect(host.stderr).toContain(`batch job ${name} exists already`);
    });

    it("survives throttling, server errors and resets on the invocation and the reads without a second job", async () => {
        for (const kind of ["throttle", "server-error", "reset"] as const) {
            emulator.injectFault({ kind, method: "POST", path: "/inference/batch/", count: 1 });
        }
        for (const kind of ["throttle", "server-error", "reset", "unavailable", "server-error"] as const) {
            emulator.injectFault({ kind, method: "GET", path: `${WS_PATH}/jobs/nightly-`, count: 1 });
        }
        const from = emulator.requestLog.length;
        const resource = lifecycle("flaky");
        expect((await resource.up(invocation({ trigger: "flaky" }))).result).toBe("created");
        expect(resource.state!.outputs.status).toBe("Completed");
        const log = emulator.requestLog.slice(from);
        expect(log.filter((r) => r.method === "POST" && r.plane === "data").map((r) => r.fault ?? r.status)).toEqual([
            "throttle",
            "server-error",
            "reset",
            200,
        ]);
        expect(log.filter((r) => r.method === "GET" && r.fault !== undefined)).toHaveLength(5);
        expect(await jobsNamed(client, resource.state!.outputs.jobName)).toHaveLength(1);
    });

    it("follows the job a lost answer started: a 409 for its name means it exists", async () => {
        // A run that was killed after Azure accepted its job, and ARM lagging behind the data plane: the job exists,
        // the first read of it answers 404, so the invocation is sent again and refused as a duplicate.
        const props = invocation({ trigger: "lost-answer" });
        const name = batchJobBaseName(props as any);
        const first = await call(emulator, "POST", scoringUri, await bearer(), {
            properties: {
                name,
                inputData: { heart: { jobInputType: "UriFolder", uri: base.inputs.heart.path } },
                outputData: {
                    score: {
                        jobOutputType: "UriFolder",
                        uri: `azureml://datastores/workspaceblobstore/paths/batch/scorer/${name}/`,
                    },
                },
            },
        });
        expect(first.status).toBe(200);
        let lagged = false;
        emulator.beforeRequest = (req) => {
            if (!lagged && req.method === "GET" && req.path === `${WS_PATH}/jobs/${name}`) {
                lagged = true;
                (req as { path: string }).path = `${WS_PATH}/jobs/${name}-not-visible-yet`;
            }
        };
        const resource = lifecycle("lost-answer");
        expect((await resource.up(props)).result).toBe("created");
        expect(resource.state!.outputs).toMatchObject({ jobName: name, status: "Completed" });
        const posts = emulator.requests("POST", /^\/inference\/batch\/.*\/jobs$/).slice(-1);
        expect(posts.map((r) => r.status)).toEqual([409]);
        expect(await jobsNamed(client, name)).toHaveLength(1);
        expect(host.stderr).toContain(`batch job ${name} exists already (an earlier attempt or another run started it`);
    });

    it("starts one job when two runs create the same invocation at once", async () => {
        const before = started().length;
        const [a, b] = [lifecycle("twin"), lifecycle("twin")];
        const results = await Promise.all([
            a.up(invocation({ trigger: "twin" })),
            b.up(invocation({ trigger: "twin" })),
        ]);
        expect(results.map((r) => r.result)).toEqual(["created", "created"]);
        expect(a.state!.outputs.jobName).toBe(b.state!.outputs.jobName);
        expect(started().length - before).toBe(1);
        expect(await jobsNamed(client, a.state!.outputs.jobName)).toHaveLength(1);
    });

    it("with wait false returns once the job is started; refresh reads its status; destroy calls nothing", async () => {
        const resource = lifecycle("fire");
        await resource.up(invocation({ trigger: "fire", wait: false }));
        const { id, outputs } = resource.state!;
        expect(outputs.status).toMatch(/^(NotStarted|Starting|Preparing|Queued)$/);
        await retryUntil(
            async () => {
                const read = await host.read(id, resource.urn, outputs);
                if (read.props.status !== "Completed") {
                    throw new Error(`still ${read.props.status}`);
                }
                expect(read.props.jobName).toBe(outputs.jobName);
            },
            { timeoutMs: 5000, delayMs: () => 20, what: "read the job completed" },
        );
        const from = emulator.requestLog.length;
        await resource.destroy();
        expect(emulator.requestLog.slice(from)).toEqual([]);
        // The host's lines reach this process on its own schedule: wait for the delete's.
        await retryUntil(
            async () => expect(host.stderr).toContain(`leaving batch job ${outputs.jobName} and its outputs in place`),
            { timeoutMs: 5000, delayMs: () => 10, what: "see the delete's line" },
        );
        expect((await armJob(outputs.jobName)).name).toBe(outputs.jobName);
    });

    it("refuses bad settings in check, naming the argument, the value and the fix", async () => {
        const { failures } = await lifecycle("bad").up(
            invocation({
                endpointId: `${WS_PATH}/onlineEndpoints/scorer`,
                inputs: { heart: { path: "./data/heart" }, other: { type: "literal" } },
                output: { path: "fixed", uniquePath: false } as never,
            }),
        );
        expect(failures).toEqual([
            {
                property: "endpointId",
                reason: `expected a batch endpoint resource id (/subscriptions/…/workspaces/<workspace>/batchEndpoints/<name>), got "${WS_PATH}/onlineEndpoints/scorer"`,
            },
            {
                property: "inputs.heart.path",
                reason: expect.stringMatching(
                    /^batch jobs read their input in Azure: .*upload local data first .*, got "\.\/data\/heart"$/,
                ),
            },
            {
                property: "inputs.other.value",
                reason: "a literal input needs a value: a string, a number or a boolean",
            },
            {
                property: "output.uniquePath",
                reason: "unknown key; allowed keys: name, datastore, path",
            },
        ]);
    });

    it("lets a preview's unknowns through check and reports a change when one defines the job", async () => {
        const resource = lifecycle("preview");
        await resource.up(invocation({ trigger: "preview" }));
        const unknowns = invocation({
            trigger: "preview",
            endpointId: UNKNOWN_VALUE,
            scoringUri: UNKNOWN_VALUE,
            deployment: UNKNOWN_VALUE,
            deploymentRevision: UNKNOWN_VALUE,
            inputs: { heart: { path: UNKNOWN_VALUE } },
        });
        expect((await host.check(resource.urn, resource.state!.inputs, unknowns)).failures).toEqual([]);
        const { id, outputs } = resource.state!;
        expect((await host.diff(id, resource.urn, outputs, unknowns)).changes).toBe("some");
        // The scoring URI alone is no reason for a job: unknown, it still diffs as nothing.
        expect(
            (await host.diff(id, resource.urn, outputs, invocation({ trigger: "preview", scoringUri: UNKNOWN_VALUE })))
                .changes,
        ).toBe("none");
    });

    it("surfaces Azure's refusal of a literal input on a model deployment before any job exists", async () => {
        const error = await lifecycle("literal")
            .up(invocation({ trigger: "literal", inputs: { threshold: { type: "literal", value: 0.5 } } }))
            .catch((e: Error) => e);
        expect(String(error)).toMatch(
            /failed with 400 UserError: Input 'threshold' is a Literal; literal inputs are supported only by pipeline component deployments/,
        );
    });
});
