/**
 * The Azure Monitor metrics of online endpoints and deployments, as "Supported metrics for
 * Microsoft.MachineLearningServices/workspaces/onlineEndpoints[/deployments]" lists them: name, unit, default
 * aggregation, dimensions. `source` says how the emulator measures each; "none" means Azure has the metric but the
 * emulator has nothing to measure it from, so its series are empty.
 */

export type Aggregation = "Average" | "Total" | "Count" | "Minimum" | "Maximum";
export const AGGREGATIONS: Aggregation[] = ["Average", "Total", "Count", "Minimum", "Maximum"];

export type MeasurementSource =
    | { kind: "requestsPerMinute" }
    | { kind: "latency" }
    | { kind: "percentile"; p: number }
    | { kind: "resource"; field: "cpuPercent" | "memoryPercent" | "diskPercent" | "capacity" }
    | { kind: "none" };

export interface MetricDefinition {
    readonly name: string;
    readonly unit: string;
    readonly defaultAggregation: Aggregation;
    readonly dimensions: string[];
    readonly description: string;
    readonly source: MeasurementSource;
}

const percentiles = (dimensions: string[]): MetricDefinition[] =>
    [50, 90, 95, 99].map((p) => ({
        name: `RequestLatency_P${p}`,
        unit: "Milliseconds",
        defaultAggregation: "Average",
        dimensions,
        description: `The average P${p} request latency aggregated by all request latency values collected over the selected time period`,
        source: { kind: "percentile", p },
    }));

const notMeasured = (
    name: string,
    unit: string,
    defaultAggregation: Aggregation,
    dimensions: string[],
    description: string,
): MetricDefinition => ({
    name,
    unit,
    defaultAggregation,
    dimensions,
    description,
    source: { kind: "none" },
});

export const ENDPOINT_METRICS: MetricDefinition[] = [
    {
        name: "RequestsPerMinute",
        unit: "Count",
        defaultAggregation: "Average",
        dimensions: ["deployment", "statusCode", "statusCodeClass", "modelStatusCode"],
        description: "The number of requests sent to online endpoint within a minute",
        source: { kind: "requestsPerMinute" },
    },
    {
        name: "RequestLatency",
        unit: "Milliseconds",
        defaultAggregation: "Average",
        dimensions: ["deployment"],
        description: "The average complete interval of time taken for a request to be responded in milliseconds",
        source: { kind: "latency" },
    },
    ...percentiles(["deployment"]),
    notMeasured(
        "ConnectionsActive",
        "Count",
        "Average",
        [],
        "The total number of concurrent TCP connections active from clients.",
    ),
    notMeasured("NetworkBytes", "BytesPerSecond", "Average", [], "The bytes per second served for the endpoint."),
    notMeasured(
        "NewConnectionsPerSecond",
        "CountPerSecond",
        "Average",
        [],
        "The average number of new TCP connections per second established from clients.",
    ),
    notMeasured(
        "DataCollectionErrorsPerMinute",
        "Count",
        "Average",
        ["deployment", "reason", "type"],
        "The number of data collection events dropped per minute.",
    ),
    notMeasured(
        "DataCollectionEventsPerMinute",
        "Count",
        "Average",
        ["deployment", "type"],
        "The number of data collection events processed per minute.",
    ),
];

const resource = (
    name: string,
    unit: string,
    defaultAggregation: Aggregation,
    dimensions: string[],
    field: "cpuPercent" | "memoryPercent" | "diskPercent" | "capacity",
    description: string,
): MetricDefinition => ({
    name,
    unit,
    defaultAggregation,
    dimensions,
    description,
    source: { kind: "resource", field },
});

export const DEPLOYMENT_METRICS: MetricDefinition[] = [
    resource(
        "CpuUtilizationPercentage",
        "Percent",
        "Average",
        ["instanceId"],
        "cpuPercent",
        "Percentage of CPU utilization on an instance.",
    ),
    resource(
        "CpuMemoryUtilizationPercentage",
        "Percent",
        "Average",
        ["instanceId"],
        "memoryPercent",
        "Percentage of memory utilization on an instance.",
    ),
    resource(
        "DeploymentCapacity",
        "Count",
        "Average",
        ["instanceId", "State"],
        "capacity",
        "The number of instances in the deployment.",
    ),
    resource(
        "DiskUtilization",
        "Percent",
        "Maximum",
        ["instanceId", "disk"],
        "diskPercent",
        "Percentage of disk utilization on an instance.",
    ),
    notMeasured(
        "GpuUtilizationPercentage",
        "Percent",
        "Average",
        ["instanceId"],
        "Percentage of GPU utilization on an instance.",
    ),
    notMeasured(
        "GpuMemoryUtilizationPercentage",
        "Percent",
        "Average",
        ["instanceId"],
        "Percentage of GPU memory utilization on an instance.",
    ),
    notMeasured("GpuEnergyJoules", "Count", "Average", ["instanceId"], "Interval energy in Joules on a GPU node."),
    notMeasured(
        "DataCollectionErrorsPerMinute",
        "Count",
        "Average",
        ["instanceId", "reason", "type"],
        "The number of data collection events dropped per minute.",
    ),
    notMeasured(
        "DataCollectionEventsPerMinute",
        "Count",
        "Average",
        ["instanceId", "type"],
        "The number of data collection events processed per minute.",
    ),
    {
        name: "RequestsPerMinute",
        unit: "Count",
        defaultAggregation: "Average",
        dimensions: ["envoy_response_code"],
        description: "The number of requests sent to online deployment within a minute",
        source: { kind: "requestsPerMinute" },
    },
    ...percentiles([]),
];
