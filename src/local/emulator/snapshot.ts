import {
    AssetContainerRecord,
    AssetVersionRecord,
    ComputeRecord,
    DatastoreRecord,
    DeploymentRecord,
    EmulatorState,
    EndpointRecord,
    JobRecord,
    LoadRun,
    OperationRecord,
    RequestSample,
    WorkspaceRecord,
} from "./state";

/** The format this emulator writes and reads. Bump it when a record's shape changes. */
export const SNAPSHOT_VERSION = 1;

/**
 * Everything the emulator knows, as plain JSON: every map of EmulatorState as [key, record] pairs (keys kept as
 * they were, so case rules survive), the request samples and load runs, the id counter, and the emulator time it
 * was taken at. `AzureMlEmulator.start({ restore })` goes on from it.
 */
export interface EmulatorSnapshot {
    /** The format's version (SNAPSHOT_VERSION). */
    readonly version: 1;
    /** Emulator time (ms since the epoch) when it was taken: a restored clock starts here. */
    readonly takenAt: number;
    /** How many ids the emulator had handed out (operations, jobs, …), so restored ids never repeat. */
    readonly issuedIds: number;
    readonly workspaces: [string, WorkspaceRecord][];
    readonly endpoints: [string, EndpointRecord][];
    readonly deployments: [string, DeploymentRecord][];
    readonly operations: [string, OperationRecord][];
    readonly jobs: [string, JobRecord][];
    readonly batchOutputs: [string, { job: string; writtenAt: number }][];
    readonly hiddenAfterCreate: [string, number][];
    readonly computes: [string, ComputeRecord][];
    readonly datastores: [string, DatastoreRecord][];
    readonly assetContainers: [string, AssetContainerRecord][];
    readonly assetVersions: [string, AssetVersionRecord][];
    readonly samples: RequestSample[];
    readonly loadRuns: LoadRun[];
}

/** The snapshot's fields that are maps of EmulatorState. */
type MapName = Exclude<keyof EmulatorSnapshot, "version" | "takenAt" | "issuedIds" | "samples" | "loadRuns">;

const MAP_NAMES: readonly MapName[] = [
    "workspaces",
    "endpoints",
    "deployments",
    "operations",
    "jobs",
    "batchOutputs",
    "hiddenAfterCreate",
    "computes",
    "datastores",
    "assetContainers",
    "assetVersions",
];

/** A deep copy through JSON: the snapshot shares nothing with the running emulator. */
function copy<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** The state at emulator time `takenAt`, as JSON-serialisable data. */
export function takeSnapshot(state: EmulatorState, takenAt: number): EmulatorSnapshot {
    const maps = Object.fromEntries(MAP_NAMES.map((name) => [name, copy([...state[name].entries()])]));
    return {
        version: SNAPSHOT_VERSION,
        takenAt,
        issuedIds: state.issuedIds,
        samples: copy(state.samples),
        loadRuns: copy(state.loadRuns),
        ...maps,
    } as EmulatorSnapshot;
}

/**
 * Checks that a value (typically read back from a JSON file) is a snapshot this emulator can read, and says what
 * is wrong when it is not: another version, or not a snapshot at all.
 */
export function readSnapshot(value: unknown): EmulatorSnapshot {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error("an emulator snapshot must be an object, as AzureMlEmulator.snapshot() returns it");
    }
    const raw = value as Record<string, unknown>;
    if (raw.version !== SNAPSHOT_VERSION) {
        throw new Error(
            `emulator snapshot version ${JSON.stringify(raw.version)} is not supported: this emulator reads only version ${SNAPSHOT_VERSION}. Start without restore to begin from an empty emulator.`,
        );
    }
    const problems: string[] = [];
    if (typeof raw.takenAt !== "number" || !Number.isFinite(raw.takenAt) || raw.takenAt < 0) {
        problems.push("takenAt must be ms since the epoch");
    }
    if (typeof raw.issuedIds !== "number" || !Number.isInteger(raw.issuedIds) || raw.issuedIds < 0) {
        problems.push("issuedIds must be a whole number");
    }
    for (const name of ["samples", "loadRuns"]) {
        if (!Array.isArray(raw[name])) {
            problems.push(`${name} must be an array`);
        }
    }
    for (const name of MAP_NAMES) {
        const entries = raw[name];
        if (
            !Array.isArray(entries) ||
            !entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string")
        ) {
            problems.push(`${name} must be an array of [key, record] pairs`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`not a readable emulator snapshot (version ${SNAPSHOT_VERSION}): ${problems.join("; ")}`);
    }
    return raw as unknown as EmulatorSnapshot;
}

/** Fills an empty state from a snapshot (a copy of it: later changes to the snapshot do not reach the emulator). */
export function restoreSnapshot(state: EmulatorState, snapshot: EmulatorSnapshot): void {
    const source = copy(snapshot);
    for (const name of MAP_NAMES) {
        const map = state[name] as Map<string, unknown>;
        map.clear();
        for (const [key, record] of source[name]) {
            map.set(key, record);
        }
    }
    // One push at a time: a long run leaves more samples than a spread's argument list can take.
    state.samples.length = 0;
    for (const sample of source.samples) {
        state.samples.push(sample);
    }
    state.loadRuns.length = 0;
    for (const run of source.loadRuns) {
        state.loadRuns.push(run);
    }
    state.resumeIds(source.issuedIds);
}
