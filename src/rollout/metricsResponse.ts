/**
 * The parts of an Azure Monitor Metrics_List answer the gates read:
 * `value[].timeseries[].data[].{timeStamp, average, total, count, …}` with each series' `metadatavalues`.
 */
export interface MetricsResponse {
    readonly value: readonly MetricValue[];
}

export interface MetricValue {
    readonly name: { readonly value: string };
    readonly timeseries?: readonly MetricSeries[];
}

export interface MetricSeries {
    readonly metadatavalues?: readonly { readonly name: { readonly value: string }; readonly value: string }[];
    readonly data?: readonly MetricPoint[];
}

/** A bucket. Azure leaves Average / Minimum / Maximum out of a bucket without data and reads its Total and Count 0. */
export interface MetricPoint {
    readonly timeStamp: string;
    readonly average?: number;
    readonly total?: number;
    readonly count?: number;
    readonly minimum?: number;
    readonly maximum?: number;
}

/** The series of one metric in an answer (names compare case-insensitively, as Azure Monitor's do). */
export function seriesOf(response: MetricsResponse, metric: string): readonly MetricSeries[] {
    const value = response.value.find((v) => v.name.value.toLowerCase() === metric.toLowerCase());
    return value?.timeseries ?? [];
}

/** A series' value for a dimension, or undefined when the series is not split by it. */
export function dimensionValue(series: MetricSeries, dimension: string): string | undefined {
    return series.metadatavalues?.find((m) => m.name.value.toLowerCase() === dimension.toLowerCase())?.value;
}
