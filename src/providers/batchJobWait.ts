import { ArmClient } from "../azure/armClient";
import { ArmError } from "../azure/armError";
import { BatchJobState, batchJobPath, isTerminalJobStatus, readBatchJob } from "../azure/batchJob";
import { formatSeconds } from "../rollout/duration";

/** How a job is followed. */
export interface FollowOptions {
    readonly client: ArmClient;
    readonly workspaceId: string;
    /** What progress lines start with (the endpoint id). */
    readonly label: string;
    /** When to stop waiting, in the client clock's milliseconds. */
    readonly deadline: number;
    /** Time between reads. */
    readonly pollMs: number;
    /** Until when a 404 is ARM catching up with a job just created, rather than a job that is gone. */
    readonly notFoundUntil: number;
    readonly report: (line: string) => void;
}

/** Seconds since a job was created, for progress lines. */
function age(job: BatchJobState, now: number): string {
    return job.createdAt === undefined
        ? ""
        : ` (${formatSeconds(Math.max(0, Math.round((now - job.createdAt) / 1000)))} since it was created)`;
}

/**
 * Reads a job every `pollMs` until it ends or `deadline` passes, on the client's clock (the emulator's runs faster),
 * printing a line at each change of status. Transient answers (429, 5xx, no response) are ridden out until the
 * deadline and reported once per run of them. Returns the last state read: a terminal one, or the job still running
 * at the deadline.
 */
export async function followBatchJob(job: BatchJobState, options: FollowOptions): Promise<BatchJobState> {
    const { client, report, label } = options;
    const clock = client.target.clock;
    let current = job;
    let troubled = false;
    while (!isTerminalJobStatus(current.status) && clock.now() < options.deadline) {
        await clock.sleep(Math.min(options.pollMs, Math.max(0, options.deadline - clock.now())));
        let next: BatchJobState | undefined;
        try {
            next = await readBatchJob(client, options.workspaceId, current.name);
        } catch (error) {
            if (error instanceof ArmError && error.transient) {
                if (!troubled) {
                    report(
                        `${label}: batch job ${current.name}: could not read its status (${error.message}); trying again`,
                    );
                }
                troubled = true;
                continue;
            }
            throw error;
        }
        troubled = false;
        if (next === undefined) {
            if (clock.now() < options.notFoundUntil) {
                continue;
            }
            throw new Error(
                `batch job ${current.name} is gone: ${client.url(batchJobPath(options.workspaceId, current.name))} answers 404 ` +
                    `after it was ${current.status}; look for it in the studio (${current.studioUrl})`,
            );
        }
        if (next.status !== current.status) {
            report(`${label}: batch job ${next.name}: ${current.status} → ${next.status}${age(next, clock.now())}`);
        }
        current = next;
    }
    return current;
}
