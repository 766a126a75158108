import { setTimeout as sleepReal } from "timers/promises";

/**
 * The time a client lives by: when it reads "now" and how it waits. Against Azure it is the system clock. Against
 * the local emulator it can run faster than real time, so minutes of polling, Retry-After and bake time pass in
 * seconds; that clock is only ever built from the emulator's loopback override (see armTarget).
 */
export interface Clock {
    /** Milliseconds since the epoch, in the clock's time. */
    now(): number;
    /** Waits `ms` of the clock's time. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
    /** How many of the clock's milliseconds pass in one real millisecond (1 for the system clock). */
    readonly timeScale: number;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: (ms, signal) => sleepReal(Math.max(0, ms), undefined, { signal }),
    timeScale: 1,
};

/**
 * A clock that runs `timeScale` times faster than real time and agrees with real time at `origin` (ms since the
 * epoch): now = origin + (real now - origin) × timeScale. Two processes given the same origin and scale agree.
 */
export function scaledClock(timeScale: number, origin: number): Clock {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
        throw new Error(`a clock's time scale must be a positive number, got ${timeScale}`);
    }
    return {
        now: () => origin + (Date.now() - origin) * timeScale,
        sleep: (ms, signal) => sleepReal(Math.max(0, ms) / timeScale, undefined, { signal }),
        timeScale,
    };
}
