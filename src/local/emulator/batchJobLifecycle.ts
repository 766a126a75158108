import { EmulatorContext } from "./context";
import { JobRecord, keyOf } from "./state";

/**
 * Where a batch job is in its life, read from the emulator clock. The order is Azure ML's run lifecycle:
 * NotStarted → Starting → Preparing → Queued → Running → Finalizing → Completed / Failed, and CancelRequested →
 * Canceled after a cancel. The queue time is shared by the four waiting states, the last fifth of the run time is
 * Finalizing.
 */
export type JobStatus =
    | "NotStarted"
    | "Starting"
    | "Preparing"
    | "Queued"
    | "Running"
    | "Finalizing"
    | "CancelRequested"
    | "Completed"
    | "Failed"
    | "Canceled";

const TERMINAL: readonly JobStatus[] = ["Completed", "Failed", "Canceled"];

export function isTerminal(status: JobStatus): boolean {
    return TERMINAL.includes(status);
}

/** The state key of a job: the workspace part of the id is case-insensitive (ARM), the job name is not. */
export function jobKey(workspaceId: string, name: string): string {
    return `${keyOf(workspaceId)}/jobs/${name}`;
}

export function findJob(ctx: EmulatorContext, workspaceId: string, name: string): JobRecord | undefined {
    return ctx.state.jobs.get(jobKey(workspaceId, name));
}

/** The status the job had at `now`, ignoring any cancel. */
function naturalStatus(job: JobRecord, now: number): JobStatus {
    if (now >= job.endAt) {
        return job.outcome;
    }
    if (now >= job.startAt) {
        const finalizingAt = job.startAt + (job.endAt - job.startAt) * 0.8;
        return now >= finalizingAt ? "Finalizing" : "Running";
    }
    const waited = (now - job.createdAt) / Math.max(job.startAt - job.createdAt, 1);
    return waited < 0.25 ? "NotStarted" : waited < 0.5 ? "Starting" : waited < 0.75 ? "Preparing" : "Queued";
}

export function jobStatus(ctx: EmulatorContext, job: JobRecord): JobStatus {
    const now = ctx.now();
    if (job.cancel === undefined) {
        return naturalStatus(job, now);
    }
    const operation = ctx.state.operations.get(job.cancel.operationId);
    if (operation !== undefined && now < operation.doneAt) {
        return "CancelRequested";
    }
    // A cancel whose operation failed left the job running to its own end.
    return operation?.outcome === "Succeeded" ? "Canceled" : naturalStatus(job, now);
}

/**
 * The file an output writes, and the failure it meets when an earlier job wrote (or will first write) the same
 * file: the docs say a batch job fails when its output file exists. It fails when it would write, or as soon as it
 * runs if the file is already there.
 */
export function claimOutputs(ctx: EmulatorContext, job: JobRecord): void {
    for (const output of Object.values(job.outputs)) {
        const earlier = ctx.state.batchOutputs.get(output.file);
        if (earlier !== undefined && earlier.writtenAt <= job.endAt) {
            const failAt = Math.min(Math.max(job.startAt, earlier.writtenAt), job.endAt);
            job.outcome = "Failed";
            job.endAt = failAt;
            job.error = {
                code: "UserError",
                message: `The output file '${output.file}' already exists (written by job '${earlier.job}'). Batch jobs fail when their output file exists; set a unique output path or outputFileName.`,
            };
            return;
        }
    }
    if (job.outcome === "Completed") {
        for (const output of Object.values(job.outputs)) {
            ctx.state.batchOutputs.set(output.file, { job: job.name, writtenAt: job.endAt });
        }
    }
}

/** A job canceled before it wrote its outputs leaves no file behind. */
export function releaseOutputs(ctx: EmulatorContext, job: JobRecord, canceledAt: number): void {
    for (const output of Object.values(job.outputs)) {
        const claim = ctx.state.batchOutputs.get(output.file);
        if (claim?.job === job.name && claim.writtenAt > canceledAt) {
            ctx.state.batchOutputs.delete(output.file);
        }
    }
}
