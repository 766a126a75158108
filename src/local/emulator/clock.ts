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
}

/**
 * The emulator's one clock: operations, request samples, metrics, job progress and Retry-After all read it. It runs
 * at real time, faster than real time, or only when a test advances it.
 */
export class EmulatorClock {
    readonly timeScale: number;
    readonly manual: boolean;
    /** Real time at which the emulator's time equals real time (scaled mode), or its frozen start (manual mode). */
    readonly origin: number;
    private offset = 0;

    constructor(options: ClockOptions = {}, realNow: () => number = Date.now) {
        const scale = options.timeScale ?? 1;
        if (!(scale > 0) || !Number.isFinite(scale)) {
            throw new Error(`timeScale must be a positive number, got ${String(options.timeScale)}`);
        }
        this.timeScale = scale;
        this.manual = options.manual ?? false;
        this.realNow = realNow;
        this.origin = realNow();
    }

    private readonly realNow: () => number;

    now(): number {
        return this.manual ? this.origin + this.offset : this.origin + (this.realNow() - this.origin) * this.timeScale;
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

    /** The clock a client process should live by, as EMULATOR_CLOCK; undefined at real time or on a manual clock. */
    clientEnv(): Record<string, string> {
        return this.manual || this.timeScale === 1 ? {} : { [EMULATOR_CLOCK]: `${this.timeScale}@${this.origin}` };
    }
}
