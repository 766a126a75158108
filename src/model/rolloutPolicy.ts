import { z } from "zod";
import { count, seconds } from "./common";
import { MAX_MIRROR_PERCENT } from "../rules";

export const GATE_METRICS = ["errorRate", "latencyP99Ms", "requestsPerMinute", "http5xxCount"] as const;

/** A metric gate: the step goes on only while the new deployment's metric satisfies the comparison. */
export const metricGateSpec = z.strictObject({
    metric: z.enum(GATE_METRICS),
    /** The metric must stay below / above the threshold. */
    comparison: z.enum(["lessThan", "greaterThan"]),
    threshold: z.number().min(0, { error: "thresholds are not negative" }),
    /** Seconds of samples the gate looks back over. @default 300 */
    windowSeconds: seconds(60, 3600).default(300),
});

/** How a traffic change rolls out: stepwise shifts, bake time, optional mirror phase, gates, rollback. */
export const rolloutPolicySpec = z
    .strictObject({
        /** Percent of live traffic on the new deployment after each step, rising, ending at 100. @default [10, 50, 100] */
        steps: z
            .array(count(1, 100))
            .min(1, { error: "give at least one step; [100] shifts all at once" })
            .default([10, 50, 100]),
        /** Seconds to wait on each step before judging gates. @default 300 */
        bakeSeconds: seconds(0, 24 * 3600).default(300),
        /** Mirror a share of traffic to the new deployment before any live shift. @default - */
        mirror: z
            .strictObject({
                percent: count(1, MAX_MIRROR_PERCENT),
                /** @default 600 */
                durationSeconds: seconds(60, 24 * 3600).default(600),
            })
            .optional(),
        /** @default [] */
        gates: z.array(metricGateSpec).default([]),
        /** What a failed gate does: return all traffic to the previous deployment, or stop where it is. @default "rollback" */
        onFailure: z.enum(["rollback", "halt"]).default("rollback"),
    })
    .superRefine((p, ctx) => {
        p.steps.forEach((step, i) => {
            if (i > 0 && step <= p.steps[i - 1]) {
                ctx.addIssue({
                    code: "custom",
                    path: ["steps", i],
                    input: step,
                    message: `steps must rise; step ${i} is not above the one before (${p.steps[i - 1]})`,
                });
            }
        });
        const last = p.steps[p.steps.length - 1];
        if (last !== undefined && last !== 100) {
            ctx.addIssue({
                code: "custom",
                path: ["steps", p.steps.length - 1],
                input: last,
                message: "the last step must be 100 so the rollout completes",
            });
        }
    });

export type RolloutPolicySpec = z.output<typeof rolloutPolicySpec>;
export type MetricGateSpec = z.output<typeof metricGateSpec>;
