import { ClockOptions, EmulatorClock } from "./clock";
import { FaultTable } from "./faults";
import { EmulatorResponse, armError } from "./httpTypes";
import { EmulatorState, OperationRecord, Outcome } from "./state";

/** Timings and knobs of the emulator. Defaults are short so tests run fast; real Azure takes minutes. */
export interface EmulatorOptions {
    /** Time an endpoint create/update takes. @default 50 */
    readonly endpointProvisioningMs?: number;
    /** Time a deployment create/update takes. @default 100 */
    readonly deploymentProvisioningMs?: number;
    /** Time a delete takes. @default 30 */
    readonly deleteMs?: number;
    /** Retry-After (seconds) on long-running operation responses; null leaves the header out. @default 1 */
    readonly lroRetryAfterSeconds?: number | null;
    /** Time a batch job waits before running. @default 50 */
    readonly jobQueueMs?: number;
    /** Time a batch job runs. @default 200 */
    readonly jobRunMs?: number;
    /** Region reported for resources without one. @default "westeurope" */
    readonly location?: string;
    /** How the emulator's time runs (real time, faster, or by hand). @default real time */
    readonly clock?: ClockOptions;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, "clock">>;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
    return {
        endpointProvisioningMs: options.endpointProvisioningMs ?? 50,
        deploymentProvisioningMs: options.deploymentProvisioningMs ?? 100,
        deleteMs: options.deleteMs ?? 30,
        lroRetryAfterSeconds: options.lroRetryAfterSeconds === undefined ? 1 : options.lroRetryAfterSeconds,
        jobQueueMs: options.jobQueueMs ?? 50,
        jobRunMs: options.jobRunMs ?? 200,
        location: options.location ?? "westeurope",
    };
}

/** Everything route handlers share. */
export class EmulatorContext {
    baseUrl = "";
    /** The log entry of the request being handled, so faults applied inside handlers show in the request log. */
    currentEntry?: { fault?: string };

    constructor(
        readonly state: EmulatorState,
        readonly faults: FaultTable,
        readonly options: ResolvedOptions,
        readonly clock: EmulatorClock,
    ) {}

    /** The emulator's time (see EmulatorClock); every handler reads time through it. */
    now(): number {
        return this.clock.now();
    }

    /**
     * Starts a long-running operation on a resource: it ends at `doneAt` with the outcome, or Failed when an
     * lro-failed fault matches the path. `apply` runs once, when the operation's end is first observed.
     */
    startOperation(resourceId: string, action: OperationRecord["action"], durationMs: number, method: string, path: string): OperationRecord {
        const failed = this.faults.take(["lro-failed"], method, path) !== undefined;
        if (failed) {
            this.markFault("lro-failed");
        }
        const operation: OperationRecord = {
            id: this.state.nextId("op"),
            resourceId,
            action,
            doneAt: this.now() + durationMs,
            outcome: failed ? "Failed" : "Succeeded",
            error: failed ? { code: "InternalServerError", message: `The ${action} operation on ${resourceId} failed (injected fault).` } : undefined,
            applied: false,
        };
        this.state.operations.set(operation.id, operation);
        return operation;
    }

    operationStatus(operation: OperationRecord): "InProgress" | Outcome {
        return this.now() < operation.doneAt ? "InProgress" : operation.outcome;
    }

    /** The headers ARM sends with a 201/202 for a long-running operation. */
    lroHeaders(operation: OperationRecord, location: string): Record<string, string> {
        const base = `${this.baseUrl}/subscriptions/${subscriptionOf(operation.resourceId)}/providers/Microsoft.MachineLearningServices/locations/${location}`;
        const headers: Record<string, string> = {
            "azure-asyncoperation": `${base}/mfeOperationsStatus/${operation.id}?api-version=2025-12-01`,
            location: `${base}/mfeOperationResults/${operation.id}?api-version=2025-12-01`,
        };
        if (this.options.lroRetryAfterSeconds !== null) {
            headers["retry-after"] = String(this.options.lroRetryAfterSeconds);
        }
        return headers;
    }

    markFault(kind: string): void {
        if (this.currentEntry !== undefined) {
            this.currentEntry.fault = kind;
        }
    }

    conflict(what: string): EmulatorResponse {
        return armError(409, "AnotherOperationInProgress", `${what} is being updated; another operation is in progress. Retry after it completes.`);
    }
}

export function subscriptionOf(resourceId: string): string {
    return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? "unknown";
}
