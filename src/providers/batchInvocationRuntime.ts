import { backoff, retryUntil } from "../async";
import { ArmClient } from "../azure/armClient";
import { ArmError } from "../azure/armError";
import { batchEndpointParts } from "../azure/batchEndpointId";
import { BatchJobState, cancelBatchJob, isTerminalJobStatus, readBatchJob } from "../azure/batchJob";
import { invokeBatchEndpoint } from "../azure/batchJobInvoke";
import { batchDataPlaneClient } from "../azure/mlDataPlane";
import { armTarget } from "../azure/target";
import { BATCH_JOB_TIMEOUT_SECONDS } from "../model/batchJobSettings";
import {
    FailureContext,
    TimeoutOutcome,
    canceledJobMessage,
    failedJobMessage,
    timedOutJobMessage,
} from "./batchJobFailure";
import { batchJobAttemptName, batchJobBaseName } from "./batchJobIdentity";
import type { BatchInvocationOutputs, BatchInvocationProps } from "./batchInvocationProps";
import { batchJobRequest, batchOutputLocation } from "./batchInvocationRequest";
import { followBatchJob } from "./batchJobWait";

/**
 * A batch invocation's runtime inside the provider host: start (or find) the job, follow it to its end, and tell
 * what happened. Each call builds its clients from the environment at call time, so nothing of it is in state.
 *
 * One invocation is a chain of jobs named `<base>`, `<base>-2`, … (see batchJobIdentity): the first is started
 * unless it exists, and a job that exists is followed, never started again. Only a job that ended Failed or
 * Canceled in an earlier run makes the next run move on to the next name, so running the update again after a
 * failure retries, while running it again after a killed process picks up the job that process started.
 */

/** Jobs one invocation may start before it asks for a new trigger instead. */
export const MAX_JOB_ATTEMPTS = 10;

/** How long a 404 from ARM for a job the data plane just accepted is ARM catching up rather than no job. */
const NOT_FOUND_GRACE_MS = 2 * 60_000;

/** How long transient answers (429, 5xx, resets) are retried when reading, starting or canceling a job. */
const TRANSIENT_BUDGET_MS = 10 * 60_000;

/** One run of an invocation: its clients, where its jobs live, and where progress lines go. */
interface Run {
    readonly arm: ArmClient;
    readonly props: BatchInvocationProps;
    readonly workspaceId: string;
    readonly endpointName: string;
    readonly report: (line: string) => void;
}

const print = (line: string) => console.warn(line);

/** Thrown while a job the data plane accepted is not visible through ARM yet. */
class NotVisibleYet extends Error {}

function retryDelay(run: Run): (attempt: number, error: unknown) => number {
    const first = backoff(2 * run.arm.target.pollIntervalMs, 60_000);
    return (attempt, error) => Math.max(first(attempt), error instanceof ArmError ? (error.retryAfterMs ?? 0) : 0);
}

const transient = (error: unknown) => error instanceof ArmError && error.transient;

/** Reads a job through ARM, riding out transient answers; within `graceMs` a 404 is retried too. */
async function readJob(run: Run, name: string, graceMs: number): Promise<BatchJobState | undefined> {
    const clock = run.arm.target.clock;
    const visibleBy = clock.now() + graceMs;
    return retryUntil(
        async () => {
            const job = await readBatchJob(run.arm, run.workspaceId, name);
            if (job === undefined && clock.now() < visibleBy) {
                throw new NotVisibleYet(name);
            }
            return job;
        },
        {
            timeoutMs: Math.max(TRANSIENT_BUDGET_MS, graceMs),
            clock,
            delayMs: retryDelay(run),
            retryable: (error) => error instanceof NotVisibleYet || transient(error),
            what: `read batch job ${name}`,
        },
    );
}

/** Refuses to follow a job of the same name that another endpoint started: that job is not this invocation's. */
function checkOwner(run: Run, job: BatchJobState): void {
    if (job.endpointName !== undefined && job.endpointName.toLowerCase() !== run.endpointName.toLowerCase()) {
        throw new Error(
            `the job name ${job.name} is taken in workspace ${run.workspaceId} by a job of batch endpoint ${job.endpointName}, ` +
                `not ${run.endpointName}; set jobNamePrefix or trigger to choose another name`,
        );
    }
}

/** Starts a job of this name, or finds that a job of this name exists; either way returns it as ARM reads it. */
async function startJob(run: Run, name: string): Promise<BatchJobState> {
    const { props, arm } = run;
    const dataPlane = batchDataPlaneClient(arm, props.scoringUri);
    const request = batchJobRequest(props, run.endpointName, name);
    // The name makes the POST safe to repeat: a repeat that reaches a job an earlier attempt created is refused.
    const outcome = await retryUntil(() => invokeBatchEndpoint(dataPlane, props.scoringUri, request), {
        timeoutMs: TRANSIENT_BUDGET_MS,
        clock: arm.target.clock,
        delayMs: retryDelay(run),
        retryable: transient,
        what: `start batch job ${name} at ${props.scoringUri}`,
    });
    const job = await readJob(run, name, NOT_FOUND_GRACE_MS);
    if (job === undefined) {
        throw new Error(
            outcome === "started"
                ? `batch job ${name} was accepted by ${props.scoringUri}, but ARM shows no job of that name ${NOT_FOUND_GRACE_MS / 60_000} minutes later; look for it in the studio and run the update again`
                : `${props.scoringUri} refused the job name ${name} as taken, but ARM shows no job of that name; job names clash without regard to case, so another job's name differs from it only in case: set jobNamePrefix or trigger to choose another name`,
        );
    }
    checkOwner(run, job);
    run.report(
        outcome === "started"
            ? `${props.endpointId}: started batch job ${name} on ${props.deployment ?? "the default deployment"}, writing to ${request.output.uri}; follow it at ${job.studioUrl}`
            : `${props.endpointId}: batch job ${name} exists already (an earlier attempt or another run started it, ${job.status}); following it`,
    );
    return job;
}

/** The outputs an invocation reports for a job. */
function outputsOf(run: Run, job: BatchJobState): BatchInvocationOutputs {
    const location = batchOutputLocation(run.props, run.endpointName, job.name);
    return {
        jobName: job.name,
        status: job.status,
        outputUri: job.outputs[location.name] ?? location.uri,
        studioUrl: job.studioUrl,
    };
}

/** When waiting for a job ends: `timeoutSeconds` after its creation (a resumed wait does not start the clock again). */
function deadlineOf(run: Run, job: BatchJobState): number {
    const now = run.arm.target.clock.now();
    const start = job.createdAt !== undefined && job.createdAt <= now ? job.createdAt : now;
    return start + (run.props.timeoutSeconds ?? BATCH_JOB_TIMEOUT_SECONDS) * 1000;
}

/** Cancels a job that ran out of time and reads back where it stands. */
async function cancelTimedOut(run: Run, job: BatchJobState): Promise<{ job: BatchJobState; outcome: TimeoutOutcome }> {
    const { props, arm } = run;
    if (props.cancelOnTimeout === false) {
        return { job, outcome: { kind: "left running" } };
    }
    run.report(
        `${props.endpointId}: batch job ${job.name} is still ${job.status} after timeoutSeconds (${props.timeoutSeconds ?? BATCH_JOB_TIMEOUT_SECONDS} s); canceling it`,
    );
    let cancelError: unknown;
    try {
        await retryUntil(() => cancelBatchJob(arm, run.workspaceId, job.name), {
            timeoutMs: TRANSIENT_BUDGET_MS,
            clock: arm.target.clock,
            delayMs: retryDelay(run),
            retryable: transient,
            what: `cancel batch job ${job.name}`,
        });
    } catch (error) {
        // A job that ended meanwhile cannot be canceled; the read below says which way it went.
        cancelError = error;
    }
    const after = (await readJob(run, job.name, 0)) ?? job;
    if (after.status === "Canceled" || after.status === "CancelRequested") {
        return { job: after, outcome: { kind: "canceled", status: after.status } };
    }
    return {
        job: after,
        outcome: {
            kind: "cancel failed",
            error: cancelError instanceof Error ? cancelError.message : `the job is still ${after.status}`,
        },
    };
}

/** Follows a job to its end (unless `wait` is false) and returns the outputs, or throws saying how it ended. */
async function settle(
    run: Run,
    started: BatchJobState,
    attempt: number,
    base: string,
): Promise<BatchInvocationOutputs> {
    const { props, arm } = run;
    if (props.wait === false) {
        return outputsOf(run, started);
    }
    const context: FailureContext = {
        endpointId: props.endpointId,
        deployment: props.deployment,
        nextJobName: batchJobAttemptName(base, attempt + 1),
    };
    let job = await followBatchJob(started, {
        client: arm,
        workspaceId: run.workspaceId,
        label: props.endpointId,
        deadline: deadlineOf(run, started),
        pollMs: 3 * arm.target.pollIntervalMs,
        notFoundUntil: arm.target.clock.now() + NOT_FOUND_GRACE_MS,
        report: run.report,
    });
    if (!isTerminalJobStatus(job.status)) {
        const cut = await cancelTimedOut(run, job);
        // A job that completed or failed on its own meanwhile is told as it ended, not as timed out.
        if (cut.job.status !== "Completed" && cut.job.status !== "Failed") {
            throw new Error(
                timedOutJobMessage(job, props.timeoutSeconds ?? BATCH_JOB_TIMEOUT_SECONDS, cut.outcome, context),
            );
        }
        job = cut.job;
    }
    switch (job.status) {
        case "Completed":
            run.report(
                `${props.endpointId}: batch job ${job.name} completed; its output is in ${outputsOf(run, job).outputUri}`,
            );
            return outputsOf(run, job);
        case "Failed":
            throw new Error(failedJobMessage(job, context));
        default:
            throw new Error(canceledJobMessage(job, context));
    }
}

/**
 * Create and update: the invocation's job, started once. Walks the chain of its job names: a name with no job is
 * started; a job that exists and has not ended (a killed run started it, or a retried request) is followed; one
 * that completed is taken as it is; one that ended Failed or Canceled in an earlier run moves on to the next name.
 */
export async function runBatchInvocation(
    props: BatchInvocationProps,
    report: (line: string) => void = print,
): Promise<BatchInvocationOutputs> {
    const arm = new ArmClient(armTarget());
    const run: Run = { arm, props, ...batchEndpointParts(props.endpointId), report };
    const base = batchJobBaseName(props);
    for (let attempt = 1; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
        const name = batchJobAttemptName(base, attempt);
        const found = await readJob(run, name, 0);
        if (found === undefined) {
            return settle(run, await startJob(run, name), attempt, base);
        }
        checkOwner(run, found);
        if (found.status === "Failed" || found.status === "Canceled") {
            report(
                `${props.endpointId}: batch job ${name} ended ${found.status} in an earlier run (${found.studioUrl}); starting the job again as ${batchJobAttemptName(base, attempt + 1)}`,
            );
            continue;
        }
        report(
            `${props.endpointId}: batch job ${name} exists already (${found.status}): following it instead of starting another`,
        );
        return settle(run, found, attempt, base);
    }
    throw new Error(
        `${MAX_JOB_ATTEMPTS} jobs of this invocation ended Failed or Canceled (${base} to ${batchJobAttemptName(base, MAX_JOB_ATTEMPTS)}); ` +
            "fix the cause (see the last job's logs in the studio), then change trigger to start over",
    );
}

/** Refresh: the job's status now. A job that cannot be found any more leaves the state as it was: its results stay. */
export async function readBatchInvocation(props: BatchInvocationProps): Promise<BatchInvocationProps> {
    if (props.jobName === undefined) {
        return props;
    }
    const arm = new ArmClient(armTarget());
    const run: Run = { arm, props, ...batchEndpointParts(props.endpointId), report: print };
    const job = await readJob(run, props.jobName, 0);
    if (job === undefined) {
        print(
            `${props.endpointId}: batch job ${props.jobName} is not found any more; keeping what the state says of it`,
        );
        return props;
    }
    return { ...props, ...outputsOf(run, job) };
}
