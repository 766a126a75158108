import { formatSeconds } from "./duration";
import { GateVerdict } from "./gates";
import { RolloutPlan } from "./plan";
import { StepAnalysis, StepDecision } from "./stepAnalysis";
import { TrafficMap } from "../rules";

const fraction = (value: number) => `${Number((value * 100).toFixed(2))}%`;

/** A verdict with its numbers: `errors<1% failed: observed 40% (12 of 30 requests answered non-2xx), threshold 1%`. */
export function describeVerdict(v: GateVerdict): string {
    if (v.observed === undefined || v.threshold === undefined) {
        return `${v.label} ${v.verdict}: ${v.detail}`;
    }
    const asFraction = v.gate.kind === "metric" && v.gate.spec.metric === "errorRate";
    const show = (n: number) => (asFraction ? fraction(n) : String(Number(n.toFixed(2))));
    return `${v.label} ${v.verdict}: observed ${show(v.observed)} (${v.detail}), threshold ${show(v.threshold)}`;
}

const describeMap = (map: TrafficMap) =>
    Object.keys(map).length === 0
        ? "no traffic"
        : Object.entries(map)
              .map(([name, share]) => `${name} ${share}%`)
              .join(", ");

/**
 * One message for a failed step: the step, the gates that failed (or gave no verdict) with observed values and
 * thresholds, and the counts against the limits. The provider adds what it did about it.
 */
export function stepFailureMessage(
    plan: RolloutPlan,
    index: number,
    verdicts: readonly GateVerdict[],
    state: StepAnalysis,
    decision: StepDecision & { kind: "fail" },
): string {
    const step = plan.steps[index];
    const where =
        step.kind === "mirror"
            ? `mirror stage (${step.share}% mirrored to ${step.gaining})`
            : `step ${plan.steps.filter((s) => s.kind === "shift" && s.index <= index).length} of ${
                  plan.steps.filter((s) => s.kind === "shift").length
              } (${describeMap(step.traffic)})`;
    const wanted = decision.cause === "gates" ? "fail" : "inconclusive";
    const named = verdicts.filter((v) => v.verdict === wanted).map(describeVerdict);
    const why =
        decision.cause === "gates"
            ? `gates failed in ${state.failures} of ${state.intervals} intervals, more than failureLimit ${step.analysis.failureLimit}`
            : `no verdict in ${state.inconclusiveInARow} intervals of ${formatSeconds(step.analysis.intervalSeconds)} in a row, more than inconclusiveLimit ${step.analysis.inconclusiveLimit}`;
    return `rollout ${where} of ${step.gaining ?? "the target"} failed: ${why}; ${named.join("; ")}`;
}
