import { backoff, retryUntil } from "../async";
import type { ArmClient } from "./armClient";
import { ML_API_VERSION } from "./apiVersion";
import { ArmError } from "./armError";

/** How a confirmed write by one of the library's owners is retried. */
export interface WriteOptions {
    /** How long to keep trying, in the client clock's milliseconds. */
    readonly timeoutMs: number;
    /**
     * How long a 404 (endpoint or deployment not visible) is taken for ARM's eventual consistency right after a
     * create and retried; after that, a 404 fails at once naming the id. @default 0
     */
    readonly notFoundGraceMs?: number;
    /** Where a concurrent writer is reported. @default console.warn */
    readonly report?: (message: string) => void;
}

/** How many times a write is re-applied after another writer changed what it wrote, before giving up. */
export const MAX_CONCURRENT_CHANGES = 2;

/** A read-back that differs from what was just written: another writer got in between. */
export class ConcurrentChange extends Error {}

/** A busy resource (409) or what Azure documents as transient (408, 429, 5xx, no response). */
export function busyOrTransient(error: unknown): boolean {
    return error instanceof ArmError && (error.status === 409 || error.transient);
}

/** The wait before retry `attempt` on the client's clock: growing from two poll intervals, at least the Retry-After. */
export function armRetryDelay(client: ArmClient, capMs = 60_000): (attempt: number, error: unknown) => number {
    const grow = backoff(2 * client.target.pollIntervalMs, Math.min(capMs, 60_000));
    return (attempt, error) => Math.max(grow(attempt), error instanceof ArmError ? (error.retryAfterMs ?? 0) : 0);
}

/** Reads through busy and transient answers, on the client's clock. */
export function retryRead<T>(client: ArmClient, read: () => Promise<T>, what: string, timeoutMs: number): Promise<T> {
    return retryUntil(read, {
        timeoutMs,
        clock: client.target.clock,
        delayMs: armRetryDelay(client),
        retryable: busyOrTransient,
        what,
    });
}

/** One owner's write: what one attempt does and how its failures are told. */
export interface OwnedWrite<T> {
    /** One read-modify-write round, confirmed by reading back; throws a ConcurrentChange when the read-back differs. */
    readonly attempt: () => Promise<T>;
    /** For the timeout message: "set traffic on <id>". */
    readonly what: string;
    /** What the owner owns, for the message that stops a fight: "the endpoint's traffic". */
    readonly owns: string;
    /** What the next round does, reported after a concurrent change: "writing the declared traffic again". */
    readonly again: string;
    /** Appended to a 404 after the grace: which id to check and what it should name. */
    readonly notFound: string;
    /** Other failures that waiting cures (a deployment with an operation running). @default none */
    readonly alsoRetryable?: (error: unknown) => boolean;
}

/**
 * Runs an owner's write until `timeoutMs` of the client's clock: a busy resource (409), a stale ETag (412) and what
 * Azure documents as transient are retried, waiting at least the Retry-After asked for; a 404 only within
 * `notFoundGraceMs`, then it fails naming what to check. A concurrent writer seen on read-back is reported and the
 * write re-applied, up to MAX_CONCURRENT_CHANGES times in a row, then it stops rather than fight.
 */
export function retryOwnedWrite<T>(client: ArmClient, write: OwnedWrite<T>, options: WriteOptions): Promise<T> {
    const clock = client.target.clock;
    const graceEnds = clock.now() + (options.notFoundGraceMs ?? 0);
    const report = options.report ?? ((message: string) => console.warn(message));
    let concurrentChanges = 0;
    const retryable = (error: unknown) =>
        error instanceof ConcurrentChange ||
        busyOrTransient(error) ||
        (write.alsoRetryable?.(error) ?? false) ||
        (error instanceof ArmError && (error.status === 412 || (error.status === 404 && clock.now() < graceEnds)));
    return retryUntil(
        async () => {
            try {
                return await write.attempt();
            } catch (error) {
                if (error instanceof ConcurrentChange) {
                    concurrentChanges++;
                    if (concurrentChanges > MAX_CONCURRENT_CHANGES) {
                        throw new Error(
                            `${error.message}; it happened ${concurrentChanges} times in a row, so this update stops rather than fight it. ` +
                                `This resource owns ${write.owns}: stop the other writer (az ml, the studio, another stack or pipeline) and run the update again`,
                        );
                    }
                    report(`${error.message}; ${write.again}`);
                }
                if (error instanceof ArmError && error.status === 404 && !retryable(error)) {
                    throw new Error(`${error.message}. ${write.notFound}`);
                }
                throw error;
            }
        },
        {
            timeoutMs: options.timeoutMs,
            clock,
            delayMs: armRetryDelay(client, 16 * client.target.pollIntervalMs),
            retryable,
            what: write.what,
        },
    );
}

/**
 * PUTs a whole resource body read a moment ago (with If-Match when the read carried an ETag) and follows the
 * operation. When the operation cannot be followed to the end (a poll that kept failing), the write may still have
 * been applied: what the resource holds now decides, through `applied`, and only a resource without the write
 * fails with the original error.
 */
export async function putFollowed(
    client: ArmClient,
    id: string,
    body: unknown,
    etag: string | undefined,
    applied: () => Promise<boolean>,
): Promise<void> {
    try {
        await client.runLongOperation("PUT", id, {
            apiVersion: ML_API_VERSION,
            body,
            headers: etag !== undefined ? { "if-match": etag } : undefined,
        });
    } catch (error) {
        if (!(await applied().catch(() => false))) {
            throw error;
        }
    }
}
