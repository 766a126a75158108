import type { GateMetric } from "../model/rolloutPolicy";
import { RolloutStep } from "./rolloutStep";

const MINUTE_MS = 60_000;

/**
 * One Azure Monitor Metrics_List request, as plain data: the provider sends GET
 * `<resource>/providers/Microsoft.Insights/metrics` with these query parameters, where the resource is the endpoint
 * (`scope: "endpoint"`) or `<endpoint>/deployments/<deployment>` (`scope: "deployment"`).
 */
export interface MetricsQuery {
    readonly scope: "endpoint" | "deployment";
    /** The deployment the numbers are about (lower-case, as Azure reports dimension values). */
    readonly deployment: string;
    readonly metricnames: string;
    readonly aggregation: string;
    /** `$filter`; absent when the resource itself is the deployment. */
    readonly filter?: string;
    /** Buckets of one minute: the grain the request metrics are stored at. */
    readonly interval: "PT1M";
    /** `start/end` in ISO 8601, whole minutes, start inclusive and end exclusive. */
    readonly timespan: string;
    /** Indexes into the step's `gates` that read this answer. */
    readonly gates: readonly number[];
}

/** What each gate metric reads. Request counts come split by status class so that one answer serves three gates. */
export function metricSource(
    metric: GateMetric,
    deployment: string,
): Pick<MetricsQuery, "scope" | "metricnames" | "aggregation" | "filter"> {
    switch (metric) {
        case "errorRate":
        case "requestsPerMinute":
        case "http5xxCount":
            // Count marks the buckets that hold data: an empty bucket reads Total 0, the same as no requests.
            return {
                scope: "endpoint",
                metricnames: "RequestsPerMinute",
                aggregation: "Total,Count",
                filter: `deployment eq '${deployment}' and statusCodeClass eq '*'`,
            };
        case "latencyP99Ms":
            return {
                scope: "endpoint",
                metricnames: "RequestLatency_P99",
                aggregation: "Average",
                filter: `deployment eq '${deployment}'`,
            };
        case "cpuPercent":
            return { scope: "deployment", metricnames: "CpuUtilizationPercentage", aggregation: "Average" };
        case "memoryPercent":
            return { scope: "deployment", metricnames: "CpuMemoryUtilizationPercentage", aggregation: "Average" };
    }
}

/**
 * The window a gate reads at `now`: the last `windowSeconds` of whole minutes that ended at least `delaySeconds`
 * ago (the minute still running, and the minutes Azure Monitor is still ingesting, are partial), but never before
 * the step began (the minute it began in mixes the step before). Undefined until one whole minute is available.
 */
export function gateWindow(
    windowSeconds: number,
    stepStartedAt: number,
    now: number,
    delaySeconds = 0,
): { start: number; end: number } | undefined {
    const end = Math.floor((now - delaySeconds * 1000) / MINUTE_MS) * MINUTE_MS;
    const start = Math.ceil(Math.max(stepStartedAt, end - windowSeconds * 1000) / MINUTE_MS) * MINUTE_MS;
    return end > start ? { start, end } : undefined;
}

/**
 * The Azure Monitor requests the step's metric gates need at `now` (epoch ms), one per distinct request. A gate whose
 * window has not opened yet gets none and reads as inconclusive.
 */
export function gateQueries(step: RolloutStep, stepStartedAt: number, now: number): MetricsQuery[] {
    const deployment = step.gaining;
    if (deployment === undefined) {
        return [];
    }
    const queries = new Map<string, MetricsQuery>();
    step.gates.forEach((gate, index) => {
        if (gate.kind !== "metric") {
            return;
        }
        const window = gateWindow(gate.spec.windowSeconds, stepStartedAt, now, step.analysis.metricsDelaySeconds);
        if (window === undefined) {
            return;
        }
        const source = metricSource(gate.spec.metric, deployment);
        const timespan = `${new Date(window.start).toISOString()}/${new Date(window.end).toISOString()}`;
        const key = JSON.stringify([source, timespan]);
        const known = queries.get(key);
        queries.set(key, {
            ...source,
            deployment,
            interval: "PT1M",
            timespan,
            gates: [...(known?.gates ?? []), index],
        });
    });
    return [...queries.values()];
}
