import { z } from "zod";
import { count, seconds } from "./common";
import { MAX_MIRROR_PERCENT } from "../rules";
import { MIN_ONLINE_DEPLOYMENT_INSTANCES } from "./deploymentInstances";

export const GATE_METRICS = [
    "errorRate",
    "latencyP99Ms",
    "requestsPerMinute",
    "http5xxCount",
    "cpuPercent",
    "memoryPercent",
] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** Strict and inclusive bounds: a floor of requests per minute reads most naturally as "at least". */
export const GATE_COMPARISONS = ["lessThan", "atMost", "greaterThan", "atLeast"] as const;
export type GateComparison = (typeof GATE_COMPARISONS)[number];

/** The ladder used when a policy names none of steps, canary and linear. */
export const DEFAULT_ROLLOUT_STEPS: readonly number[] = [10, 50, 100];

/**
 * A metric gate on the deployment gaining traffic, read from Azure Monitor. A window without data is inconclusive,
 * never a pass: Azure Monitor publishes metrics minutes late.
 */
export const metricGateSpec = z
    .strictObject({
        /**
         * `errorRate`: the share of the deployment's requests answered with anything but 2xx (a model error is 424),
         * as a fraction (0.01 = 1 %). `latencyP99Ms`: its p99 latency in the worst minute of the window.
         * `requestsPerMinute`: its requests per minute, a floor so that silence is not read as health. `http5xxCount`:
         * 5xx answers in the window. `cpuPercent` / `memoryPercent`: its instances' utilisation in the worst minute.
         */
        metric: z.enum(GATE_METRICS),
        /** `lessThan` / `atMost` for ceilings, `greaterThan` / `atLeast` for floors. */
        comparison: z.enum(GATE_COMPARISONS),
        /**
         * The bound the metric is compared with, in its unit: a fraction for errorRate, milliseconds for latencyP99Ms,
         * a percentage for cpuPercent and memoryPercent.
         */
        threshold: z.number().min(0, { error: "thresholds are not negative" }),
        /** Seconds of samples the gate looks back over, never reaching before the current step began. @default 300 */
        windowSeconds: seconds(60, 3600).default(300),
    })
    .superRefine((g, ctx) => {
        if (g.metric === "errorRate" && g.threshold > 1) {
            ctx.addIssue({
                code: "custom",
                path: ["threshold"],
                input: g.threshold,
                message: `errorRate is a fraction from 0 to 1; write ${Math.min(g.threshold, 100) / 100} for ${Math.min(g.threshold, 100)} %`,
            });
        }
        if ((g.metric === "cpuPercent" || g.metric === "memoryPercent") && g.threshold > 100) {
            ctx.addIssue({
                code: "custom",
                path: ["threshold"],
                input: g.threshold,
                message: `${g.metric} is a percentage from 0 to 100; lower the threshold`,
            });
        }
    });

/**
 * A synthetic request the provider sends to the deployment gaining traffic (header `azureml-model-deployment`), in
 * every gate interval, with the endpoint's auth mode. It works in the mirror stage too, where request metrics are empty.
 */
export const syntheticProbeSpec = z.strictObject({
    /** Names the probe in reports. @default "probes[<index>]" */
    name: z.string().min(1, { error: "give the probe a name or leave name out" }).max(64).optional(),
    /** The JSON body POSTed to the scoring URI. */
    payload: z.json({ error: "payload is the JSON body the model scores; give an object, array or value" }),
    /** The HTTP status the deployment must answer. @default 200 */
    expectedStatus: z
        .number()
        .int({ error: "expected a whole HTTP status code" })
        .min(100, { error: "HTTP status codes run from 100 to 599" })
        .max(599, { error: "HTTP status codes run from 100 to 599" })
        .default(200),
    /** Slowest acceptable answer in milliseconds. @default - (latency is reported, not judged) */
    maxLatencyMs: count(1, 600_000).optional(),
    /** Text the response body must contain. @default - (the body is not checked) */
    bodyContains: z.string().min(1, { error: "an empty bodyContains matches everything; leave it out" }).optional(),
});

/** How gates are sampled and judged, after Flagger's analysis and Argo Rollouts' AnalysisTemplate. */
export const rolloutAnalysisSpec = z.strictObject({
    /** Seconds between gate evaluations during a bake (Flagger's analysis interval and its 10 s floor). @default 60 */
    intervalSeconds: seconds(10, 3600).default(60),
    /**
     * Failed intervals a step tolerates: one more fails the step (Argo's failureLimit; 0 fails at the first).
     * @default 0
     */
    failureLimit: count(0, 100).default(0),
    /**
     * Consecutive intervals without a verdict (no data yet, no requests) a step tolerates: one more fails the step.
     * Counted in a row, not in total, because every step starts inside Azure Monitor's ingestion delay. @default 10
     */
    inconclusiveLimit: count(0, 1000).default(10),
    /**
     * Seconds of the most recent metrics a gate leaves out: Azure Monitor ingests samples late, so the newest minutes
     * are partly filled and would read low (a requests-per-minute floor would fail on a healthy deployment). Azure
     * documents platform metrics as usually available within minutes. @default 180
     */
    metricsDelaySeconds: seconds(0, 3600).default(180),
});

/** What happens to a rollout that runs out of time, or fails a gate. */
export const ROLLOUT_FAILURE_ACTIONS = ["rollback", "halt"] as const;

/** How a traffic change rolls out: stepwise shifts, bake time, optional mirror stage, gates, rollback. */
export const rolloutPolicySpec = z
    .strictObject({
        /**
         * Percent of live traffic on the deployment gaining traffic after each step, rising, ending at 100 (capped at
         * its declared share). Give one of steps, canary and linear. The parsed policy always holds the resolved
         * ladder here. @default [10, 50, 100]
         */
        steps: z.array(count(1, 100)).min(1, { error: "give at least one step; [100] shifts all at once" }).optional(),
        /** One step to `percent`, then the rest: the same as steps [percent, 100]. @default - */
        canary: z
            .strictObject({
                /** Percent of live traffic the first step gives the deployment gaining traffic. */
                percent: count(1, 99),
            })
            .optional(),
        /**
         * Steps of `stepPercent` up to `maxPercent`, then the rest (Flagger's stepWeight and maxWeight).
         * @default -
         */
        linear: z
            .strictObject({
                /** Percent of live traffic each step adds. */
                stepPercent: count(1, 99),
                /** The share after which the rest moves in one step. @default 100 */
                maxPercent: count(1, 100).default(100),
            })
            .optional(),
        /** Seconds each step bakes before it may go on; the gates must pass at its end. @default 300 */
        bakeSeconds: seconds(0, 24 * 3600).default(300),
        /**
         * Mirror a share of traffic to the deployment gaining traffic before any live shift, while it has no live
         * traffic (Azure allows no other); the mirror is cleared in the same write that gives it live traffic.
         * @default -
         */
        mirror: z
            .strictObject({
                /** Percent of live traffic copied to the deployment gaining traffic (at most 50). */
                percent: count(1, MAX_MIRROR_PERCENT),
                /** Seconds the mirror stage lasts, before the first live step. @default 600 */
                durationSeconds: seconds(60, 24 * 3600).default(600),
            })
            .optional(),
        /** Metric gates the deployment gaining traffic must pass at the end of every step. @default [] */
        gates: z.array(metricGateSpec).default([]),
        /** Synthetic requests sent to the deployment gaining traffic in every gate interval (at most 10). @default - (no probes) */
        probes: z
            .array(syntheticProbeSpec)
            .max(10, { error: "at most 10 probes; each runs every interval" })
            .optional(),
        /** How gates are sampled and judged. @default { intervalSeconds: 60, failureLimit: 0, inconclusiveLimit: 10, metricsDelaySeconds: 180 } */
        analysis: rolloutAnalysisSpec.optional(),
        /**
         * A failed gate: `rollback` puts back the live traffic from before the rollout (all of it, whichever step failed) with
         * no mirror, then fails the update; `halt` leaves the failing step's traffic in place and fails the update
         * saying so. @default "rollback"
         */
        onFailure: z.enum(ROLLOUT_FAILURE_ACTIONS).default("rollback"),
        /** How long the whole rollout may take, and what happens when it runs out. @default - (twice the planned time plus 30 minutes; "rollback" when it runs out) */
        timeLimit: z
            .strictObject({
                /** Seconds the whole rollout may take. @default twice the planned time plus 30 minutes */
                seconds: seconds(60, 7 * 24 * 3600).optional(),
                /** The same two choices as onFailure, when the time runs out. @default "rollback" */
                onExpiry: z.enum(ROLLOUT_FAILURE_ACTIONS).default("rollback"),
            })
            .optional(),
        /** What happens to the deployments that lost their traffic once the rollout succeeded. @default - (the deployments that lost their traffic are kept as they are) */
        afterSuccess: z
            .strictObject({
                /**
                 * `scaleDown`: the traffic owner owns the deployments' instance counts. Before live or mirrored
                 * traffic moves to a deployment it runs its declared instanceCount; after the last step has passed
                 * and the termination wait is over, every deployment left without live and mirrored traffic runs
                 * `scaledDownInstances`. Refused for deployments whose instance count another scaler owns (Azure
                 * Monitor autoscale, Kubernetes target-utilisation scaling). @default "keep"
                 */
                previous: z.enum(["keep", "scaleDown"]).default("keep"),
                /** Seconds to wait after the last step before scaling down (requests in flight). @default 300 */
                terminationWaitSeconds: seconds(0, 24 * 3600).default(300),
                /**
                 * Instances a scaled-down deployment keeps, at most its instanceCount. Azure ML keeps at least one
                 * instance of an online deployment. @default 1
                 */
                scaledDownInstances: z
                    .number()
                    .int({ error: "expected a whole number of instances" })
                    .min(MIN_ONLINE_DEPLOYMENT_INSTANCES, {
                        error: `an online deployment keeps at least ${MIN_ONLINE_DEPLOYMENT_INSTANCES} instance; to release its last one, remove the deployment from the endpoint`,
                    })
                    .max(1000, { error: "at most 1000" })
                    .default(MIN_ONLINE_DEPLOYMENT_INSTANCES),
            })
            .optional(),
    })
    .superRefine((p, ctx) => {
        const given = (["steps", "canary", "linear"] as const).filter((k) => p[k] !== undefined);
        // A parsed policy carries the ladder it resolved to in `steps` next to its canary or linear: parsing it
        // again (a stack's settings handed to a component) must accept what the first parse produced.
        const resolvedAlready =
            given.length === 2 &&
            given[0] === "steps" &&
            JSON.stringify(p.steps) === JSON.stringify(stepLadder({ ...p, steps: undefined }));
        if (given.length > 1 && !resolvedAlready) {
            ctx.addIssue({
                code: "custom",
                path: [given[1]],
                input: p[given[1]],
                message: `give only one of steps, canary and linear; remove ${given.slice(1).join(" or ")} or ${given[0]}`,
            });
        }
        const steps = p.steps ?? [];
        steps.forEach((step, i) => {
            if (i > 0 && step <= steps[i - 1]) {
                ctx.addIssue({
                    code: "custom",
                    path: ["steps", i],
                    input: step,
                    message: `steps must rise; step ${i} is not above the one before (${steps[i - 1]})`,
                });
            }
        });
        const last = steps[steps.length - 1];
        if (last !== undefined && last !== 100) {
            ctx.addIssue({
                code: "custom",
                path: ["steps", steps.length - 1],
                input: last,
                message: "the last step must be 100 so the rollout completes",
            });
        }
        if (p.linear !== undefined && p.linear.maxPercent < p.linear.stepPercent) {
            ctx.addIssue({
                code: "custom",
                path: ["linear", "maxPercent"],
                input: p.linear.maxPercent,
                message: `maxPercent is below stepPercent (${p.linear.stepPercent}); raise maxPercent or lower stepPercent`,
            });
        }
        const limit = p.timeLimit?.seconds;
        const ladder = stepLadder(p);
        const planned = plannedPolicySeconds(p, ladder.length);
        if (limit !== undefined && limit < planned) {
            ctx.addIssue({
                code: "custom",
                path: ["timeLimit", "seconds"],
                input: limit,
                message: `the rollout needs ${planned} seconds at least (${ladder.length} steps × ${p.bakeSeconds} s bake${p.mirror ? ` + ${p.mirror.durationSeconds} s mirror` : ""}); raise timeLimit.seconds or shorten the bakes`,
            });
        }
    })
    .transform((p) => ({ ...p, steps: stepLadder(p) }));

/** The rising ladder of live shares a policy walks, ending at 100. */
function stepLadder(p: {
    steps?: number[];
    canary?: { percent: number };
    linear?: { stepPercent: number; maxPercent: number };
}): number[] {
    if (p.steps !== undefined) {
        return p.steps;
    }
    if (p.canary !== undefined) {
        return [p.canary.percent, 100];
    }
    if (p.linear !== undefined) {
        const ladder: number[] = [];
        for (
            let share = p.linear.stepPercent;
            share < 100 && share <= p.linear.maxPercent;
            share += p.linear.stepPercent
        ) {
            ladder.push(share);
        }
        return [...ladder, 100];
    }
    return [...DEFAULT_ROLLOUT_STEPS];
}

/** The least time a rollout from nothing to everything takes under a policy: every bake, and the mirror stage. */
export function plannedPolicySeconds(
    p: { bakeSeconds: number; mirror?: { durationSeconds: number } },
    stepCount: number,
): number {
    return stepCount * p.bakeSeconds + (p.mirror?.durationSeconds ?? 0);
}

export type RolloutPolicySpec = z.output<typeof rolloutPolicySpec>;
export type MetricGateSpec = z.output<typeof metricGateSpec>;
export type SyntheticProbeSpec = z.output<typeof syntheticProbeSpec>;
export type RolloutAnalysisSpec = z.output<typeof rolloutAnalysisSpec>;
