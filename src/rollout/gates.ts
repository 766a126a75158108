import type { GateComparison, MetricGateSpec } from "../model/rolloutPolicy";
import { MetricsQuery } from "./metricQuery";
import { MetricSeries, MetricsResponse, dimensionValue, seriesOf } from "./metricsResponse";
import { PlannedGate, RolloutStep } from "./rolloutStep";
import { describeGate } from "./summary";

export type Verdict = "pass" | "fail" | "inconclusive";

/** An Azure Monitor answer to one of the step's gate queries. */
export interface MetricSample {
    readonly query: MetricsQuery;
    readonly response: MetricsResponse;
}

/** One synthetic request's outcome; `status` is absent when no answer came (`error` says why). */
export interface ProbeResult {
    /** Index of the probe in the policy's `probes`. */
    readonly probe: number;
    readonly status?: number;
    readonly latencyMs?: number;
    readonly body?: string;
    readonly error?: string;
}

export interface GateVerdict {
    readonly gate: PlannedGate;
    /** The gate as the preview line shows it, e.g. `errors<1%`. */
    readonly label: string;
    readonly verdict: Verdict;
    /** What was measured, in the gate's unit (a fraction for errorRate); absent without data. */
    readonly observed?: number;
    readonly threshold?: number;
    /** The observation in words, for reports and failure messages. */
    readonly detail: string;
}

export function satisfies(comparison: GateComparison, observed: number, threshold: number): boolean {
    switch (comparison) {
        case "lessThan":
            return observed < threshold;
        case "atMost":
            return observed <= threshold;
        case "greaterThan":
            return observed > threshold;
        case "atLeast":
            return observed >= threshold;
    }
}

const MINUTE_MS = 60_000;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Series about the query's deployment (an endpoint-scope answer split by `deployment` may hold others). */
function seriesFor(sample: MetricSample): readonly MetricSeries[] {
    return seriesOf(sample.response, sample.query.metricnames).filter((s) => {
        const deployment = dimensionValue(s, "deployment");
        return deployment === undefined || deployment.toLowerCase() === sample.query.deployment.toLowerCase();
    });
}

interface RequestCounts {
    readonly total: number;
    readonly nonSuccess: number;
    readonly serverErrors: number;
    readonly unclassified: number;
    /** Minutes from the window's start to the last bucket that holds data. */
    readonly minutes: number;
}

/**
 * Requests by status class over the window, or undefined when no bucket holds data. Buckets after the last one with
 * data are left out of the minutes: they are what ingestion has not delivered yet, not silence.
 */
function requestCounts(sample: MetricSample): RequestCounts | undefined {
    const windowStart = Date.parse(sample.query.timespan.split("/")[0]);
    let total = 0;
    let nonSuccess = 0;
    let serverErrors = 0;
    let unclassified = 0;
    let lastData: number | undefined;
    for (const series of seriesFor(sample)) {
        const statusClass = dimensionValue(series, "statusCodeClass");
        for (const point of series.data ?? []) {
            const requests = point.total ?? 0;
            if ((point.count ?? 0) === 0 && requests === 0) {
                continue;
            }
            const at = Date.parse(point.timeStamp);
            lastData = lastData === undefined ? at : Math.max(lastData, at);
            total += requests;
            if (statusClass === undefined) {
                unclassified += requests;
            } else if (statusClass.toLowerCase() !== "2xx") {
                nonSuccess += requests;
                if (statusClass.toLowerCase() === "5xx") {
                    serverErrors += requests;
                }
            }
        }
    }
    if (lastData === undefined) {
        return undefined;
    }
    const minutes = Math.max(1, Math.floor((lastData - windowStart) / MINUTE_MS) + 1);
    return { total, nonSuccess, serverErrors, unclassified, minutes };
}

/** The worst minute of a per-minute average (latency, CPU, memory), or undefined when no bucket holds a value. */
function worstMinute(sample: MetricSample): number | undefined {
    const values = seriesFor(sample).flatMap((s) =>
        (s.data ?? []).flatMap((p) => (p.average === undefined ? [] : [p.average])),
    );
    return values.length === 0 ? undefined : Math.max(...values);
}

type Observation = { observed: number; detail: string } | { inconclusive: string };

function observe(spec: MetricGateSpec, sample: MetricSample): Observation {
    const noData = {
        inconclusive: `no data in ${sample.query.timespan} yet (Azure Monitor publishes metrics minutes late)`,
    };
    switch (spec.metric) {
        case "errorRate":
        case "http5xxCount":
        case "requestsPerMinute": {
            const counts = requestCounts(sample);
            if (counts === undefined) {
                return noData;
            }
            if (spec.metric === "requestsPerMinute") {
                return {
                    observed: round(counts.total / counts.minutes),
                    detail: `${counts.total} requests in ${counts.minutes} min`,
                };
            }
            if (counts.total === 0) {
                return { inconclusive: `no requests in ${sample.query.timespan}: nothing to judge` };
            }
            if (counts.unclassified > 0) {
                return { inconclusive: "the answer is not split by statusCodeClass" };
            }
            return spec.metric === "errorRate"
                ? {
                      observed: counts.nonSuccess / counts.total,
                      detail: `${counts.nonSuccess} of ${counts.total} requests answered non-2xx`,
                  }
                : {
                      observed: counts.serverErrors,
                      detail: `${counts.serverErrors} of ${counts.total} requests answered 5xx`,
                  };
        }
        case "latencyP99Ms":
        case "cpuPercent":
        case "memoryPercent": {
            const worst = worstMinute(sample);
            if (worst === undefined) {
                return noData;
            }
            const unit = spec.metric === "latencyP99Ms" ? "ms" : "%";
            return { observed: worst, detail: `worst minute ${round(worst)}${unit}` };
        }
    }
}

function judgeMetric(gate: PlannedGate & { kind: "metric" }, sample: MetricSample | undefined): GateVerdict {
    const label = describeGate(gate);
    const threshold = gate.spec.threshold;
    if (sample === undefined) {
        return { gate, label, threshold, verdict: "inconclusive", detail: "no metrics answer for this interval" };
    }
    const seen = observe(gate.spec, sample);
    if ("inconclusive" in seen) {
        return { gate, label, threshold, verdict: "inconclusive", detail: seen.inconclusive };
    }
    const verdict = satisfies(gate.spec.comparison, seen.observed, threshold) ? "pass" : "fail";
    return { gate, label, threshold, verdict, observed: seen.observed, detail: seen.detail };
}

function judgeProbe(gate: PlannedGate & { kind: "probe" }, results: readonly ProbeResult[]): GateVerdict {
    const label = describeGate(gate);
    const mine = results.filter((r) => r.probe === gate.index);
    if (mine.length === 0) {
        return { gate, label, verdict: "inconclusive", detail: "no probe result this interval" };
    }
    const problems = mine.flatMap((r) => {
        if (r.status === undefined) {
            return [`no answer (${r.error ?? "no status"})`];
        }
        const out: string[] = [];
        if (r.status !== gate.spec.expectedStatus) {
            out.push(`answered ${r.status}, expected ${gate.spec.expectedStatus}`);
        }
        if (gate.spec.maxLatencyMs !== undefined && (r.latencyMs ?? Infinity) > gate.spec.maxLatencyMs) {
            out.push(`took ${r.latencyMs ?? "?"}ms, at most ${gate.spec.maxLatencyMs}ms allowed`);
        }
        if (gate.spec.bodyContains !== undefined && !(r.body ?? "").includes(gate.spec.bodyContains)) {
            out.push(`body lacks ${JSON.stringify(gate.spec.bodyContains)}`);
        }
        return out;
    });
    const slowest = Math.max(...mine.map((r) => r.latencyMs ?? 0));
    return problems.length > 0
        ? { gate, label, verdict: "fail", observed: slowest, detail: problems.join("; ") }
        : { gate, label, verdict: "pass", observed: slowest, detail: `${mine.length} answered as expected` };
}

/**
 * Each gate of a step, judged from this interval's metrics answers and probe results: pass, fail, or inconclusive
 * when there is nothing to judge (no answer, no data yet, no requests, no probe result). Never a pass without data.
 */
export function evaluateGates(
    step: RolloutStep,
    samples: readonly MetricSample[],
    probes: readonly ProbeResult[],
): GateVerdict[] {
    return step.gates.map((gate, index) =>
        gate.kind === "metric"
            ? judgeMetric(
                  gate,
                  samples.find((s) => s.query.gates.includes(index)),
              )
            : judgeProbe(gate, probes),
    );
}

/** An interval's verdict: any gate failing fails it; otherwise any without data leaves it inconclusive. */
export function intervalVerdict(verdicts: readonly GateVerdict[]): Verdict {
    if (verdicts.some((v) => v.verdict === "fail")) {
        return "fail";
    }
    return verdicts.some((v) => v.verdict === "inconclusive") ? "inconclusive" : "pass";
}
