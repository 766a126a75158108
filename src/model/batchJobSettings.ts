import { z } from "zod";
import { count, seconds } from "./common";

/**
 * The settings one batch scoring job can carry, with their ranges: the one home for what a batch deployment, a
 * stack's `batchJob` and a `BatchInvocation`'s overrides accept. Azure ML's data plane takes each of them per job, over the
 * batch deployment's own value (azure-ai-ml `BatchJob`: `compute.instanceCount`, `miniBatchSize`,
 * `maxConcurrencyPerInstance`, `outputFileName`, `retrySettings`, `errorThreshold`, `loggingLevel`).
 */

/** How long an update waits for a batch job, by default. */
export const BATCH_JOB_TIMEOUT_SECONDS = 3600;

/** How long to wait for a batch job: a minute to a week. */
export const batchJobTimeoutSeconds = seconds(60, 7 * 24 * 3600);

/** Nodes that run the job. */
export const batchInstanceCount = count(1, 1000);

/** Files (or rows) per mini batch. */
export const batchMiniBatchSize = count(1, 100_000);

/** Scoring processes per node. */
export const batchMaxConcurrencyPerInstance = count(1, 1000);

/** The file a job writes its predictions to, in its output folder. */
export const batchOutputFileName = z.string().regex(/^[^/\\]+$/, { error: "a file name, without folders" });

/** Failed files tolerated before the job fails; -1 tolerates any number. */
export const batchErrorThreshold = z
    .number()
    .int({ error: "expected a whole number" })
    .min(-1, { error: "-1 (no limit) or more" });

/** The scoring script's logging level, in the spelling the batch deployment schema uses. */
export const batchLoggingLevel = z.enum(["info", "warning", "debug"]);

/** Retries of a failed mini batch. */
export const batchMaxRetries = count(0, 100);

/** How long one mini batch may run before it is retried. */
export const batchRetryTimeoutSeconds = seconds(1, 7 * 24 * 3600);
