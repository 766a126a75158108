import { RolloutPlan } from "./plan";
import { RolloutStep } from "./rolloutStep";
import { TrafficState, sameState, trafficState } from "./trafficState";

/**
 * Where a rollout stands, judged from Azure's live maps alone (a killed process leaves nothing else behind).
 * `notStarted`: live equals the plan's start. `applied`: live equals step `index`'s maps, so that step was written;
 * its bake and gates run again from the start (how long it had baked is unknown) and the next write is the step after.
 * `offPlan`: live matches no map of the plan (someone else wrote traffic, or the plan was made from another start):
 * plan again from the live maps.
 */
export type ResumePosition =
    | { readonly kind: "notStarted"; readonly remaining: readonly RolloutStep[] }
    | {
          readonly kind: "applied";
          readonly index: number;
          readonly rebake: RolloutStep;
          readonly remaining: readonly RolloutStep[];
      }
    | { readonly kind: "offPlan"; readonly live: TrafficState };

export function resumePosition(plan: RolloutPlan, live: TrafficState): ResumePosition {
    const normalised = trafficState(live.traffic, live.mirror);
    // Latest first: the plan's maps are pairwise distinct, but searching backwards keeps a resumed rollout from
    // ever stepping back should two ever coincide.
    for (let index = plan.steps.length - 1; index >= 0; index--) {
        if (sameState(plan.steps[index], normalised)) {
            return { kind: "applied", index, rebake: plan.steps[index], remaining: plan.steps.slice(index + 1) };
        }
    }
    if (sameState(plan.start, normalised)) {
        return { kind: "notStarted", remaining: plan.steps };
    }
    return { kind: "offPlan", live: normalised };
}
