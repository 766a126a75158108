import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";
import { isoSeconds } from "./onlineRoutes";
import { RequestSample, keyOf } from "./state";

/**
 * Azure Monitor metrics for online endpoints and deployments, computed from the traffic the data plane served.
 * Supported: RequestsPerMinute (Total; dimensions deployment and statusCodeClass), RequestLatency (Average) and
 * RequestLatency_P50/P90/P95/P99. Mirrored requests count toward the deployment that served them.
 */
export const SUPPORTED_METRICS = ["RequestsPerMinute", "RequestLatency", "RequestLatency_P50", "RequestLatency_P90", "RequestLatency_P95", "RequestLatency_P99"];

function percentile(values: number[], p: number): number {
    if (values.length === 0) {
        return 0;
    }
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function parseFilter(filter: string | null): { ok: true; deployment?: string; statusCodeClass?: string } | { ok: false; message: string } {
    if (filter === null || filter.trim() === "") {
        return { ok: true };
    }
    const out: { ok: true; deployment?: string; statusCodeClass?: string } = { ok: true };
    for (const clause of filter.split(/\s+and\s+/i)) {
        const match = /^\s*(deployment|statusCodeClass)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
        if (match === null) {
            return { ok: false, message: `Unsupported $filter clause "${clause}"; the emulator takes "deployment eq '<name>'" and "statusCodeClass eq '5xx'".` };
        }
        if (match[1].toLowerCase() === "deployment") {
            out.deployment = match[2];
        } else {
            out.statusCodeClass = match[2];
        }
    }
    return out;
}

export function getMetrics(ctx: EmulatorContext, req: EmulatorRequest, resourceId: string): EmulatorResponse {
    const names = (req.query.get("metricnames") ?? "").split(",").filter((n) => n !== "");
    const unknown = names.filter((n) => !SUPPORTED_METRICS.includes(n));
    if (names.length === 0 || unknown.length > 0) {
        return armError(400, "BadRequest", `Failed to find metric configuration for ${unknown.join(", ") || "(none)"}; valid metrics: ${SUPPORTED_METRICS.join(", ")}.`);
    }
    const filter = parseFilter(req.query.get("$filter"));
    if (!filter.ok) {
        return armError(400, "BadRequest", filter.message);
    }
    const key = keyOf(resourceId);
    const deploymentMatch = /\/deployments\/([^/]+)$/i.exec(resourceId);
    const endpointKey = deploymentMatch ? key.replace(/\/deployments\/[^/]+$/, "") : key;
    const deploymentName = deploymentMatch?.[1] ?? filter.deployment;
    const now = ctx.now();
    const [startText, endText] = (req.query.get("timespan") ?? "").split("/");
    const end = endText ? Date.parse(endText) : now;
    const start = startText ? Date.parse(startText) : end - 3600_000;
    const intervalMs = (isoSeconds(req.query.get("interval") ?? "PT1M") ?? 60) * 1000;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end || intervalMs <= 0) {
        return armError(400, "BadRequest", `Invalid timespan "${req.query.get("timespan")}" or interval "${req.query.get("interval")}".`);
    }
    const samples = ctx.state.samples.filter(
        (s: RequestSample) =>
            keyOf(s.endpointId) === endpointKey &&
            s.time >= start &&
            s.time < end &&
            (deploymentName === undefined || s.deployment.toLowerCase() === deploymentName.toLowerCase()) &&
            (filter.statusCodeClass === undefined || `${Math.floor(s.status / 100)}xx` === filter.statusCodeClass.toLowerCase()),
    );
    const buckets: RequestSample[][] = [];
    for (let t = start; t < end; t += intervalMs) {
        buckets.push(samples.filter((s) => s.time >= t && s.time < t + intervalMs));
    }
    const value = names.map((name) => ({
        id: `${resourceId}/providers/Microsoft.Insights/metrics/${name}`,
        type: "Microsoft.Insights/metrics",
        name: { value: name, localizedValue: name },
        unit: name === "RequestsPerMinute" ? "Count" : "Milliseconds",
        errorCode: "Success",
        timeseries: [
            {
                metadatavalues: deploymentName !== undefined ? [{ name: { value: "deployment", localizedValue: "deployment" }, value: deploymentName }] : [],
                data: buckets.map((bucket, i) => {
                    const timeStamp = new Date(start + i * intervalMs).toISOString();
                    if (name === "RequestsPerMinute") {
                        return { timeStamp, total: bucket.length, count: bucket.length };
                    }
                    const latencies = bucket.map((s) => s.latencyMs);
                    if (latencies.length === 0) {
                        return { timeStamp };
                    }
                    const p = /_P(\d+)$/.exec(name)?.[1];
                    return { timeStamp, average: p === undefined ? latencies.reduce((a, b) => a + b, 0) / latencies.length : percentile(latencies, Number(p)), count: latencies.length };
                }),
            },
        ],
    }));
    return json(200, { cost: 0, timespan: `${new Date(start).toISOString()}/${new Date(end).toISOString()}`, interval: req.query.get("interval") ?? "PT1M", value, namespace: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", resourceregion: ctx.options.location });
}
