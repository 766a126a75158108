import * as pulumi from "@pulumi/pulumi";
// Type-only, as in deploymentProperties.ts: no type-check cost.
import type { input } from "@pulumi/azure-native/types";
import { AutoscaleSpec } from "../model";

type Profile = input.monitor.AutoscaleProfileArgs;
type Rule = input.monitor.ScaleRuleArgs;

/** Metrics Azure publishes on the endpoint (per deployment, by dimension) rather than on the deployment. */
const ENDPOINT_METRICS = new Set(["RequestsPerMinute", "RequestLatency"]);

/**
 * Azure Monitor autoscale profiles for a managed online deployment: a default profile with the metric rules, and
 * one recurring profile per schedule (which carries the same rules).
 */
export function autoscaleProfiles(
    spec: AutoscaleSpec,
    deploymentName: string,
    deploymentId: pulumi.Input<string>,
    endpointId: pulumi.Input<string>,
): Profile[] {
    const rules = spec.rules.map((rule): Rule => {
        const onEndpoint = ENDPOINT_METRICS.has(rule.metric);
        return {
            metricTrigger: {
                metricName: rule.metric,
                metricResourceUri: onEndpoint ? endpointId : deploymentId,
                dimensions: onEndpoint
                    ? [{ dimensionName: "deployment", operator: "Equals", values: [deploymentName] }]
                    : undefined,
                timeGrain: "PT1M",
                statistic: rule.statistic,
                timeWindow: `PT${rule.timeWindowMinutes}M`,
                timeAggregation:
                    rule.statistic === "Sum"
                        ? "Total"
                        : rule.statistic === "Min"
                          ? "Minimum"
                          : rule.statistic === "Max"
                            ? "Maximum"
                            : "Average",
                operator: rule.operator,
                threshold: rule.threshold,
            },
            scaleAction: {
                direction: rule.direction === "out" ? "Increase" : "Decrease",
                type: "ChangeCount",
                value: String(rule.changeCount),
                cooldown: `PT${rule.cooldownMinutes}M`,
            },
        };
    });
    const capacity = (min: number, max: number, def: number): input.monitor.ScaleCapacityArgs => ({
        minimum: String(min),
        maximum: String(max),
        default: String(def),
    });
    return [
        {
            name: "default",
            capacity: capacity(spec.minInstances, spec.maxInstances, spec.defaultInstances ?? spec.minInstances),
            rules,
        },
        ...spec.schedules.map((s): Profile => ({
            name: s.name,
            capacity: capacity(s.minInstances, s.maxInstances, s.defaultInstances),
            rules,
            recurrence: {
                frequency: "Week",
                schedule: { timeZone: s.timeZone, days: s.days, hours: s.hours, minutes: s.minutes },
            },
        })),
    ];
}
