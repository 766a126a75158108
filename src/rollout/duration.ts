import { scaleDownSettings } from "../model/capacityOwnership";
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

/**
 * Time one instance-count write may take: Azure ML scales a deployment in minutes (a field report measures 12–18 for
 * a scale-out), and the write retries a busy endpoint meanwhile, as a traffic write does for 20 minutes.
 */
export const CAPACITY_WRITE_SECONDS = 20 * 60;

/**
 * Seconds an update's instance-count work may take on top of the rollout, when the policy hands the counts to the
 * traffic owner: the termination wait, and one write per owned deployment (each is written at most once, before or
 * after the shift). 0 when azure-native keeps them.
 */
export function capacityTimeLimitSeconds(policy: RolloutPolicySpec, ownedDeployments: number): number {
    const settings = scaleDownSettings(policy);
    return settings === undefined ? 0 : settings.terminationWaitSeconds + ownedDeployments * CAPACITY_WRITE_SECONDS;
}
