import { EmulatorContext } from "./context";
import { durationSeconds } from "../../model/isoDuration";
import { BehaviourChange, DeploymentBehaviour, DeploymentRecord, EndpointRecord } from "./state";

/** Azure's default request_timeout_ms when requestSettings.requestTimeout is absent (OnlineRequestSettings). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
/** Azure's default maxConcurrentRequestsPerInstance (OnlineRequestSettings: "Defaults to 1"). */
export const DEFAULT_MAX_CONCURRENT_PER_INSTANCE = 1;

/** How one request to one deployment ended. */
export interface ServeOutcome {
    status: number;
    modelStatus?: number;
    latencyMs: number;
    headers: Record<string, string>;
    message?: string;
    /** The client's answer waits latencyMs (scaled to real time) before it is sent. */
    realDelay?: boolean;
}

/** The behaviour in force for the deployment's next request: the base with every change whose condition holds. */
export function behaviourAt(d: DeploymentRecord, time: number, requestsSoFar: number): DeploymentBehaviour {
    const { changes, ...base } = d.behaviour;
    const effective: DeploymentBehaviour = { ...base };
    for (const change of changes ?? []) {
        if (changeApplies(change, time, requestsSoFar)) {
            const { afterRequests: _a, fromTime: _f, ...values } = change;
            Object.assign(effective, values);
        }
    }
    return effective;
}

function changeApplies(change: BehaviourChange, time: number, requestsSoFar: number): boolean {
    return (
        (change.fromTime === undefined || time >= change.fromTime) &&
        (change.afterRequests === undefined || requestsSoFar >= change.afterRequests)
    );
}

/** Decides deterministically whether the n-th request fails at the given rate (evenly spread). */
export function failsAt(count: number, rate: number): boolean {
    return Math.floor((count + 1) * rate) > Math.floor(count * rate);
}

export function instanceCount(d: DeploymentRecord): number {
    const capacity = d.body.sku?.capacity;
    // Without a sku the deployment runs the fewest instances Azure allows: one.
    return Number.isInteger(capacity) && capacity > 0 ? capacity : 1;
}

export function requestTimeoutMs(d: DeploymentRecord): number {
    const text = d.body.properties?.requestSettings?.requestTimeout;
    const seconds = typeof text === "string" ? durationSeconds(text) : undefined;
    return seconds === undefined ? DEFAULT_REQUEST_TIMEOUT_MS : seconds * 1000;
}

/** Azure admits 2 × max_concurrent_requests_per_instance × instance_count requests at once and rejects the rest. */
export function concurrencyLimit(d: DeploymentRecord): number {
    const perInstance = d.body.properties?.requestSettings?.maxConcurrentRequestsPerInstance;
    const max = Number.isInteger(perInstance) && perInstance > 0 ? perInstance : DEFAULT_MAX_CONCURRENT_PER_INSTANCE;
    return 2 * max * instanceCount(d);
}

/** End times (emulator ms) of the requests each deployment is still working on, sorted. */
const busySlots = new WeakMap<DeploymentRecord, number[]>();

function inFlight(d: DeploymentRecord, now: number): number[] {
    const slots = (busySlots.get(d) ?? []).filter((end) => end > now);
    busySlots.set(d, slots);
    return slots;
}

function hold(d: DeploymentRecord, until: number): void {
    const slots = busySlots.get(d) ?? [];
    const at = slots.findIndex((end) => end > until);
    slots.splice(at === -1 ? slots.length : at, 0, until);
    busySlots.set(d, slots);
}

/**
 * Serves one request on a deployment at the emulator's current time and records its sample. `holdsSlot` says whether
 * the request keeps a concurrency slot for its latency: generated load, mirrored copies and really delayed requests
 * do; a client request answered at once has already finished from the client's point of view.
 */
export function serveOn(
    ctx: EmulatorContext,
    e: EndpointRecord,
    d: DeploymentRecord,
    mirrored: boolean,
    holdsSlot: boolean,
): ServeOutcome {
    const now = ctx.now();
    const b = behaviourAt(d, now, d.served);
    const index = d.served++;
    const outcome = decide(d, b, index, now, holdsSlot || b.realDelay);
    outcome.realDelay = b.realDelay && !mirrored;
    if (outcome.status === 424) {
        d.failed++;
    }
    ctx.state.samples.push({
        time: now,
        endpointId: e.id,
        deployment: d.name,
        status: outcome.status,
        ...(outcome.modelStatus !== undefined ? { modelStatus: outcome.modelStatus } : {}),
        latencyMs: outcome.latencyMs,
        mirrored,
    });
    return outcome;
}

function decide(
    d: DeploymentRecord,
    b: DeploymentBehaviour,
    index: number,
    now: number,
    holdsSlot: boolean,
): ServeOutcome {
    const limit = concurrencyLimit(d);
    if (inFlight(d, now).length >= limit) {
        return {
            status: 429,
            latencyMs: 0,
            headers: {},
            message: `Too many pending requests: deployment '${d.name}' admits ${limit} at once (2 × maxConcurrentRequestsPerInstance × instance count); retry with backoff or raise sku.capacity.`,
        };
    }
    const timeout = requestTimeoutMs(d);
    if (b.latencyMs > timeout) {
        if (holdsSlot) {
            hold(d, now + timeout);
        }
        return {
            status: 408,
            latencyMs: timeout,
            headers: {},
            message: `The model in deployment '${d.name}' took longer than requestSettings.requestTimeout (${timeout} ms); raise the timeout or speed up scoring.`,
        };
    }
    if (holdsSlot) {
        hold(d, now + b.latencyMs);
    }
    if (failsAt(index, b.errorRate)) {
        return {
            status: 424,
            modelStatus: b.modelStatusCode,
            latencyMs: b.latencyMs,
            headers: {
                "ms-azureml-model-error-statuscode": String(b.modelStatusCode),
                "ms-azureml-model-error-reason": "model_error",
            },
            message: `The model in deployment '${d.name}' answered ${b.modelStatusCode} (simulated model error).`,
        };
    }
    return { status: 200, modelStatus: 200, latencyMs: b.latencyMs, headers: {} };
}
