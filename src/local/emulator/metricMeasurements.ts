import { EmulatorContext } from "./context";
import { MetricDefinition } from "./metricCatalog";
import { deploymentSucceeded } from "./resources";
import { behaviourAt, instanceCount } from "./serving";
import { DeploymentRecord, RequestSample, keyOf } from "./state";

/**
 * One value Azure Monitor stores: the metric's pre-aggregated value for a minute and one combination of dimension
 * values (or, for RequestLatency, one request). Aggregations over a bucket are taken over these, so an unsplit
 * Average of RequestsPerMinute is the mean over deployments × status codes, not the endpoint's rate — as Azure
 * Monitor averages measurements, not minutes.
 */
export interface Measurement {
    readonly time: number;
    readonly dims: Record<string, string>;
    readonly value: number;
}

/** What a query is about: an endpoint, or one of its deployments. */
export interface MetricScope {
    readonly endpointId: string;
    readonly deployment?: DeploymentRecord;
}

const MINUTE = 60_000;
const minuteOf = (t: number) => Math.floor(t / MINUTE) * MINUTE;

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Requests Azure Monitor has ingested by now: served at least the ingestion delay ago. Mirrored copies are left out:
 * whether Azure counts them is not documented, and leaving them out is the harsher reading for a gate (a shadow
 * deployment shows no request data at all, so "no data" must not pass as healthy).
 */
function visibleSamples(ctx: EmulatorContext, scope: MetricScope, start: number, end: number): RequestSample[] {
    const horizon = ctx.now() - ctx.options.metricsIngestionDelayMs;
    const endpointKey = keyOf(scope.endpointId);
    const deployment = scope.deployment?.name.toLowerCase();
    return ctx.state.samples.filter(
        (s) =>
            !s.mirrored &&
            s.time <= horizon &&
            s.time >= start &&
            s.time < end &&
            keyOf(s.endpointId) === endpointKey &&
            (deployment === undefined || s.deployment.toLowerCase() === deployment),
    );
}

function groupByMinute(
    samples: RequestSample[],
    dimsOf: (s: RequestSample) => Record<string, string>,
): Map<string, { time: number; dims: Record<string, string>; samples: RequestSample[] }> {
    const groups = new Map<string, { time: number; dims: Record<string, string>; samples: RequestSample[] }>();
    for (const s of samples) {
        const dims = dimsOf(s);
        const time = minuteOf(s.time);
        const key = `${time}|${JSON.stringify(dims)}`;
        const group = groups.get(key) ?? { time, dims, samples: [] };
        group.samples.push(s);
        groups.set(key, group);
    }
    return groups;
}

function requestDims(scope: MetricScope): (s: RequestSample) => Record<string, string> {
    if (scope.deployment !== undefined) {
        return (s) => ({ envoy_response_code: String(s.status) });
    }
    // A request the model never answered (429, 408) has no model status; not documented, reported as "".
    return (s) => ({
        deployment: s.deployment,
        statusCode: String(s.status),
        statusCodeClass: `${Math.floor(s.status / 100)}xx`,
        modelStatusCode: s.modelStatus === undefined ? "" : String(s.modelStatus),
    });
}

/** Every measurement of `metric` in [start, end) that the metrics API can see now. */
export function measurements(
    ctx: EmulatorContext,
    metric: MetricDefinition,
    scope: MetricScope,
    start: number,
    end: number,
): Measurement[] {
    const source = metric.source;
    switch (source.kind) {
        case "requestsPerMinute":
            return [...groupByMinute(visibleSamples(ctx, scope, start, end), requestDims(scope)).values()].map((g) => ({
                time: g.time,
                dims: g.dims,
                value: g.samples.length,
            }));
        case "latency":
            return visibleSamples(ctx, scope, start, end).map((s) => ({
                time: s.time,
                dims: { deployment: s.deployment },
                value: s.latencyMs,
            }));
        case "percentile": {
            const dims =
                scope.deployment !== undefined ? () => ({}) : (s: RequestSample) => ({ deployment: s.deployment });
            return [...groupByMinute(visibleSamples(ctx, scope, start, end), dims).values()].map((g) => ({
                time: g.time,
                dims: g.dims,
                value: percentile(
                    g.samples.map((s) => s.latencyMs),
                    source.p,
                ),
            }));
        }
        case "resource":
            return scope.deployment === undefined
                ? []
                : resourceMeasurements(ctx, scope.deployment, source.field, start, end);
        default:
            return [];
    }
}

/**
 * Per-instance values, one a minute, from the end of the deployment's latest operation until the last minute
 * ingested. Values follow the behaviour in force at each minute (changes by time or by requests received).
 */
function resourceMeasurements(
    ctx: EmulatorContext,
    d: DeploymentRecord,
    field: "cpuPercent" | "memoryPercent" | "diskPercent" | "capacity",
    start: number,
    end: number,
): Measurement[] {
    if (!deploymentSucceeded(ctx, d)) {
        return [];
    }
    const horizon = ctx.now() - ctx.options.metricsIngestionDelayMs;
    const received = ctx.state.samples
        .filter(
            (s) => keyOf(s.endpointId) === keyOf(d.endpointId) && s.deployment.toLowerCase() === d.name.toLowerCase(),
        )
        .map((s) => s.time)
        .sort((a, b) => a - b);
    const out: Measurement[] = [];
    const first = Math.max(Math.ceil(d.busyUntil / MINUTE) * MINUTE, minuteOf(start));
    for (let minute = first; minute < end && minute <= horizon; minute += MINUTE) {
        if (minute < start) {
            continue;
        }
        const before = received.filter((t) => t < minute).length;
        const b = behaviourAt(d, minute, before);
        for (let i = 0; i < instanceCount(d); i++) {
            const instanceId = `${d.name}-${i}`;
            // DeploymentCapacity: one measurement of 1 per running instance (not documented; so only Total and
            // Count give the instance count, and Average is 1).
            const dims: Record<string, string> =
                field === "capacity"
                    ? { instanceId, State: "Running" }
                    : field === "diskPercent"
                      ? { instanceId, disk: "/" }
                      : { instanceId };
            out.push({ time: minute, dims, value: field === "capacity" ? 1 : b[field] });
        }
    }
    return out;
}
