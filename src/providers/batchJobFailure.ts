import type { BatchJobState } from "../azure/batchJob";

/**
 * What an update that did not get a completed batch job says. Azure ML gives no reason for a failed job through
 * its API (neither ARM's JobBase nor the data plane's BatchJob has an error field): the message names the job, its
 * status, any message the response did carry, and where the reason is (the job's logs, through its studio link).
 */

/** The job a failure is about, and what running the update again would do. */
export interface FailureContext {
    /** The batch endpoint's id. */
    readonly endpointId: string;
    /** The deployment asked for; undefined: the endpoint's default. */
    readonly deployment?: string;
    /** The job a new run of the update would start. */
    readonly nextJobName: string;
}

const deploymentOf = (job: BatchJobState, context: FailureContext) =>
    job.deployment ?? context.deployment ?? "the endpoint's default";

/** Where the reason of a failed batch job is (how-to-troubleshoot-batch-endpoints). */
export function whereTheReasonIs(job: BatchJobState): string {
    return (
        `Azure ML reports no reason through its API; it is in the job's logs: open ${job.studioUrl}, select the ` +
        "batchscoring step, then Outputs + logs (logs/job_progress_overview.txt holds the job's error, logs/user/error/ " +
        `the scoring script's stack traces), or run \`az ml job stream --name ${job.name}\``
    );
}

/** A job that ended Failed. */
export function failedJobMessage(job: BatchJobState, context: FailureContext): string {
    return (
        `batch job ${job.name} on ${context.endpointId} (deployment ${deploymentOf(job, context)}) ended Failed` +
        `${job.message !== undefined ? `: ${job.message}` : ""}. ${whereTheReasonIs(job)}. ` +
        `Running the update again starts the job again, as ${context.nextJobName}`
    );
}

/** A job that was canceled while this update waited for it, by someone else. */
export function canceledJobMessage(job: BatchJobState, context: FailureContext): string {
    return (
        `batch job ${job.name} on ${context.endpointId} (deployment ${deploymentOf(job, context)}) was canceled before ` +
        `it completed, not by this update (see ${job.studioUrl}). Running the update again starts the job again, as ${context.nextJobName}`
    );
}

/** How a timed-out job was left. */
export type TimeoutOutcome =
    | { readonly kind: "canceled"; readonly status: string }
    | { readonly kind: "left running" }
    | { readonly kind: "cancel failed"; readonly error: string };

/** A job that had not ended when its time was up. */
export function timedOutJobMessage(
    job: BatchJobState,
    timeoutSeconds: number,
    outcome: TimeoutOutcome,
    context: FailureContext,
): string {
    const head =
        `batch job ${job.name} on ${context.endpointId} (deployment ${deploymentOf(job, context)}) did not end within ` +
        `timeoutSeconds (${timeoutSeconds} s from its creation): it was ${job.status}`;
    switch (outcome.kind) {
        case "canceled":
            return (
                `${head}, and has been canceled (now ${outcome.status}; see ${job.studioUrl}). Raise timeoutSeconds ` +
                `and run the update again to start it again, as ${context.nextJobName}`
            );
        case "left running":
            return (
                `${head}, and is left running because cancelOnTimeout is false (${job.studioUrl}). Raise timeoutSeconds ` +
                `and run the update again to keep waiting for it, or cancel it: az ml job cancel --name ${job.name}`
            );
        case "cancel failed":
            return (
                `${head}; canceling it failed (${outcome.error}), so it may still be running (${job.studioUrl}): ` +
                `cancel it with az ml job cancel --name ${job.name}`
            );
    }
}
