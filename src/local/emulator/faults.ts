/**
 * Fault injection by rule and by count. A rule matches requests by method and path; each match uses up one of its
 * count. Kinds:
 * - throttle: 429 with Retry-After;      - unavailable: 503 with Retry-After;
 * - conflict: the 409 of a busy endpoint (EmulatorOptions.busyErrorCode);  - server-error: 500;
 * - reset: the connection is destroyed without a response;
 * - lro-failed: the next long-running operation started on a matching path ends Failed;
 * - lro-canceled: likewise, ends Canceled with OperationCanceled (the troubleshooting doc lists it);
 * - not-found-after-create: after a matching PUT creates a resource, that many GETs of it answer 404 (eventual
 *   consistency, as seen right after creates).
 */
export type FaultKind =
    | "throttle"
    | "unavailable"
    | "conflict"
    | "server-error"
    | "reset"
    | "lro-failed"
    | "lro-canceled"
    | "not-found-after-create";

export interface FaultRule {
    readonly kind: FaultKind;
    /** HTTP method to match; any when omitted. */
    readonly method?: string;
    /** A substring or regular expression the request path must match; any path when omitted. */
    readonly path?: string | RegExp;
    /** How many matching requests the fault applies to. @default 1 */
    readonly count?: number;
    /** Retry-After seconds for throttle and unavailable. @default 1 */
    readonly retryAfterSeconds?: number;
}

export interface ActiveFault extends FaultRule {
    readonly id: number;
    remaining: number;
}

export const IMMEDIATE_KINDS: readonly FaultKind[] = ["throttle", "unavailable", "conflict", "server-error", "reset"];

export class FaultTable {
    private readonly rules: ActiveFault[] = [];
    private nextId = 1;

    add(rule: FaultRule): ActiveFault {
        const count = rule.count ?? 1;
        if (!Number.isInteger(count) || count < 1) {
            throw new Error(`fault count must be a whole number of at least 1, got ${String(rule.count)}`);
        }
        const active: ActiveFault = { ...rule, id: this.nextId++, remaining: count };
        this.rules.push(active);
        return active;
    }

    clear(): void {
        this.rules.length = 0;
    }

    pending(): readonly ActiveFault[] {
        return this.rules.filter((r) => r.remaining > 0);
    }

    /** Takes one use of the first rule of the given kinds matching the request, if any. */
    take(kinds: readonly FaultKind[], method: string, path: string): ActiveFault | undefined {
        const rule = this.rules.find(
            (r) =>
                r.remaining > 0 &&
                kinds.includes(r.kind) &&
                (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
                (r.path === undefined || (typeof r.path === "string" ? path.includes(r.path) : r.path.test(path))),
        );
        if (rule !== undefined) {
            rule.remaining--;
        }
        return rule;
    }
}
