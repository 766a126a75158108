import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ArmClient } from "../../azure/armClient";
import { armTarget } from "../../azure/target";
import { startAzurite } from "../azurite";
import { AzureMlEmulator } from "../emulator";
import { FAKE_SUBSCRIPTION_ID } from "../fakeArm";
import { installMockEngine, settle } from "../mockEngine";
import { ProviderHost } from "../providerHost";
import { deleteOrder } from "./deleteOrder";
import { LiveView, readLiveView } from "./liveView";
import { REHEARSAL_EMULATOR_OPTIONS, REHEARSAL_TIME_SCALE } from "./rehearsalEmulator";
import { ResourceOperation } from "./resourceOperation";
import { RehearsalApplier, kindOf } from "./resourceApplier";
import { StoredResource, readRehearsalState, stackStateDir, writeRehearsalState } from "./rehearsalState";
import { Scenario } from "./scenarioSchema";
import { attachScenario } from "./scenarioAttach";

export interface RehearsalRequest {
    /** The Pulumi project directory: the program resolves its paths from it, and state lives under it. */
    readonly projectDir: string;
    readonly project: string;
    readonly stack: string;
    /** Full config keys to values, as the engine passes them. */
    readonly config: Record<string, string>;
    readonly action: "up" | "destroy";
    /** The Pulumi program; what it returns becomes the stack outputs. */
    readonly program: () => unknown;
    readonly scenario?: Scenario;
    /** Each operation as it ends, and each progress line of the providers, as they happen. */
    readonly onOperation: (operation: ResourceOperation) => void;
    readonly onProgress: (line: string) => void;
}

export interface RehearsalResult {
    readonly ok: boolean;
    readonly operations: ResourceOperation[];
    /** The stack outputs, secrets masked. */
    readonly outputs?: Record<string, unknown>;
    readonly live: LiveView;
    /** Requests this run sent to the emulator's ARM and data planes: an unchanged stack makes no writes. */
    readonly requests: { reads: number; writes: number };
    /** The first failure: the resource and its message. */
    readonly failure?: { resource: string; message: string };
}

/** Waits for the program's registrations; a rollout runs inside one, so this waits as long as `pulumi up` would. */
const PROGRAM_TIMEOUT_MS = 60 * 60_000;

/**
 * One rehearsal of a stack: starts the emulator (from the last run's snapshot), Azurite for asset uploads and the
 * dynamic-provider host, runs the program under an engine that applies each registration (resourceApplier.ts),
 * deletes what the program no longer declares (or everything, for destroy) dependents first, then saves the
 * emulator's and the resources' state under the project and reads back the live traffic and jobs.
 */
export async function rehearse(request: RehearsalRequest): Promise<RehearsalResult> {
    const { projectDir, project, stack } = request;
    const previous = readRehearsalState(projectDir, project, stack);
    const emulator = await AzureMlEmulator.start({
        ...REHEARSAL_EMULATOR_OPTIONS,
        ...(previous.port !== undefined ? { port: previous.port } : {}),
        clock: { timeScale: request.scenario?.clock?.timeScale ?? REHEARSAL_TIME_SCALE },
        ...(previous.emulator !== undefined ? { restore: previous.emulator } : {}),
    });
    // A failed registration rejects the outputs of everything that waits on it, some after the program has
    // returned; the applier has the failure, and the run reports it once.
    const swallow = () => undefined;
    process.on("unhandledRejection", swallow);
    const stops: (() => Promise<void>)[] = [
        async () => void process.off("unhandledRejection", swallow),
        () => emulator.stop(),
    ];
    try {
        const azurite = await startAzurite({ location: path.join(stackStateDir(projectDir, stack), "blobs") });
        stops.unshift(() => azurite.stop());
        const env = { ...emulator.env(), ...azurite.env() };
        const host = await ProviderHost.start({ cwd: projectDir, env, onLine: request.onProgress });
        stops.unshift(() => host.stop());
        const arm = new ArmClient(armTarget({ ...process.env, ...env }));
        const detach = request.scenario !== undefined ? attachScenario(emulator, request.scenario) : () => undefined;
        let detached = false;
        const endScenario = () => {
            if (!detached) {
                detached = true;
                detach();
            }
        };
        stops.unshift(async () => endScenario());
        const applier = new RehearsalApplier({
            previous: new Map(previous.resources.map((r) => [r.urn, r])),
            arm,
            host,
            subscriptionId: FAKE_SUBSCRIPTION_ID,
            onOperation: request.onOperation,
        });
        let outputs: Record<string, unknown> | undefined;
        let programError: string | undefined;
        if (request.action === "up") {
            ({ outputs, programError } = await runProgram(request, applier));
        }
        const failed = applier.failed.length > 0 || programError !== undefined;
        // As the engine does: what the program no longer declares is deleted only after a complete update.
        const doomed = failed
            ? []
            : deleteOrder([...previous.resources.filter((r) => !applier.current.has(r.urn)), ...applier.replaced]);
        const deleted = new Set<string>();
        for (const resource of doomed) {
            const ok = await deleteOne(applier, host, resource, request.onOperation);
            if (!ok) {
                break;
            }
            deleted.add(`${resource.urn} ${resource.id}`);
        }
        // Kept: this run's resources, and the previous ones neither re-declared nor deleted (a failed run keeps them).
        const kept = previous.resources.filter((r) => !applier.current.has(r.urn) && !deleted.has(`${r.urn} ${r.id}`));
        const resources: StoredResource[] = [...kept, ...applier.current.values()];
        // The scenario's load and faults belong to this run: they end before the emulator is saved.
        endScenario();
        writeRehearsalState(projectDir, {
            version: 1,
            project,
            stack,
            port: Number(new URL(emulator.baseUrl).port),
            resources,
            emulator: emulator.snapshot(),
        });
        // Counted before the live view's own reads.
        const sent = emulator.requestLog.filter((r) => r.plane === "arm" || r.plane === "data");
        const writes = sent.filter(isWrite).length;
        const requests = { reads: sent.length - writes, writes };
        const live = await readLiveView(arm, resources);
        const failure = applier.failed[0];
        return {
            // Read again: a delete after the program may have failed too.
            ok: applier.failed.length === 0 && programError === undefined,
            operations: applier.operations,
            ...(outputs !== undefined ? { outputs } : {}),
            live,
            requests,
            ...(failure !== undefined
                ? { failure: { resource: `${failure.type} ${failure.name}`, message: failure.error ?? "" } }
                : programError !== undefined
                  ? { failure: { resource: "the program", message: programError } }
                  : {}),
        };
    } finally {
        for (const stop of stops) {
            await stop().catch(() => undefined);
        }
    }
}

/** POST actions that read (keys, tokens) or score without changing any resource. */
const READING_ACTIONS = /\/(listKeys|token|score)$/i;

/** A request that changes something: PUT, PATCH, DELETE, or a POST action other than the reading ones. */
const isWrite = (r: { method: string; path: string }) =>
    r.method !== "GET" && r.method !== "HEAD" && !(r.method === "POST" && READING_ACTIONS.test(r.path));

async function runProgram(
    request: RehearsalRequest,
    applier: RehearsalApplier,
): Promise<{ outputs?: Record<string, unknown>; programError?: string }> {
    // The program resolves asset paths from the project directory, as `pulumi up` runs it.
    process.chdir(request.projectDir);
    const engine = installMockEngine({
        project: request.project,
        stack: request.stack,
        config: request.config,
        applier,
    });
    try {
        await pulumi.runtime.runInPulumiStack(async () => request.program());
        await settle(PROGRAM_TIMEOUT_MS);
        return { outputs: engine.stackOutputs() };
    } catch (error) {
        return applier.failed.length > 0
            ? {}
            : { programError: error instanceof Error ? error.message : String(error) };
    }
}

/** Deletes one resource the way its kind is applied; reports it; false when it failed (deletes stop there). */
async function deleteOne(
    applier: RehearsalApplier,
    host: ProviderHost,
    resource: StoredResource,
    onOperation: (operation: ResourceOperation) => void,
): Promise<boolean> {
    const started = Date.now();
    const report = (error?: string) => {
        const operation: ResourceOperation = {
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            kind: kindOf(resource.type),
            op: "delete",
            ms: Date.now() - started,
            ...(resource.retainOnDelete ? { retained: true } : {}),
            ...(error !== undefined ? { error } : {}),
        };
        applier.operations.push(operation);
        onOperation(operation);
    };
    try {
        if (resource.retainOnDelete) {
            // Left where it is, as the engine leaves a resource with retainOnDelete.
        } else if (resource.kind === "emulated") {
            await applier.deleteEmulated(resource);
        } else if (resource.kind === "dynamic") {
            await host.delete(resource.id, resource.urn, resource.outputs);
        }
        report();
        return true;
    } catch (error) {
        report(error instanceof Error ? error.message : String(error));
        return false;
    }
}
