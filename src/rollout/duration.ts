import { RolloutPolicySpec, plannedPolicySeconds } from "../model/rolloutPolicy";
import { RolloutPlan } from "./plan";

/** Room for Azure Monitor's ingestion delay, ARM writes and retries on top of the bakes. */
const TIME_LIMIT_SLACK_SECONDS = 30 * 60;

/** The least time a plan takes: every bake, the mirror stage's included. */
export function plannedSeconds(plan: RolloutPlan): number {
    return plan.steps.reduce((sum, step) => sum + step.bakeSeconds, 0);
}

/**
 * Seconds a rollout under `policy` may take in all: its timeLimit, or twice the longest plan it can make (a shift
 * from nothing to everything) plus 30 minutes. It depends on the policy alone, so the owner's custom timeouts can
 * follow from it before the live traffic is known.
 */
export function rolloutTimeLimitSeconds(policy: RolloutPolicySpec): number {
    return (
        policy.timeLimit?.seconds ?? 2 * plannedPolicySeconds(policy, policy.steps.length) + TIME_LIMIT_SLACK_SECONDS
    );
}

/** `5m`, `1h30m`, `45s`, `0s`: short enough for a preview line. */
export function formatSeconds(total: number): string {
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const text = `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
    return text === "" ? "0s" : text;
}
