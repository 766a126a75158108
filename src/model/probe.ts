import { z } from "zod";
import { count, seconds } from "./common";

/** Azure ML's documented probe defaults (the same for liveness and readiness). */
export const PROBE_DEFAULTS = {
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 2,
    successThreshold: 1,
    failureThreshold: 30,
} as const;

/** Container probe settings, in seconds here and as ISO-8601 durations on the wire. */
export const probeSpec = z
    .strictObject({
        /** Seconds between container start and the first probe; Azure ML's documented minimum is 1. @default 10 */
        initialDelaySeconds: z
            .number()
            .int({ error: "expected a whole number of seconds" })
            .min(1, {
                error: "Azure ML runs the first probe at least 1 second after the container starts; set initialDelaySeconds to 1 or more",
            })
            .max(3600, { error: "at most 3600 seconds" })
            .default(PROBE_DEFAULTS.initialDelaySeconds),
        /** Seconds between probes. @default 10 */
        periodSeconds: seconds(1, 3600).default(PROBE_DEFAULTS.periodSeconds),
        /** Seconds a probe may take before it counts as failed; at most periodSeconds. @default 2 */
        timeoutSeconds: seconds(1, 3600).default(PROBE_DEFAULTS.timeoutSeconds),
        /** Successes in a row, after a failure, for the probe to pass again; 1 for liveness and startup probes. @default 1 */
        successThreshold: count(1, 100).default(PROBE_DEFAULTS.successThreshold),
        /** Failures in a row before the probe fails: a liveness probe restarts the container, a readiness probe takes it out of traffic. @default 30 */
        failureThreshold: count(1, 100).default(PROBE_DEFAULTS.failureThreshold),
    })
    .superRefine((p, ctx) => {
        if (p.timeoutSeconds > p.periodSeconds) {
            ctx.addIssue({
                code: "custom",
                path: ["timeoutSeconds"],
                input: p.timeoutSeconds,
                message: `a probe cannot time out after its next run is due; keep timeoutSeconds at or below periodSeconds (${p.periodSeconds})`,
            });
        }
    });

export type ProbeSpec = z.output<typeof probeSpec>;
