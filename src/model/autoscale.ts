import { z } from "zod";
import { count } from "./common";
import { issueReporter } from "./problems";

/** Metrics Azure Monitor autoscale can act on for an online deployment. */
export const AUTOSCALE_METRICS = [
    "CpuUtilizationPercentage",
    "MemoryUtilizationPercentage",
    "RequestsPerMinute",
    "RequestLatency",
    "DeploymentCapacity",
] as const;

/** One autoscale rule: a metric compared with a threshold, and the scale action it triggers. */
const scaleRule = z.strictObject({
    /** The metric the rule watches: RequestsPerMinute and RequestLatency are read on the endpoint, for this deployment. */
    metric: z.enum(AUTOSCALE_METRICS),
    /** How the metric's samples are combined, per minute and over the time window. @default "Average" */
    statistic: z.enum(["Average", "Min", "Max", "Sum"]).default("Average"),
    /** How the metric compares with the threshold for the rule to act. */
    operator: z.enum(["GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual"]),
    /** The value the metric is compared with, in the metric's unit. */
    threshold: z.number(),
    /** "out" adds instances, "in" removes them. */
    direction: z.enum(["out", "in"]),
    /** Instances added or removed per action. @default 1 */
    changeCount: count(1, 100).default(1),
    /** Minutes over which the metric is aggregated (1–720). @default 5 */
    timeWindowMinutes: count(1, 720).default(5),
    /** Minutes to wait after a scale action (1–10080). @default 5 */
    cooldownMinutes: count(1, 10080).default(5),
});

/** A recurring autoscale profile: its own instance bounds from a start time, on given days. */
const schedule = z.strictObject({
    /** A name for the profile, unique within the deployment. */
    name: z.string().min(1).max(128),
    /** IANA or Windows time zone, for example "W. Europe Standard Time". */
    timeZone: z.string().min(1),
    /** Days the profile starts on. */
    days: z.array(z.enum(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])).min(1),
    /** Hours (0–23) the profile starts at. */
    hours: z.array(count(0, 23)).min(1),
    /** Minutes (0–59) past those hours the profile starts at. @default [0] */
    minutes: z.array(count(0, 59)).min(1).default([0]),
    /** Fewest instances while the profile applies. */
    minInstances: count(0, 1000),
    /** Most instances while the profile applies. */
    maxInstances: count(1, 1000),
    /** Instances while the profile applies and the metrics cannot be read. */
    defaultInstances: count(0, 1000),
});

/** Azure Monitor autoscale for a managed online deployment: metric rules plus optional recurring schedules. */
export const autoscaleSpec = z
    .strictObject({
        /** Fewest instances autoscale keeps. */
        minInstances: count(1, 1000),
        /** Most instances autoscale adds up to. */
        maxInstances: count(1, 1000),
        /** Instances when the metrics cannot be read. @default minInstances */
        defaultInstances: count(1, 1000).optional(),
        /** Metric rules; with any, one of them has to scale in. @default [] */
        rules: z.array(scaleRule).default([]),
        /** Recurring profiles with bounds of their own, e.g. fewer instances at night. @default [] */
        schedules: z.array(schedule).default([]),
    })
    .superRefine((a, ctx) => {
        const fix = issueReporter(ctx);
        if (a.minInstances > a.maxInstances) {
            fix(["minInstances"], a.minInstances, `must not exceed maxInstances (${a.maxInstances})`);
        }
        if (
            a.defaultInstances !== undefined &&
            (a.defaultInstances < a.minInstances || a.defaultInstances > a.maxInstances)
        ) {
            fix(
                ["defaultInstances"],
                a.defaultInstances,
                `must lie between minInstances (${a.minInstances}) and maxInstances (${a.maxInstances})`,
            );
        }
        if (a.rules.length > 0 && !a.rules.some((r) => r.direction === "in")) {
            fix(
                ["rules"],
                a.rules.length,
                "rules only scale out; add a rule with direction 'in' or the deployment never shrinks",
            );
        }
        a.schedules.forEach((s, i) => {
            if (s.minInstances > s.maxInstances) {
                fix(
                    ["schedules", i, "minInstances"],
                    s.minInstances,
                    `must not exceed maxInstances (${s.maxInstances})`,
                );
            }
            if (s.defaultInstances < s.minInstances || s.defaultInstances > s.maxInstances) {
                fix(
                    ["schedules", i, "defaultInstances"],
                    s.defaultInstances,
                    `must lie between minInstances (${s.minInstances}) and maxInstances (${s.maxInstances})`,
                );
            }
        });
        const names = a.schedules.map((s) => s.name);
        names.forEach((n, i) => {
            if (names.indexOf(n) !== i) {
                fix(["schedules", i, "name"], n, "schedule names must be unique within a deployment");
            }
        });
    });

export type AutoscaleSpec = z.output<typeof autoscaleSpec>;
