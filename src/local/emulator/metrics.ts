import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";
import { Aggregation, DEPLOYMENT_METRICS, ENDPOINT_METRICS, MetricDefinition } from "./metricCatalog";
import { Measurement, MetricScope, measurements } from "./metricMeasurements";
import { MetricQuery, TIME_GRAINS, isoDuration, parseQuery } from "./metricQuery";
import { keyOf } from "./state";

/**
 * Azure Monitor's metrics API (Metrics_List, 2023-10-01) for online endpoints and deployments, computed from the
 * requests the data plane served once they are past the ingestion delay. See metricCatalog.ts for the metrics and
 * metricMeasurements.ts for how each is measured.
 */
export const SUPPORTED_METRICS = ENDPOINT_METRICS.map((m) => m.name);

const FIELD: Record<Aggregation, "average" | "total" | "count" | "minimum" | "maximum"> = {
    Average: "average",
    Total: "total",
    Count: "count",
    Minimum: "minimum",
    Maximum: "maximum",
};

type DataPoint = { timeStamp: string } & Partial<Record<(typeof FIELD)[Aggregation], number>>;

/**
 * Aggregates one bucket. An empty bucket keeps its timestamp; Total and Count read 0 and Average/Minimum/Maximum are
 * left out, as Azure Monitor reports a time grain without values (its zeros for missing data are "interpreted
 * zeros"; averages have none).
 */
function point(timeStamp: number, values: number[], aggregations: Aggregation[]): DataPoint {
    const out: DataPoint = { timeStamp: new Date(timeStamp).toISOString() };
    const total = values.reduce((a, b) => a + b, 0);
    for (const aggregation of aggregations) {
        if (aggregation === "Total") {
            out.total = total;
        } else if (aggregation === "Count") {
            out.count = values.length;
        } else if (values.length > 0) {
            out[FIELD[aggregation]] =
                aggregation === "Average"
                    ? total / values.length
                    : aggregation === "Minimum"
                      ? Math.min(...values)
                      : Math.max(...values);
        }
    }
    return out;
}

function buckets(query: MetricQuery): number[] {
    if (query.interval === "FULL") {
        return [query.start];
    }
    const starts: number[] = [];
    // Azure aligns points to the grain; the first bucket may begin before the timespan does.
    for (let t = Math.floor(query.start / query.interval) * query.interval; t < query.end; t += query.interval) {
        starts.push(t);
    }
    return starts;
}

function seriesData(
    all: Measurement[],
    starts: number[],
    query: MetricQuery,
    aggregations: Aggregation[],
): DataPoint[] {
    const width = query.interval === "FULL" ? query.end - query.start : query.interval;
    const byBucket: number[][] = starts.map(() => []);
    for (const m of all) {
        const index = Math.floor((m.time - starts[0]) / width);
        if (index >= 0 && index < starts.length) {
            byBucket[index].push(m.value);
        }
    }
    return starts.map((t, i) => point(t, byBucket[i], aggregations));
}

/** The dimension of `metric` a filter names (case-insensitively), or undefined. */
const dimensionOf = (metric: MetricDefinition, name: string) =>
    metric.dimensions.find((d) => d.toLowerCase() === name.toLowerCase());

function metricValue(
    ctx: EmulatorContext,
    resourceId: string,
    metric: MetricDefinition,
    scope: MetricScope,
    query: MetricQuery,
): Record<string, unknown> {
    const aggregations = query.aggregations ?? [metric.defaultAggregation];
    const starts = buckets(query);
    const from = query.interval === "FULL" ? query.start : starts[0];
    const matching = measurements(ctx, metric, scope, from, query.end).filter((m) =>
        query.filter.every(
            (c) =>
                c.values === "*" ||
                c.values.some(
                    (v) => v.toLowerCase() === (m.dims[dimensionOf(metric, c.dimension)!] ?? "").toLowerCase(),
                ),
        ),
    );
    // Every dimension named in $filter splits the result (the swagger's rollUpBy exists to undo that).
    const split = query.filter
        .map((c) => dimensionOf(metric, c.dimension)!)
        .filter((d) => !query.rollUpBy.includes(d.toLowerCase()));
    const groups = new Map<string, { values: Record<string, string>; items: Measurement[] }>();
    if (split.length === 0) {
        groups.set("", { values: {}, items: matching });
    }
    for (const m of split.length === 0 ? [] : matching) {
        const values = Object.fromEntries(split.map((d) => [d, m.dims[d] ?? ""]));
        const key = JSON.stringify(values);
        const group = groups.get(key) ?? { values, items: [] };
        group.items.push(m);
        groups.set(key, group);
    }
    let series = [...groups.values()].map((g) => ({
        metadata: g.values,
        data: seriesData(g.items, starts, query, aggregations),
    }));
    if (split.length > 0) {
        const order = query.orderBy ?? { aggregation: aggregations[0], descending: true };
        const score = (data: DataPoint[]) => data.reduce((sum, p) => sum + (p[FIELD[order.aggregation]] ?? 0), 0);
        series = series
            .sort((a, b) => (order.descending ? score(b.data) - score(a.data) : score(a.data) - score(b.data)))
            .slice(0, query.top);
    }
    return {
        id: `${resourceId}/providers/Microsoft.Insights/metrics/${metric.name}`,
        type: "Microsoft.Insights/metrics",
        name: { value: metric.name, localizedValue: metric.name },
        displayDescription: metric.description,
        unit: metric.unit,
        timeseries: series.map((s) => ({
            metadatavalues: Object.entries(s.metadata).map(([name, value]) => ({
                name: { value: name, localizedValue: name },
                value,
            })),
            ...(query.metadataOnly ? {} : { data: s.data }),
        })),
        errorCode: "Success",
    };
}

function scopeOf(
    ctx: EmulatorContext,
    resourceId: string,
): { scope: MetricScope; catalog: MetricDefinition[]; type: string } | EmulatorResponse {
    const deployment = /\/onlineEndpoints\/[^/]+\/deployments\/[^/]+$/i.test(resourceId)
        ? ctx.state.deployments.get(keyOf(resourceId))
        : undefined;
    if (deployment !== undefined) {
        return {
            scope: { endpointId: deployment.endpointId, deployment },
            catalog: DEPLOYMENT_METRICS,
            type: "workspaces/onlineEndpoints/deployments",
        };
    }
    const endpoint = /\/onlineEndpoints\/[^/]+$/i.test(resourceId)
        ? ctx.state.endpoints.get(keyOf(resourceId))
        : undefined;
    if (endpoint !== undefined && endpoint.kind === "online") {
        return { scope: { endpointId: endpoint.id }, catalog: ENDPOINT_METRICS, type: "workspaces/onlineEndpoints" };
    }
    return armError(
        404,
        "ResourceNotFound",
        `The resource ${resourceId} was not found; the emulator serves metrics of existing online endpoints and deployments.`,
    );
}

export function getMetrics(ctx: EmulatorContext, req: EmulatorRequest, resourceId: string): EmulatorResponse {
    const query = parseQuery(req.query, ctx.now());
    if ("error" in query) {
        return query.error;
    }
    const target = scopeOf(ctx, resourceId);
    if ("status" in target) {
        return target;
    }
    const metrics: MetricDefinition[] = [];
    for (const name of query.names.length > 0 ? query.names : [target.catalog[0].name]) {
        const metric = target.catalog.find((m) => m.name.toLowerCase() === name.toLowerCase());
        if (metric === undefined) {
            return armError(
                400,
                "BadRequest",
                `Failed to find metric configuration for provider: Microsoft.MachineLearningServices, resource Type: ${target.type}, metric: ${name}, Valid metrics: ${target.catalog.map((m) => m.name).join(", ")}`,
            );
        }
        const unsupported = query.filter
            .filter((c) => dimensionOf(metric, c.dimension) === undefined)
            .map((c) => c.dimension.toLowerCase());
        if (unsupported.length > 0) {
            return armError(
                400,
                "BadRequest",
                `Metric: ${metric.name} does not support requested dimension combination: ${unsupported.join(",")}, supported ones are: ${metric.dimensions.join(",") || "none"}`,
            );
        }
        metrics.push(metric);
    }
    return json(200, {
        cost: 0,
        timespan: `${new Date(query.start).toISOString()}/${new Date(query.end).toISOString()}`,
        interval:
            query.interval === "FULL"
                ? isoDuration(query.end - query.start)
                : Object.entries(TIME_GRAINS).find(([, ms]) => ms === query.interval)![0],
        value: metrics.map((m) => metricValue(ctx, resourceId, m, target.scope, query)),
        namespace: `Microsoft.MachineLearningServices/${target.type}`,
        resourceregion: ctx.options.location,
    });
}
