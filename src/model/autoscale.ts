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

const scaleRule = z.strictObject({
    metric: z.enum(AUTOSCALE_METRICS),
    /** @default "Average" */
    statistic: z.enum(["Average", "Min", "Max", "Sum"]).default("Average"),
    operator: z.enum(["GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual"]),
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

const schedule = z.strictObject({
    /** A name for the profile, unique within the deployment. */
    name: z.string().min(1).max(128),
    /** IANA or Windows time zone, for example "W. Europe Standard Time". */
    timeZone: z.string().min(1),
    days: z.array(z.enum(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])).min(1),
    hours: z.array(count(0, 23)).min(1),
    minutes: z.array(count(0, 59)).min(1).default([0]),
    minInstances: count(0, 1000),
    maxInstances: count(1, 1000),
    defaultInstances: count(0, 1000),
});

/** Azure Monitor autoscale for a managed online deployment: metric rules plus optional recurring schedules. */
export const autoscaleSpec = z
    .strictObject({
        minInstances: count(1, 1000),
        maxInstances: count(1, 1000),
        /** @default minInstances */
        defaultInstances: count(1, 1000).optional(),
        rules: z.array(scaleRule).default([]),
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
