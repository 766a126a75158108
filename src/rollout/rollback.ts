import { RolloutPlan } from "./plan";
import { TrafficState } from "./trafficState";

/**
 * The last known-good state to put back when step `failed` fails: the live traffic that held before it (the
 * previous step's, or the start's for the first), with no mirror. The mirror goes because its copy may feed the
 * failing deployment, and a mirror never carries what clients see.
 */
export function rollbackState(plan: RolloutPlan, failed: number): TrafficState {
    if (!Number.isInteger(failed) || failed < 0 || failed >= plan.steps.length) {
        throw new RangeError(`the plan has steps 0 to ${plan.steps.length - 1}; got ${failed}`);
    }
    const before = failed === 0 ? plan.start : plan.steps[failed - 1];
    return { traffic: { ...before.traffic }, mirror: {} };
}
