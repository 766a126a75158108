/** ISO-8601 durations, the way ARM carries timeouts, probe periods and retry waits. */

/** Seconds as an ISO-8601 duration (120 → PT120S). */
export function isoDuration(seconds: number): string {
    return `PT${seconds}S`;
}

/** An ISO-8601 duration (PT1M30S, PT5S, PT0.5S, P1DT2H) in seconds; undefined when it is not one. */
export function durationSeconds(value: string): number | undefined {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
    if (match === null || value === "P" || value.endsWith("T")) {
        return undefined;
    }
    const [, d, h, m, s] = match;
    return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}
