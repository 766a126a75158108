import * as fs from "fs";
import * as path from "path";

/** Where a resource's rehearsal happens: ARM calls on the emulator, the provider host, or a stand-in. */
export type ResourceKind = "emulated" | "dynamic" | "standIn";

/** What a rehearsal keeps of one custom resource between runs, as the engine keeps it in a stack's state. */
export interface StoredResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly kind: ResourceKind;
    readonly id: string;
    readonly parent?: string;
    /** Inputs as registered; secrets are kept as digests (dynamic resources' inputs as the provider got them). */
    readonly inputs: Record<string, any>;
    readonly outputs: Record<string, any>;
    /** Every resource this one depends on (parent, dependencies, property dependencies): deletes go the other way. */
    readonly dependsOn: string[];
    /** `retainOnDelete`: a delete drops it from state and leaves it where it is, as the engine does. */
    readonly retainOnDelete?: boolean;
}

/** One stack's rehearsal state: its resources and the emulator's state, as the last run left them. */
export interface RehearsalState {
    readonly version: 1;
    readonly project: string;
    readonly stack: string;
    /** The emulator's port: scoring URIs in outputs name it, so later runs listen on it again. */
    readonly port?: number;
    readonly resources: StoredResource[];
    /** The emulator's snapshot. */
    readonly emulator?: unknown;
}

/** The folder under a project that holds rehearsal state (listed in .gitignore). */
export const REHEARSAL_DIR = ".azureml-pulumi";

export function stackStateDir(projectDir: string, stack: string): string {
    return path.join(projectDir, REHEARSAL_DIR, "rehearsal", stack);
}

const stateFile = (projectDir: string, stack: string) => path.join(stackStateDir(projectDir, stack), "state.json");

/** The last run's state, or an empty one for a stack that was never rehearsed. */
export function readRehearsalState(projectDir: string, project: string, stack: string): RehearsalState {
    const file = stateFile(projectDir, stack);
    if (!fs.existsSync(file)) {
        return { version: 1, project, stack, resources: [] };
    }
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as RehearsalState;
    if (state.version !== 1) {
        throw new Error(
            `${path.relative(projectDir, file)} was written by another version (state version ${String(state.version)}); remove the folder ${REHEARSAL_DIR}/rehearsal/${stack} to start the rehearsal from nothing`,
        );
    }
    return state;
}

/** Writes the state atomically (a killed run leaves the previous file or the new one, never half of one). */
export function writeRehearsalState(projectDir: string, state: RehearsalState): void {
    const file = stateFile(projectDir, state.stack);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
    fs.renameSync(temporary, file);
}
