import { RolloutPlan } from "./plan";
import { TrafficState } from "./trafficState";

/**
 * The state to put back when step `failed` fails: the live traffic that held before the rollout began, with no
 * mirror — as Argo Rollouts' abort and Flagger's rollback give the stable deployment all traffic again. An earlier
 * step that passed is not kept: a deployment that fails under more traffic has shown it is not good, and leaving
 * it a share would keep serving its failures. The mirror goes because its copy may feed the failing deployment,
 * and a mirror never carries what clients see.
 */
export function rollbackState(plan: RolloutPlan, failed: number): TrafficState {
    if (!Number.isInteger(failed) || failed < 0 || failed >= plan.steps.length) {
        throw new RangeError(`the plan has steps 0 to ${plan.steps.length - 1}; got ${failed}`);
    }
    return { traffic: { ...plan.start.traffic }, mirror: {} };
}
