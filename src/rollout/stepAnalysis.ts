import { GateVerdict, Verdict, intervalVerdict } from "./gates";
import { RolloutStep } from "./rolloutStep";

/** The counts a step's bake keeps between intervals; a new step starts from START_ANALYSIS. */
export interface StepAnalysis {
    readonly intervals: number;
    /** Failed intervals in this step, in total (Argo Rollouts' failureLimit counts the same way). */
    readonly failures: number;
    /** Intervals without a verdict since the last one with a verdict. */
    readonly inconclusiveInARow: number;
    readonly last?: Verdict;
}

export const START_ANALYSIS: StepAnalysis = { intervals: 0, failures: 0, inconclusiveInARow: 0 };

/**
 * `wait`: sample again after the interval. `promote`: write the next step. `fail`: the step failed, because the
 * gates failed more often than its failureLimit allows, or gave no verdict more often in a row than its
 * inconclusiveLimit allows; the policy's onFailure says what happens next.
 */
export type StepDecision =
    | { readonly kind: "wait" }
    | { readonly kind: "promote" }
    | { readonly kind: "fail"; readonly cause: "gates" | "inconclusive" };

/**
 * Records one interval's gate verdicts, `bakedSeconds` after the step was written, and decides. A step goes on only
 * when it has baked its time and its latest interval passed: bake time without data is no evidence, so a step whose
 * metrics have not arrived waits (within its inconclusive limit) rather than passing.
 */
export function recordInterval(
    step: RolloutStep,
    state: StepAnalysis,
    verdicts: readonly GateVerdict[],
    bakedSeconds: number,
): { state: StepAnalysis; decision: StepDecision } {
    const verdict = intervalVerdict(verdicts);
    const next: StepAnalysis = {
        intervals: state.intervals + 1,
        failures: state.failures + (verdict === "fail" ? 1 : 0),
        inconclusiveInARow: verdict === "inconclusive" ? state.inconclusiveInARow + 1 : 0,
        last: verdict,
    };
    if (next.failures > step.analysis.failureLimit) {
        return { state: next, decision: { kind: "fail", cause: "gates" } };
    }
    if (next.inconclusiveInARow > step.analysis.inconclusiveLimit) {
        return { state: next, decision: { kind: "fail", cause: "inconclusive" } };
    }
    if (verdict === "pass" && bakedSeconds >= step.bakeSeconds) {
        return { state: next, decision: { kind: "promote" } };
    }
    return { state: next, decision: { kind: "wait" } };
}
