import type { Clock } from "../async";

/** How long after a resource's creation a 404 from it may still be ARM catching up (eventual consistency). */
export const CREATION_GRACE_MS = 10 * 60_000;

/**
 * How much longer a 404 from a resource created at `createdAt` (ARM `systemData.createdAt`) is retried: what is left
 * of CREATION_GRACE_MS, or 0 when the time is unknown or long past (then a 404 fails at once, naming the id).
 */
export function notFoundGraceMs(clock: Clock, createdAt: string | undefined): number {
    const created = createdAt !== undefined ? Date.parse(createdAt) : NaN;
    const sinceCreation = clock.now() - created;
    return Number.isFinite(sinceCreation) && sinceCreation < CREATION_GRACE_MS ? CREATION_GRACE_MS - sinceCreation : 0;
}
