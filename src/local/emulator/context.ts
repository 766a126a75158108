import { ClockOptions, EmulatorClock } from "./clock";
import { FaultTable } from "./faults";
import { EmulatorResponse, json } from "./httpTypes";
import { EmulatorState, OperationRecord, Outcome } from "./state";
import { ML_API_VERSION } from "../../azure/apiVersion";

/** Timings and knobs of the emulator. Defaults are short so tests run fast; real Azure takes minutes. */
export interface EmulatorOptions {
    /** Time an endpoint create/update takes. @default 50 */
    readonly endpointProvisioningMs?: number;
    /** Time a deployment create/update takes. @default 100 */
    readonly deploymentProvisioningMs?: number;
    /** Time a compute create/update takes. @default 50 */
    readonly computeProvisioningMs?: number;
    /** Time a delete takes. @default 30 */
    readonly deleteMs?: number;
    /**
     * Retry-After (seconds of emulator time) on 202 responses and operation polls, 10–600 as the swagger declares;
     * null leaves the header out. Clients on the emulator's clock wait it scaled. @default 10
     */
    readonly lroRetryAfterSeconds?: number | null;
    /**
     * How a PUT of an existing endpoint or deployment answers: "async-operation" is 201 with Azure-AsyncOperation;
     * "provisioning-state" is 200 with no polling headers and `provisioningState: Updating` in the body, so a
     * client must poll the resource itself. Both are declared by the swagger. @default "async-operation"
     */
    readonly updateResponse?: "async-operation" | "provisioning-state";
    /**
     * The error code of the 409 a busy endpoint answers. Azure ML's docs give no code; a field report shows
     * `Conflict` with an `OperationDuplicationConflict` detail, which azure-native does not retry. @default "Conflict"
     */
    readonly busyErrorCode?: string;
    /**
     * ETags on online endpoints. The 2025-12-01 swagger declares none, so by default GET sends no ETag and If-Match
     * is ignored; "strict" sends one and answers 412 to a stale If-Match. @default "none"
     */
    readonly etags?: "none" | "strict";
    /** Time a batch job waits before running. @default 50 */
    readonly jobQueueMs?: number;
    /** Time a batch job runs. @default 200 */
    readonly jobRunMs?: number;
    /** Time a batch job spends in CancelRequested before it is Canceled. @default 50 */
    readonly jobCancelMs?: number;
    /** Region reported for resources without one. @default "westeurope" */
    readonly location?: string;
    /**
     * Emulator time before a served request shows in the metrics API. Azure Monitor documents platform metrics as
     * "available in under a minute" typically, with late aggregations after that; the default is harsher, so a
     * gate that reads "no data yet" as healthy fails here. @default 180000
     */
    readonly metricsIngestionDelayMs?: number;
    /** How the emulator's time runs (real time, faster, or by hand). @default real time */
    readonly clock?: ClockOptions;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, "clock">>;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
    return {
        endpointProvisioningMs: options.endpointProvisioningMs ?? 50,
        deploymentProvisioningMs: options.deploymentProvisioningMs ?? 100,
        computeProvisioningMs: options.computeProvisioningMs ?? 50,
        deleteMs: options.deleteMs ?? 30,
        lroRetryAfterSeconds: retryAfter(options.lroRetryAfterSeconds),
        updateResponse: options.updateResponse ?? "async-operation",
        busyErrorCode: options.busyErrorCode ?? "Conflict",
        etags: options.etags ?? "none",
        jobQueueMs: options.jobQueueMs ?? 50,
        jobRunMs: options.jobRunMs ?? 200,
        jobCancelMs: options.jobCancelMs ?? 50,
        location: options.location ?? "westeurope",
        metricsIngestionDelayMs: nonNegative("metricsIngestionDelayMs", options.metricsIngestionDelayMs ?? 180_000),
    };
}

function retryAfter(seconds: number | null | undefined): number | null {
    if (seconds === undefined) {
        return 10;
    }
    if (seconds !== null && !(Number.isInteger(seconds) && seconds >= 10 && seconds <= 600)) {
        throw new Error(
            `lroRetryAfterSeconds must be a whole number from 10 to 600 (the swagger's range) or null, got ${seconds}; run the clock faster instead`,
        );
    }
    return seconds;
}

function nonNegative(name: string, value: number): number {
    if (!(value >= 0) || !Number.isFinite(value)) {
        throw new Error(`${name} must be a finite number of milliseconds, 0 or more; got ${value}`);
    }
    return value;
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

    private pinnedNow?: number;

    /** The emulator's time (see EmulatorClock); every handler reads time through it. */
    now(): number {
        return this.pinnedNow ?? this.clock.now();
    }

    /** Runs `fn` (synchronous) as if it were `time`: generated load is served at its own, earlier times. */
    at<T>(time: number, fn: () => T): T {
        const previous = this.pinnedNow;
        this.pinnedNow = time;
        try {
            return fn();
        } finally {
            this.pinnedNow = previous;
        }
    }

    /**
     * Starts a long-running operation on a resource: it ends at `doneAt` with the outcome, or Failed / Canceled when
     * an lro-failed / lro-canceled fault matches the path.
     */
    startOperation(
        resourceId: string,
        action: OperationRecord["action"],
        durationMs: number,
        method: string,
        path: string,
    ): OperationRecord {
        const fault = this.faults.take(["lro-failed", "lro-canceled"], method, path);
        if (fault !== undefined) {
            this.markFault(fault.kind);
        }
        const outcome: Outcome =
            fault === undefined ? "Succeeded" : fault.kind === "lro-canceled" ? "Canceled" : "Failed";
        const errors: Record<Outcome, OperationRecord["error"]> = {
            Succeeded: undefined,
            Failed: {
                code: "InternalServerError",
                message: `The ${action} operation on ${resourceId} failed (injected fault).`,
            },
            Canceled: {
                code: "OperationCanceled",
                message: `The ${action} operation on ${resourceId} was canceled (injected fault).`,
            },
        };
        const operation: OperationRecord = {
            id: this.state.nextId("op"),
            resourceId,
            action,
            doneAt: this.now() + durationMs,
            outcome,
            error: errors[outcome],
            applied: false,
        };
        this.state.operations.set(operation.id, operation);
        return operation;
    }

    operationStatus(operation: OperationRecord): "InProgress" | Outcome {
        return this.now() < operation.doneAt ? "InProgress" : operation.outcome;
    }

    /** Retry-After as the emulator sends it, or nothing when configured off. */
    retryAfterHeader(): Record<string, string> {
        return this.options.lroRetryAfterSeconds === null
            ? {}
            : { "retry-after": String(this.options.lroRetryAfterSeconds) };
    }

    private operationBase(operation: OperationRecord, location: string): string {
        return `${this.baseUrl}/subscriptions/${subscriptionOf(operation.resourceId)}/providers/${ML_PROVIDER}/locations/${location}`;
    }

    /** An operation's two poll URLs: its status document (Azure-AsyncOperation) and its result (Location). */
    operationUrls(operation: OperationRecord, location: string): { status: string; result: string } {
        const base = this.operationBase(operation, location);
        return {
            status: `${base}/mfeOperationsStatus/${operation.id}?api-version=${ML_API_VERSION}`,
            result: `${base}/mfeOperationResults/${operation.id}?api-version=${ML_API_VERSION}`,
        };
    }

    /**
     * The answer to a PUT that started an operation. The swagger declares 201 with Azure-AsyncOperation (and
     * x-ms-async-operation-timeout), or 200 with no headers; in "provisioning-state" mode an update takes the 200,
     * and its body says `provisioningState: Updating`.
     */
    putAccepted(
        operation: OperationRecord,
        location: string,
        view: Record<string, unknown>,
        existing: boolean,
    ): EmulatorResponse {
        if (existing && this.options.updateResponse === "provisioning-state") {
            return json(200, view);
        }
        return json(201, view, {
            "azure-asyncoperation": this.operationUrls(operation, location).status,
            "x-ms-async-operation-timeout": OPERATION_TIMEOUT,
        });
    }

    /** The answer to a PATCH, DELETE or cancel that started an operation: 202 with Location and Retry-After. */
    accepted(operation: OperationRecord, location: string): EmulatorResponse {
        return json(202, undefined, {
            location: this.operationUrls(operation, location).result,
            "x-ms-async-operation-timeout": OPERATION_TIMEOUT,
            ...this.retryAfterHeader(),
        });
    }

    markFault(kind: string): void {
        if (this.currentEntry !== undefined) {
            this.currentEntry.fault = kind;
        }
    }

    /** The 409 of a write to an endpoint with an operation in progress, with the configured code. */
    conflict(what: string): EmulatorResponse {
        const message = `Conflict of operation, another operation on same entity is already running: ${what}. Retry after it completes.`;
        return {
            status: 409,
            body: {
                error: {
                    code: this.options.busyErrorCode,
                    message,
                    details: [{ code: "OperationDuplicationConflict", message }],
                },
            },
        };
    }
}

const ML_PROVIDER = "Microsoft.MachineLearningServices";
/** What x-ms-async-operation-timeout carries (ISO-8601); the swagger declares the header, not its value. */
const OPERATION_TIMEOUT = "PT1H";

export function subscriptionOf(resourceId: string): string {
    return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? "unknown";
}
