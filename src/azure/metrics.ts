import { ArmClient } from "./armClient";

/** The Azure Monitor metrics API version (Microsoft.Insights metrics_API.json, stable). */
export const METRICS_API_VERSION = "2023-10-01";

/** One Metrics_List request on a resource: what to read, how to aggregate, which series, which minutes. */
export interface MetricsRequest {
    /** The endpoint, or one of its deployments. */
    readonly resourceId: string;
    readonly metricnames: string;
    readonly aggregation: string;
    readonly filter?: string;
    readonly interval: string;
    readonly timespan: string;
}

/** Reads Azure Monitor metrics of an Azure ML resource; the answer is the API's JSON as it came. */
export async function queryMetrics(client: ArmClient, request: MetricsRequest): Promise<unknown> {
    const response = await client.request("GET", `${request.resourceId}/providers/Microsoft.Insights/metrics`, {
        apiVersion: METRICS_API_VERSION,
        query: {
            metricnames: request.metricnames,
            aggregation: request.aggregation,
            interval: request.interval,
            timespan: request.timespan,
            ...(request.filter !== undefined ? { $filter: request.filter } : {}),
        },
    });
    return response.body;
}
