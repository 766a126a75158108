import { Clock, RetryTimeout, backoff, retryUntil } from "../../src/async";

/** A clock that only moves when the code under test sleeps on it, recording each wait. */
function fakeClock(): Clock & { waits: number[] } {
    let now = 0;
    const waits: number[] = [];
    return {
        waits,
        timeScale: 1,
        now: () => now,
        sleep: async (ms) => {
            waits.push(ms);
            now += ms;
        },
    };
}

describe("retryUntil", () => {
    it("retries what is retryable, waiting the backoff on the injected clock, and returns the first success", async () => {
        const clock = fakeClock();
        let calls = 0;
        const result = await retryUntil(
            async (attempt) => {
                calls++;
                if (attempt < 3) {
                    throw new Error(`busy ${attempt}`);
                }
                return "done";
            },
            { timeoutMs: 600_000, clock, delayMs: backoff(10_000, 30_000), what: "test" },
        );
        expect(result).toBe("done");
        expect(calls).toBe(4);
        expect(clock.waits).toEqual([10_000, 20_000, 30_000]);
    });

    it("ends at once on an error that is not retryable", async () => {
        const clock = fakeClock();
        const fatal = new Error("bad request");
        await expect(
            retryUntil(
                async () => {
                    throw fatal;
                },
                { timeoutMs: 60_000, clock, retryable: (e) => e !== fatal, what: "test" },
            ),
        ).rejects.toBe(fatal);
        expect(clock.waits).toEqual([]);
    });

    it("gives up at the deadline with the last error, never waiting past it", async () => {
        const clock = fakeClock();
        const error = await retryUntil(
            async (attempt) => {
                throw new Error(`still busy (${attempt})`);
            },
            { timeoutMs: 25_000, clock, delayMs: () => 10_000, what: "set traffic on e" },
        ).catch((e) => e);
        expect(error).toBeInstanceOf(RetryTimeout);
        expect(error.message).toBe("could not set traffic on e within 25 s; last error: still busy (3)");
        expect(clock.waits).toEqual([10_000, 10_000, 5_000]);
        expect(clock.now()).toBe(25_000);
    });
});
