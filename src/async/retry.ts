import { Clock, systemClock } from "./clock";

/** How `retryUntil` waits and what it retries. */
export interface RetryOptions {
    /** What to give up after, in the clock's milliseconds. */
    readonly timeoutMs: number;
    /** Wait before attempt `attempt` (1 for the first retry), given the error that ended the one before. @default 5 s doubling up to 60 s */
    readonly delayMs?: (attempt: number, error: unknown) => number;
    /** Whether an error is worth another attempt; others end the loop at once. @default every error */
    readonly retryable?: (error: unknown) => boolean;
    /** The clock deadlines and waits run on (the emulator's can run faster). @default the system clock */
    readonly clock?: Clock;
    /** What is being attempted, for the error at the deadline, e.g. "set traffic on <endpoint>". */
    readonly what: string;
}

/** Exponential backoff: `first` ms, doubling, at most `max` ms. */
export function backoff(first: number, max = 60_000): (attempt: number) => number {
    return (attempt) => Math.min(first * 2 ** Math.min(attempt - 1, 16), max);
}

/** Thrown when the deadline passes; `lastError` is what the final attempt failed with. */
export class RetryTimeout extends Error {
    constructor(
        readonly what: string,
        readonly timeoutMs: number,
        readonly lastError: unknown,
    ) {
        super(
            `could not ${what} within ${Math.round(timeoutMs / 1000)} s; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
        );
    }
}

/**
 * The one retry loop: runs `attempt` until it returns, retrying the errors `retryable` accepts with `delayMs`
 * between attempts, until `timeoutMs` of the clock have passed. Waits and the deadline live on the injected clock,
 * so the same loop waits minutes against Azure and milliseconds against a fast emulator or in a test.
 */
export async function retryUntil<T>(attempt: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
    const clock = options.clock ?? systemClock;
    const delay = options.delayMs ?? backoff(5_000);
    const retryable = options.retryable ?? (() => true);
    const deadline = clock.now() + options.timeoutMs;
    let lastError: unknown;
    for (let n = 0; ; n++) {
        if (n > 0) {
            const wait = Math.min(delay(n, lastError), Math.max(0, deadline - clock.now()));
            await clock.sleep(wait);
        }
        try {
            return await attempt(n);
        } catch (error) {
            if (!retryable(error)) {
                throw error;
            }
            lastError = error;
        }
        if (clock.now() >= deadline) {
            throw new RetryTimeout(options.what, options.timeoutMs, lastError);
        }
    }
}
