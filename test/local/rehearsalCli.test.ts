import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { REPO_ROOT } from "../support/stackFiles";

/**
 * `azureml-pulumi up --local` / `destroy --local` as a person types them: the built bin (run `npm run build` first)
 * in child processes, cwd the repo root, one rehearsal stack of this file's own (never the demo's `dev`), taken from
 * nothing through a progressive rollout, a failed and rolled-back one, two refused inputs and a destroy.
 */

const BIN = path.join("bin", "azureml-pulumi.js");
const STACK = "rehearsal-cli-test";
const STATE_DIR = path.join(REPO_ROOT, ".azureml-pulumi", "rehearsal", STACK);
const STATE_FILE = path.join(STATE_DIR, "state.json");
const V2 = path.join("examples", "rehearsal", "v2", "Pulumi.dev.yaml");
const V3 = path.join("examples", "rehearsal", "v3", "Pulumi.dev.yaml");
const STEADY_LOAD = path.join("examples", "rehearsal", "steady-load.yaml");
const BLUE_FAILS = path.join("examples", "rehearsal", "blue-fails.yaml");

/** One rehearsal run: 5 to 15 s each. */
const RUN_TIMEOUT_MS = 120_000;

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function cli(args: string[]): Run {
    const result = spawnSync(process.execPath, [BIN, ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: RUN_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, AZUREML_PULUMI_DEBUG: "1" },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Operation {
    urn: string;
    type: string;
    name: string;
    kind: "emulated" | "dynamic" | "standIn";
    op: "create" | "update" | "replace" | "delete" | "same";
    ms: number;
    error?: string;
}

interface LiveEndpoint {
    name: string;
    traffic: Record<string, number>;
    mirrorTraffic: Record<string, number>;
    deployments: { name: string; provisioningState: string; instanceCount?: number }[];
}

interface Result {
    project: string;
    stack: string;
    action: string;
    ok: boolean;
    operations: Operation[];
    summary: Record<"created" | "updated" | "replaced" | "deleted" | "unchanged" | "failed", number>;
    emulatorRequests: { reads: number; writes: number };
    outputs?: Record<string, any>;
    onlineEndpoints: LiveEndpoint[];
    batchJobs: { name: string; status: string; experiment?: string }[];
    failure?: { resource: string; message: string };
}

/** The one JSON document of a `--json` run; says what the run printed when stdout is not that. */
function resultOf(run: Run): Result {
    try {
        return JSON.parse(run.stdout) as Result;
    } catch {
        throw new Error(`stdout is not one JSON document (exit ${run.status}):\n${run.stdout}\nstderr:\n${run.stderr}`);
    }
}

/** Runs that must end with `code` say why when they do not. */
function expectExit(run: Run, code: number): void {
    if (run.status !== code) {
        throw new Error(`expected exit ${code}, got ${run.status}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    }
}

/** The live shares above 0 of one endpoint, read from the emulator at the end of the run. */
function liveTraffic(result: Result, endpoint: string): Record<string, number> {
    const live = result.onlineEndpoints.find((e) => e.name === endpoint);
    if (live === undefined) {
        throw new Error(`${endpoint} is not among the live endpoints: ${JSON.stringify(result.onlineEndpoints)}`);
    }
    return Object.fromEntries(Object.entries(live.traffic).filter(([, share]) => share > 0));
}

/** `<op> <type> <name>` of every operation that did something, sorted: a run's changes at a glance. */
const changes = (result: Result) =>
    result.operations
        .filter((o) => o.op !== "same")
        .map((o) => `${o.op} ${o.type} ${o.name}`)
        .sort();

const readState = () => JSON.parse(fs.readFileSync(STATE_FILE, "utf8"));

/**
 * Load runs the saved emulator would go on running in the next run: a scenario's load lasts "until the run ends"
 * (docs/rehearsal-scenarios.md), so none may still be going at the snapshot's time.
 */
const loadStillRunning = (state: { emulator: { takenAt: number; loadRuns: { id: string; endAt: number }[] } }) =>
    state.emulator.loadRuns.filter((run) => run.endAt > state.emulator.takenAt).map((run) => run.id);

const removeState = () => fs.rmSync(STATE_DIR, { recursive: true, force: true });

describe("azureml-pulumi up --local / destroy --local: one stack's story", () => {
    let temp: string;

    beforeAll(() => {
        removeState();
        temp = fs.mkdtempSync(path.join(os.tmpdir(), "rehearsal-cli-"));
    });

    afterAll(() => {
        removeState();
        fs.rmSync(temp, { recursive: true, force: true });
    });

    it(
        "1. creates the stack from nothing: blue takes all traffic, the batch job completes, secrets are masked",
        () => {
            const run = cli(["up", "--local", "--stack", STACK, "--config-file", "Pulumi.dev.yaml", "--json"]);
            expectExit(run, 0);
            const result = resultOf(run);
            expect(result).toMatchObject({ project: "azureml-platform", stack: STACK, action: "up", ok: true });
            expect(result.failure).toBeUndefined();
            expect(result.operations.length).toBeGreaterThan(0);
            expect(result.operations.filter((o) => o.op !== "create" || o.error !== undefined)).toEqual([]);
            expect(result.summary).toEqual({
                created: result.operations.length,
                updated: 0,
                replaced: 0,
                deleted: 0,
                unchanged: 0,
                failed: 0,
            });
            // Every kind of resource took part: ARM calls on the emulator, the provider host, stand-ins.
            expect(new Set(result.operations.map((o) => o.kind))).toEqual(new Set(["emulated", "dynamic", "standIn"]));
            expect(result.emulatorRequests.writes).toBeGreaterThan(0);

            expect(result.onlineEndpoints.map((e) => e.name)).toEqual(["credit-dev"]);
            expect(liveTraffic(result, "credit-dev")).toEqual({ blue: 100 });
            expect(result.onlineEndpoints[0].deployments).toEqual([
                { name: "blue", provisioningState: "Succeeded", instanceCount: 1 },
            ]);
            expect(result.batchJobs).toHaveLength(1);
            expect(result.batchJobs[0]).toMatchObject({ status: "Completed", experiment: "credit-batch-dev" });
            expect(result.batchJobs[0].name).toMatch(/^score-applications-/);

            expect(result.outputs?.onlineEndpoints?.["credit-dev"]?.primaryKey).toBe("[secret]");
            expect(result.outputs?.batchJobs?.["score-applications"]?.status).toBe("Completed");

            // Progress went to stderr, the document alone to stdout.
            expect(run.stderr).toContain(`Rehearsing azureml-platform/${STACK} against the local Azure ML emulator`);
            expect(run.stderr).toMatch(/OnlineDeployment {2}credit-dev-blue-deployment {2}created/);

            const state = readState();
            expect(state).toMatchObject({ version: 1, project: "azureml-platform", stack: STACK });
            expect(state.resources).toHaveLength(result.operations.length);
            expect(state.emulator.endpoints.length).toBeGreaterThan(0);
        },
        RUN_TIMEOUT_MS,
    );

    it(
        "2. leaves an unchanged stack alone: everything unchanged, no writes to the emulator",
        () => {
            const before = readState().resources;
            const run = cli(["up", "--local", "--stack", STACK, "--config-file", "Pulumi.dev.yaml", "--json"]);
            expectExit(run, 0);
            const result = resultOf(run);
            expect(result.ok).toBe(true);
            expect(result.summary.unchanged).toBeGreaterThan(0);
            expect(result.summary).toEqual({
                created: 0,
                updated: 0,
                replaced: 0,
                deleted: 0,
                unchanged: result.operations.length,
                failed: 0,
            });
            expect(changes(result)).toEqual([]);
            expect(result.emulatorRequests.writes).toBe(0);
            expect(liveTraffic(result, "credit-dev")).toEqual({ blue: 100 });
            // The batch job is not started again: the same one, still the only one.
            expect(result.batchJobs).toHaveLength(1);
            // The same resources with the same ids, inputs and outputs (stored in the order their operations ended).
            const byUrn = (resources: { urn: string }[]) =>
                [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
            expect(byUrn(readState().resources)).toEqual(byUrn(before));
        },
        RUN_TIMEOUT_MS,
    );

    it(
        "3. rolls a new model version out on green progressively, gated on its metrics (v2 + steady load)",
        () => {
            const run = cli([
                "up",
                "--local",
                "--stack",
                STACK,
                "--config-file",
                V2,
                "--scenario",
                STEADY_LOAD,
                "--json",
            ]);
            expectExit(run, 0);
            const result = resultOf(run);
            expect(result.ok).toBe(true);
            expect(result.failure).toBeUndefined();

            // The three steps, in order, each promoted after its gates passed on samples of green's traffic.
            const written = [
                "credit-dev: step 1 of 3 written: blue 90%, green 10%",
                "credit-dev: step 2 of 3 written: blue 50%, green 50%",
                "credit-dev: step 3 of 3 written: green 100%",
            ].map((line) => {
                expect(run.stderr).toContain(line);
                return run.stderr.indexOf(line);
            });
            expect([...written].sort((a, b) => a - b)).toEqual(written);
            for (const step of [1, 2, 3]) {
                expect(run.stderr).toMatch(
                    new RegExp(
                        `step ${step}, \\d+ s baked: errors<2% pass: observed [\\d.]+% \\(\\d+ of [1-9]\\d* requests answered non-2xx\\), threshold 2%; rpm>=10 pass: observed \\d+ \\(\\d+ requests in \\d+ min\\), threshold 10 → promote`,
                    ),
                );
            }
            expect(run.stderr).not.toMatch(/→ fail|rolled back/);

            expect(liveTraffic(result, "credit-dev")).toEqual({ green: 100 });
            expect(result.onlineEndpoints[0].deployments.map((d) => [d.name, d.provisioningState])).toEqual([
                ["blue", "Succeeded"],
                ["green", "Succeeded"],
            ]);

            // What changed: green's model version (uploaded, registered), green itself, and the traffic owner's
            // update that ran the rollout. Blue, the endpoint and everything else are left as they were.
            expect(changes(result)).toEqual([
                "create azure-native:machinelearningservices:ModelVersion credit-default-v2-version",
                "create azure-native:machinelearningservices:OnlineDeployment credit-dev-green-deployment",
                "create pulumi-nodejs:dynamic/azureml:AssetUpload credit-default-v2-upload",
                "update pulumi-nodejs:dynamic/azureml:EndpointTraffic credit-dev-traffic",
            ]);
            const updates = result.operations.filter((o) => o.op === "update");
            expect(updates.map((o) => [o.kind, o.name])).toEqual([["dynamic", "credit-dev-traffic"]]);
            const op = (name: string) => result.operations.find((o) => o.name === name)?.op;
            expect(op("credit-dev-blue-deployment")).toBe("same");
            expect(op("credit-dev-endpoint")).toBe("same");
            expect(result.summary).toMatchObject({ created: 3, updated: 1, replaced: 0, deleted: 0, failed: 0 });
            // The steady load was this run's: the saved emulator does not keep sending it.
            const state = readState();
            expect(state.emulator.loadRuns.length).toBeGreaterThan(0);
            expect(loadStillRunning(state)).toEqual([]);
        },
        RUN_TIMEOUT_MS,
    );

    it(
        "4. stops a rollout whose gate fails at step 2 and puts the previous traffic back (v3 + blue fails), exit 1",
        () => {
            const run = cli([
                "up",
                "--local",
                "--stack",
                STACK,
                "--config-file",
                V3,
                "--scenario",
                BLUE_FAILS,
                "--json",
            ]);
            expectExit(run, 1);
            const result = resultOf(run);
            expect(result.ok).toBe(false);
            expect(result.failure?.resource).toBe("pulumi-nodejs:dynamic/azureml:EndpointTraffic credit-dev-traffic");
            const message = result.failure?.message ?? "";
            expect(message).toContain("rollout step 2 of 3");
            expect(message).toContain("errors<2% fail");
            expect(message).toContain("rolled back: traffic is at green 100% again");
            expect(run.stderr).toContain("credit-dev: step 2 of 3 written: blue 50%, green 50%");

            // Green serves everything again, as before the run.
            expect(liveTraffic(result, "credit-dev")).toEqual({ green: 100 });
            const failed = result.operations.filter((o) => o.error !== undefined);
            expect(failed.map((o) => [o.op, o.name])).toEqual([["update", "credit-dev-traffic"]]);
            expect(result.summary.failed).toBe(1);
            expect(result.summary.deleted).toBe(0);
            expect(loadStillRunning(readState())).toEqual([]);
        },
        RUN_TIMEOUT_MS,
    );

    it(
        "5. refuses a stack file with bad keys before applying anything, naming the key paths",
        () => {
            const config = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")).config;
            const blue = config["azureml-platform:onlineEndpoints"]["credit-dev"].deployments.blue;
            blue.instanceCount = 0;
            blue.instanceTyp = blue.instanceType;
            // The file lives outside the project; its asset paths (examples/assets/...) stay relative to --dir.
            expect(config["azureml-platform:models"]["credit-default"].path).toBe("examples/assets/credit-model");
            const file = path.join(temp, `Pulumi.${STACK}.yaml`);
            fs.writeFileSync(file, stringify({ config }));
            const before = fs.readFileSync(STATE_FILE);

            const run = cli(["up", "--local", "--stack", STACK, "--dir", ".", "--config-file", file, "--json"]);
            expectExit(run, 1);
            expect(run.stdout).toBe("");
            const lines = run.stderr.trim().split("\n");
            const prefix = "azureml-platform:onlineEndpoints.credit-dev.deployments.blue";
            expect(lines.filter((l) => l.startsWith(`${prefix}.instanceCount: `))).toHaveLength(1);
            expect(lines.filter((l) => l.startsWith(`${prefix}.instanceTyp: `))).toHaveLength(1);
            expect(lines.find((l) => l.startsWith(`${prefix}.instanceTyp: `))).toContain("instanceType");
            expect(lines).toHaveLength(3);
            expect(lines[2]).toBe("nothing was applied: fix the problems above and run up --local again");
            // Nothing started: no rehearsal banner, and the state is byte for byte what step 4 left.
            expect(run.stderr).not.toContain("Rehearsing");
            expect(fs.readFileSync(STATE_FILE).equals(before)).toBe(true);
            expect(fs.readdirSync(STATE_DIR).filter((f) => f.endsWith(".tmp"))).toEqual([]);
        },
        RUN_TIMEOUT_MS,
    );

    it(
        "6. refuses a bad scenario file before applying anything, naming the scenario's key paths",
        () => {
            const scenario = path.join(temp, "bad-scenario.yaml");
            fs.writeFileSync(
                scenario,
                [
                    "load:",
                    "  credit-dev:",
                    "    requestsPerSecond: 2",
                    "    burst: 4",
                    "deployments:",
                    "  credit-dev/blue:",
                    "    errorRate: 5",
                    "",
                ].join("\n"),
            );
            const before = fs.readFileSync(STATE_FILE);

            const run = cli([
                "up",
                "--local",
                "--stack",
                STACK,
                "--config-file",
                "Pulumi.dev.yaml",
                "--scenario",
                scenario,
                "--json",
            ]);
            expectExit(run, 1);
            expect(run.stdout).toBe("");
            const lines = run.stderr.trim().split("\n");
            const errorRate = lines.find((l) => l.includes('deployments["credit-dev/blue"].errorRate: '));
            expect(errorRate).toBeDefined();
            expect(errorRate).toContain("from 0 to 1");
            expect(errorRate).toContain("0.05");
            const burst = lines.find((l) => l.includes("load.credit-dev.burst: "));
            expect(burst).toBeDefined();
            expect(burst).toContain('unknown key "burst"');
            expect(lines[lines.length - 1]).toBe(
                "nothing was applied: fix the problems above and run up --local again",
            );
            expect(run.stderr).not.toContain("Rehearsing");
            expect(fs.readFileSync(STATE_FILE).equals(before)).toBe(true);
        },
        RUN_TIMEOUT_MS,
    );

    it(
        "7. destroys the rehearsal: dependents first, no resources left, no endpoints in the emulator",
        () => {
            const stored = readState().resources as { name: string }[];
            expect(stored.length).toBeGreaterThan(0);

            const run = cli(["destroy", "--local", "--stack", STACK, "--json"]);
            expectExit(run, 0);
            const result = resultOf(run);
            expect(result).toMatchObject({ action: "destroy", ok: true });
            expect(result.operations.every((o) => o.op === "delete" && o.error === undefined)).toBe(true);
            expect(result.operations.map((o) => o.name).sort()).toEqual(stored.map((r) => r.name).sort());
            expect(result.summary).toMatchObject({ deleted: stored.length, failed: 0 });
            // Dependents first: deployments before their endpoint, everything of the workspace before it.
            const at = (name: string) => result.operations.findIndex((o) => o.name === name);
            expect(at("credit-dev-traffic")).toBeLessThan(at("credit-dev-blue-deployment"));
            expect(at("credit-dev-blue-deployment")).toBeLessThan(at("credit-dev-endpoint"));
            expect(at("credit-dev-green-deployment")).toBeLessThan(at("credit-dev-endpoint"));
            const workspaceAt = result.operations.findIndex(
                (o) => o.type === "azure-native:machinelearningservices:Workspace",
            );
            expect(workspaceAt).toBeGreaterThan(-1);
            expect(at("credit-dev-endpoint")).toBeLessThan(workspaceAt);
            expect(result.onlineEndpoints).toEqual([]);

            const state = readState();
            expect(state.resources).toEqual([]);
            expect(state.emulator.endpoints).toEqual([]);
            expect(state.emulator.deployments).toEqual([]);
        },
        RUN_TIMEOUT_MS,
    );
});

describe("azureml-pulumi up without --local", () => {
    it("is a usage error (exit 2): up only rehearses", () => {
        const run = cli(["up", "--stack", STACK, "--config-file", "Pulumi.dev.yaml"]);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("up needs --local");
        expect(run.stderr).toContain("usage: azureml-pulumi up --local [options]");
        expect(fs.existsSync(STATE_DIR)).toBe(false);
    });
});
