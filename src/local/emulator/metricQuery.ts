import { EmulatorResponse, armError } from "./httpTypes";
import { AGGREGATIONS, Aggregation } from "./metricCatalog";

/** The time grains Azure Monitor offers platform metrics in (metricAvailabilities), plus FULL. */
export const TIME_GRAINS: Record<string, number> = {
    PT1M: 60_000,
    PT5M: 300_000,
    PT15M: 900_000,
    PT30M: 1_800_000,
    PT1H: 3_600_000,
    PT6H: 21_600_000,
    PT12H: 43_200_000,
    P1D: 86_400_000,
};

/** One `and` part of $filter: a dimension and the values joined by `or`, or "*" to split by every value. */
export interface FilterClause {
    readonly dimension: string;
    readonly values: string[] | "*";
}

export interface MetricQuery {
    readonly names: string[];
    /** Undefined: each metric's default aggregation. */
    readonly aggregations?: Aggregation[];
    readonly start: number;
    readonly end: number;
    /** Bucket length in ms, or "FULL" for one point over the whole timespan. */
    readonly interval: number | "FULL";
    readonly filter: FilterClause[];
    readonly top: number;
    readonly orderBy?: { aggregation: Aggregation; descending: boolean };
    readonly rollUpBy: string[];
    readonly metadataOnly: boolean;
}

const bad = (message: string): { error: EmulatorResponse } => ({ error: armError(400, "BadRequest", message) });

function aggregationNamed(text: string): Aggregation | undefined {
    const lower = text.trim().toLowerCase();
    return lower === "sum" ? "Total" : AGGREGATIONS.find((a) => a.toLowerCase() === lower);
}

/** Parses $filter: `and` across dimensions, `or` only between values of one dimension (as the swagger says). */
export function parseFilter(text: string | null): FilterClause[] | { error: EmulatorResponse } {
    if (text === null || text.trim() === "") {
        return [];
    }
    const clauses: FilterClause[] = [];
    for (const part of text.trim().split(/\s+and\s+/i)) {
        let dimension: string | undefined;
        const values: string[] = [];
        let star = false;
        for (const atom of part.split(/\s+or\s+/i)) {
            const match = /^\s*\(?\s*([A-Za-z_][\w.]*)\s+eq\s+'([^']*)'\s*\)?\s*$/i.exec(atom);
            if (match === null) {
                return bad(
                    `Invalid $filter "${text}": "${atom.trim()}" is not of the form name eq 'value'. Example: deployment eq 'blue' and statusCodeClass eq '*'.`,
                );
            }
            if (dimension !== undefined && dimension.toLowerCase() !== match[1].toLowerCase()) {
                return bad(
                    `Invalid $filter "${text}": the logical or operator cannot separate two different metadata names (${dimension}, ${match[1]}); join different dimensions with and.`,
                );
            }
            dimension = match[1];
            if (match[2] === "*") {
                star = true;
            } else {
                values.push(match[2]);
            }
        }
        clauses.push({ dimension: dimension!, values: star ? "*" : values });
    }
    return clauses;
}

function parseTimespan(text: string | null, now: number): { start: number; end: number } | { error: EmulatorResponse } {
    if (text === null || text === "") {
        // No timespan: the last hour, as Azure Monitor defaults.
        return { start: now - 3_600_000, end: now };
    }
    const [startText, endText, extra] = text.split("/");
    const start = Date.parse(startText);
    const end = endText === undefined ? NaN : Date.parse(endText);
    if (extra !== undefined || !Number.isFinite(start) || !Number.isFinite(end) || start >= end) {
        return bad(
            `Invalid timespan "${text}": expected startDateTime_ISO/endDateTime_ISO with start before end, e.g. 2025-01-01T00:00:00Z/2025-01-01T01:00:00Z.`,
        );
    }
    return { start, end };
}

export function parseQuery(query: URLSearchParams, now: number): MetricQuery | { error: EmulatorResponse } {
    const get = (name: string) => {
        for (const [key, value] of query) {
            if (key.toLowerCase() === name.toLowerCase()) {
                return value;
            }
        }
        return null;
    };
    const names = (get("metricnames") ?? "")
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n !== "");
    if (names.length > 20) {
        return bad(
            `metricnames lists ${names.length} metrics; a query takes at most 20. Split it into several queries.`,
        );
    }
    const span = parseTimespan(get("timespan"), now);
    if ("error" in span) {
        return span;
    }
    const intervalText = (get("interval") ?? "PT1M").toUpperCase();
    if (intervalText !== "FULL" && TIME_GRAINS[intervalText] === undefined) {
        return bad(
            `Invalid interval "${get("interval")}": this metric is available at ${Object.keys(TIME_GRAINS).join(", ")} or FULL.`,
        );
    }
    let aggregations: Aggregation[] | undefined;
    const aggregationText = get("aggregation");
    if (aggregationText !== null && aggregationText.trim() !== "") {
        aggregations = [];
        for (const part of aggregationText.split(",")) {
            const aggregation = aggregationNamed(part);
            if (aggregation === undefined) {
                return bad(`Invalid aggregation "${part.trim()}"; valid: ${AGGREGATIONS.join(", ")}.`);
            }
            if (!aggregations.includes(aggregation)) {
                aggregations.push(aggregation);
            }
        }
    }
    const filter = parseFilter(get("$filter"));
    if ("error" in filter) {
        return filter;
    }
    const topText = get("top") ?? get("$top");
    const top = topText === null ? 10 : Number(topText);
    if (!Number.isInteger(top) || top < 1) {
        return bad(`Invalid top "${topText}": a whole number of time series, 1 or more (default 10).`);
    }
    let orderBy: MetricQuery["orderBy"];
    const orderText = get("orderby") ?? get("$orderby");
    if (orderText !== null && orderText.trim() !== "") {
        const [aggText, direction = "desc", ...rest] = orderText.trim().split(/\s+/);
        const aggregation = aggregationNamed(aggText);
        if (aggregation === undefined || rest.length > 0 || !/^(asc|desc)$/i.test(direction)) {
            return bad(
                `Invalid orderby "${orderText}": one aggregation and a direction, e.g. "sum asc" or "average desc".`,
            );
        }
        orderBy = { aggregation, descending: direction.toLowerCase() === "desc" };
    }
    const rollUpBy = (get("rollupby") ?? "")
        .split(",")
        .map((d) => d.trim().toLowerCase())
        .filter((d) => d !== "");
    const resultType = get("resultType") ?? "Data";
    if (!/^(data|metadata)$/i.test(resultType)) {
        return bad(`Invalid resultType "${resultType}"; valid: Data, Metadata.`);
    }
    return {
        names,
        aggregations,
        ...span,
        interval: intervalText === "FULL" ? "FULL" : TIME_GRAINS[intervalText],
        filter,
        top,
        orderBy,
        rollUpBy,
        metadataOnly: resultType.toLowerCase() === "metadata",
    };
}

/** An ISO-8601 duration for a span, as the response's interval for FULL. */
export function isoDuration(ms: number): string {
    const seconds = Math.round(ms / 1000);
    const days = Math.floor(seconds / 86_400);
    const h = Math.floor((seconds % 86_400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
    return `P${days ? `${days}D` : ""}${time ? `T${time}` : days ? "" : "T0S"}`;
}
