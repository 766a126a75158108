import type { GateMetric, RolloutPolicySpec } from "../model/rolloutPolicy";
import type { PlannedGate, StepKind } from "./rolloutStep";

/** Metrics counted from served requests; the rest are the deployment's own CPU and memory. */
export const REQUEST_METRICS: readonly GateMetric[] = [
    "errorRate",
    "latencyP99Ms",
    "requestsPerMinute",
    "http5xxCount",
];

/** A probe's name in reports: its own, or its key path. */
export function probeName(index: number, name: string | undefined): string {
    return name ?? `probes[${index}]`;
}

/**
 * The gates a step of a kind judges. Mirrored requests show in no request metric (Azure does not document that they
 * do; the emulator shows them nowhere), so the mirror stage judges probes and CPU / memory only: a request gate there
 * would wait for data that never comes and fail on its inconclusive limit.
 */
export function gatesForStep(policy: RolloutPolicySpec, kind: StepKind): PlannedGate[] {
    if (kind === "direct") {
        return [];
    }
    const metrics: PlannedGate[] = policy.gates
        .map((spec, index) => ({ kind: "metric" as const, index, spec }))
        .filter((g) => kind === "shift" || !REQUEST_METRICS.includes(g.spec.metric));
    const probes: PlannedGate[] = (policy.probes ?? []).map((spec, index) => ({
        kind: "probe" as const,
        index,
        name: probeName(index, spec.name),
        spec,
    }));
    return [...metrics, ...probes];
}
