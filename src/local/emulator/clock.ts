import { EMULATOR_CLOCK } from "../../azure/target";

/** How the emulator's time runs. */
export interface ClockOptions {
    /**
     * Emulator milliseconds per real millisecond: 600 makes ten minutes pass in one second. Clients reached through
     * `env()` run their waits on the same clock. @default 1
     */
    readonly timeScale?: number;
    /** Time stands still until `advance()` moves it (in-process tests only). @default false */
    readonly manual?: boolean;
    /**
     * The emulator's time at start, ms since the epoch (a restored snapshot's time, so time goes on from there).
     * @default the real time at start
     */
    readonly startAt?: number;
}

/**
 * The emulator's one clock: operations, request samples, metrics, job progress and Retry-After all read it. It runs
 * at real time, faster than real time, or only when a test advances it, from the real time at start or from
 * `startAt`: now = startTime + (real now − origin) × timeScale.
 */
export class EmulatorClock {
    readonly timeScale: number;
    readonly manual: boolean;
    /** Real time at start. */
    readonly origin: number;
    /** The emulator's time at start (equal to `origin` unless started at another time). */
    readonly startTime: number;
    private offset = 0;

    constructor(options: ClockOptions = {}, realNow: () => number = Date.now) {
        const scale = options.timeScale ?? 1;
        if (!(scale > 0) || !Number.isFinite(scale)) {
            throw new Error(`timeScale must be a positive number, got ${String(options.timeScale)}`);
        }
        if (options.startAt !== undefined && !(Number.isFinite(options.startAt) && options.startAt >= 0)) {
            throw new Error(`startAt must be ms since the epoch, got ${String(options.startAt)}`);
        }
        this.timeScale = scale;
        this.manual = options.manual ?? false;
        this.realNow = realNow;
        this.origin = realNow();
        this.startTime = options.startAt ?? this.origin;
    }

    private readonly realNow: () => number;

    now(): number {
        return this.manual
            ? this.startTime + this.offset
            : this.startTime + (this.realNow() - this.origin) * this.timeScale;
    }

    /** Moves a manual clock forward by `ms`. A running clock cannot jump: client processes keep their own copy of it. */
    advance(ms: number): void {
        if (!this.manual) {
            throw new Error("advance() needs a manual clock (start the emulator with clock: { manual: true })");
        }
        if (!(ms >= 0)) {
            throw new Error(`the clock only moves forward; advance(${ms}) is not allowed`);
        }
        this.offset += ms;
    }

    /** Real milliseconds that `ms` of emulator time take (0 on a manual clock, which never waits). */
    realMs(ms: number): number {
        return this.manual ? 0 : ms / this.timeScale;
    }

    /**
     * The clock a client process should live by, as EMULATOR_CLOCK: `<scale>@<origin>` when the clock started at
     * real time, `<scale>@<origin>:<start time>` when it started elsewhere; nothing at plain real time or on a
     * manual clock.
     */
    clientEnv(): Record<string, string> {
        if (this.manual) {
            return {};
        }
        if (this.startTime !== this.origin) {
            return { [EMULATOR_CLOCK]: `${this.timeScale}@${this.origin}:${this.startTime}` };
        }
        return this.timeScale === 1 ? {} : { [EMULATOR_CLOCK]: `${this.timeScale}@${this.origin}` };
    }
}
