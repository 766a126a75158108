import type { MetricGateSpec, RolloutAnalysisSpec, SyntheticProbeSpec } from "../model/rolloutPolicy";

/**
 * `mirror`: the deployment gaining traffic receives a copy of live traffic and serves none; `shift`: it takes a
 * larger live share; `direct`: the target written at once (no policy, or nothing to protect), with no bake.
 */
export type StepKind = "mirror" | "shift" | "direct";

/** A gate as a step judges it, with its index in the policy's `gates` or `probes` (for messages and key paths). */
export type PlannedGate =
    | { readonly kind: "metric"; readonly index: number; readonly spec: MetricGateSpec }
    | { readonly kind: "probe"; readonly index: number; readonly name: string; readonly spec: SyntheticProbeSpec };

/** One write of a rollout: the full maps to PUT, then the bake and gate window that must pass before the next. */
export interface RolloutStep {
    /** Position in the plan's steps, from 0. */
    readonly index: number;
    readonly kind: StepKind;
    /** Live traffic after the write, normalised; deployments left out get 0 (see fullTrafficMap). */
    readonly traffic: Readonly<Record<string, number>>;
    /** Mirrored traffic after the write, normalised. */
    readonly mirror: Readonly<Record<string, number>>;
    /** The deployment whose share rises in this step (lower-case), which the gates watch; none for `direct`. */
    readonly gaining?: string;
    /** Its live share after the step (`shift`), or the percent mirrored to it (`mirror`). */
    readonly share: number;
    /** Seconds the step bakes before it may go on; the mirror stage's duration for `mirror`. */
    readonly bakeSeconds: number;
    /** The gates judged during the bake. The mirror stage keeps only those that do not read request metrics. */
    readonly gates: readonly PlannedGate[];
    readonly analysis: RolloutAnalysisSpec;
}
