import type { AzureMlEmulator } from "../emulator/emulator";
import type { ActiveFault } from "../emulator/faults";
import { DeploymentBehaviour, DeploymentRecord, EndpointRecord, LoadRun, keyOf } from "../emulator/state";
import type { Scenario, ScenarioDeployment, ScenarioFault, ScenarioLoad } from "./scenarioSchema";

/** A year of emulator time: load runs until the scenario is detached, however long the rehearsal takes. */
export const DEFAULT_LOAD_DURATION_MS = 365 * 24 * 3600_000;

export interface AttachOptions {
    /** Emulator milliseconds a load run may last; detaching ends it sooner. @default a year */
    readonly loadDurationMs?: number;
    /** Told of each thing the scenario does, when it does it (the engine's progress output). */
    readonly onEvent?: (event: ScenarioEvent) => void;
}

export type ScenarioEvent =
    | { readonly kind: "behaviour"; readonly key: string; readonly deploymentId: string; readonly time: number }
    | {
          readonly kind: "load";
          readonly endpoint: string;
          readonly endpointId: string;
          readonly run: LoadRun;
          readonly time: number;
      }
    | { readonly kind: "error"; readonly message: string; readonly time: number };

/** What a scenario has done in a run. */
export interface ScenarioReport {
    /** Emulator time of attachScenario: `afterTime` counts from here. */
    readonly runStart: number;
    /** Deployment ids given their behaviour, by scenario key (one per workspace holding such a deployment). */
    readonly configured: Readonly<Record<string, readonly string[]>>;
    /** The load runs started (the emulator's own records: requests sent, answers by status; ended at detach). */
    readonly loads: readonly LoadRun[];
    /** Each scenario fault with how many requests it hit (counted until detach). */
    readonly faults: readonly { readonly fault: ScenarioFault; readonly fired: number }[];
    /** Scenario entries nothing matched: a misspelt name, or a resource the stack never created. */
    readonly unmatched: { readonly deployments: readonly string[]; readonly load: readonly string[] };
    /** Anything the emulator refused (the run went on without it). */
    readonly errors: readonly string[];
}

/**
 * Calling it ends the scenario: its load stops, its unused faults are disarmed, its hook is removed (a second call does
 * nothing). `report()` says what the scenario has done so far, or did, once detached.
 */
export type DetachScenario = (() => void) & { readonly report: () => ScenarioReport };

/**
 * The emulator behaviour for a scenario deployment, in the emulator's absolute terms: `afterTime` counts from the
 * run's start, `afterRequests` from the requests the deployment had served when the scenario reached it.
 */
export function behaviourFor(
    entry: ScenarioDeployment,
    runStart: number,
    servedSoFar: number,
): Partial<DeploymentBehaviour> {
    return {
        ...entry.values,
        ...(entry.batchOutcome !== undefined ? { batchOutcome: entry.batchOutcome } : {}),
        ...(entry.changes.length > 0
            ? {
                  changes: entry.changes.map((change) => ({
                      ...(change.afterRequests !== undefined
                          ? { afterRequests: servedSoFar + change.afterRequests }
                          : {}),
                      ...(change.afterTimeMs !== undefined ? { fromTime: runStart + change.afterTimeMs } : {}),
                      ...change.values,
                  })),
              }
            : {}),
    };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Arms a scenario's faults on the emulator, each for its count of matching requests. A path matches as part of the
 * request path, ignoring case as ARM does. Returns the armed rules (their `remaining` counts down as they fire).
 */
export function applyScenarioFaults(emulator: AzureMlEmulator, faults: readonly ScenarioFault[]): ActiveFault[] {
    return faults.map((fault) =>
        emulator.faults.add({
            ...fault,
            ...(fault.path !== undefined ? { path: new RegExp(escapeRegExp(fault.path), "i") } : {}),
        }),
    );
}

/** Provisioned: created, no operation in progress, and it did not fail. */
function provisioned(endpoint: EndpointRecord, now: number): boolean {
    return now >= endpoint.busyUntil && endpoint.outcome === "Succeeded";
}

/**
 * Applies a scenario to a running emulator as the stack's resources appear. It arms the faults at once; then, before
 * every request the emulator handles (an `emulator.beforeRequest` hook; a hook already there still runs, after it), it gives
 * each deployment the scenario names its behaviour once, when the deployment first exists, and starts each scenario
 * load once its online endpoint is provisioned. Names match ignoring case, as ARM's do. The run starts now:
 * `afterTime` counts from the emulator's current time.
 */
export function attachScenario(
    emulator: AzureMlEmulator,
    scenario: Scenario,
    options: AttachOptions = {},
): DetachScenario {
    const runStart = emulator.clock.now();
    const durationMs = options.loadDurationMs ?? DEFAULT_LOAD_DURATION_MS;
    const deploymentsByName = new Map<string, ScenarioDeployment>(
        scenario.deployments.map((d) => [`${d.endpoint}/${d.deployment}`.toLowerCase(), d]),
    );
    const loadByEndpoint = new Map<string, ScenarioLoad>(scenario.load.map((l) => [l.endpoint.toLowerCase(), l]));
    // By record, not id: a deployment deleted and created again is a new one and gets its behaviour again.
    const reached = new WeakSet<DeploymentRecord>();
    const configured: Record<string, string[]> = {};
    // By endpoint id: a run routes by id, so an endpoint created again under the same name keeps its load.
    const loads = new Map<string, LoadRun | undefined>();
    const errors: string[] = [];

    const emit = (event: ScenarioEvent) => options.onEvent?.(event);
    const fail = (message: string) => {
        errors.push(message);
        emit({ kind: "error", message, time: emulator.clock.now() });
    };

    const configureDeployments = () => {
        for (const deployment of emulator.state.deployments.values()) {
            if (reached.has(deployment)) {
                continue;
            }
            const endpoint = emulator.state.endpoints.get(keyOf(deployment.endpointId));
            const entry = endpoint && deploymentsByName.get(`${endpoint.name}/${deployment.name}`.toLowerCase());
            if (!entry) {
                continue;
            }
            reached.add(deployment);
            try {
                emulator.setDeploymentBehaviour(deployment.id, behaviourFor(entry, runStart, deployment.served));
            } catch (error) {
                fail(`${entry.key}: behaviour not applied to ${deployment.id}: ${(error as Error).message}`);
                continue;
            }
            (configured[entry.key] ??= []).push(deployment.id);
            emit({ kind: "behaviour", key: entry.key, deploymentId: deployment.id, time: emulator.clock.now() });
        }
    };

    const startLoads = () => {
        const now = emulator.clock.now();
        for (const endpoint of emulator.state.endpoints.values()) {
            const load = loadByEndpoint.get(endpoint.name.toLowerCase());
            if (!load || endpoint.kind !== "online" || loads.has(keyOf(endpoint.id)) || !provisioned(endpoint, now)) {
                continue;
            }
            try {
                const run = emulator.startLoad({
                    endpointId: endpoint.id,
                    requestsPerMinute: load.requestsPerSecond * 60,
                    durationMs,
                });
                loads.set(keyOf(endpoint.id), run);
                emit({ kind: "load", endpoint: load.endpoint, endpointId: endpoint.id, run, time: now });
            } catch (error) {
                // Recorded once: the endpoint counts as handled so the hook does not repeat the failure per request.
                loads.set(keyOf(endpoint.id), undefined);
                fail(`load.${load.endpoint}: not started on ${endpoint.id}: ${(error as Error).message}`);
            }
        }
    };

    const armed = applyScenarioFaults(emulator, scenario.faults);
    let detached = false;
    const previous = emulator.beforeRequest;
    const hook: NonNullable<AzureMlEmulator["beforeRequest"]> = (req) => {
        if (!detached) {
            configureDeployments();
            startLoads();
        }
        previous?.(req);
    };
    emulator.beforeRequest = hook;
    configureDeployments();
    startLoads();

    let faultsFired: ScenarioReport["faults"] | undefined;
    const firedNow = () =>
        armed.map((rule, i) => ({
            fault: scenario.faults[i],
            fired: (scenario.faults[i].count ?? 1) - rule.remaining,
        }));
    const report = (): ScenarioReport => {
        const runs = [...loads.values()].filter((run): run is LoadRun => run !== undefined);
        return {
            runStart,
            configured: Object.fromEntries(Object.entries(configured).map(([k, ids]) => [k, [...ids]])),
            loads: runs,
            faults: faultsFired ?? firedNow(),
            unmatched: {
                deployments: scenario.deployments.filter((d) => configured[d.key] === undefined).map((d) => d.key),
                load: scenario.load
                    .filter((l) => !runs.some((run) => endpointName(run.endpointId) === l.endpoint.toLowerCase()))
                    .map((l) => l.endpoint),
            },
            errors: [...errors],
        };
    };
    const detach = () => {
        if (detached) {
            return;
        }
        detached = true;
        if (emulator.beforeRequest === hook) {
            emulator.beforeRequest = previous;
        }
        for (const run of loads.values()) {
            if (run !== undefined) {
                emulator.stopLoad(run.id);
            }
        }
        faultsFired = firedNow();
        for (const rule of armed) {
            rule.remaining = 0;
        }
    };
    return Object.assign(detach, { report });
}

/** The last segment of an endpoint id, lower-cased. */
const endpointName = (endpointId: string) => endpointId.slice(endpointId.lastIndexOf("/") + 1).toLowerCase();
