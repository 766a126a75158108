import type { MetricGateSpec } from "../model/rolloutPolicy";
import { CapacityChange, CapacityPlan, capacityPlanEmpty } from "./capacityPlan";
import { RolloutPlan } from "./plan";
import { formatSeconds } from "./duration";
import { PlannedGate } from "./rolloutStep";
import { TrafficMap } from "../rules";
import { shareOf } from "./trafficState";

const OPERATORS: Record<MetricGateSpec["comparison"], string> = {
    lessThan: "<",
    atMost: "<=",
    greaterThan: ">",
    atLeast: ">=",
};

/** Up to four decimals, without trailing zeros: 0.5 % stays 0.5, not 0.5000000001. */
const number = (value: number) => String(Number(value.toFixed(4)));

/** A metric gate as a reviewer reads it: `errors<1%`, `p99<300ms`, `rpm>=10`. */
export function describeMetricGate(gate: MetricGateSpec): string {
    const op = OPERATORS[gate.comparison];
    switch (gate.metric) {
        case "errorRate":
            return `errors${op}${number(gate.threshold * 100)}%`;
        case "latencyP99Ms":
            return `p99${op}${number(gate.threshold)}ms`;
        case "requestsPerMinute":
            return `rpm${op}${number(gate.threshold)}`;
        case "http5xxCount":
            return `5xx${op}${number(gate.threshold)}`;
        case "cpuPercent":
            return `cpu${op}${number(gate.threshold)}%`;
        case "memoryPercent":
            return `memory${op}${number(gate.threshold)}%`;
    }
}

/** A probe as a reviewer reads it: `probe smoke (200, <500ms, body "ok")`. */
export function describeGate(gate: PlannedGate): string {
    if (gate.kind === "metric") {
        return describeMetricGate(gate.spec);
    }
    const checks = [
        String(gate.spec.expectedStatus),
        ...(gate.spec.maxLatencyMs !== undefined ? [`<=${gate.spec.maxLatencyMs}ms`] : []),
        ...(gate.spec.bodyContains !== undefined ? [`body ${JSON.stringify(gate.spec.bodyContains)}`] : []),
    ];
    return `probe ${gate.name} (${checks.join(", ")})`;
}

/** `blue 100→0, green 0→100` over every deployment whose share changes, by name. */
function changes(from: TrafficMap, to: TrafficMap, unit = ""): string {
    const names = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return names
        .filter((name) => shareOf(from, name) !== shareOf(to, name))
        .map((name) => `${name} ${shareOf(from, name)}→${shareOf(to, name)}${unit}`)
        .join(", ");
}

/** `scale green to 3`, `scale blue, red to 1` (scale-downs all go to the same count). */
function scaling(changes: readonly CapacityChange[]): string {
    const byCount = new Map<number, string[]>();
    for (const change of changes) {
        byCount.set(change.to, [...(byCount.get(change.to) ?? []), change.deployment]);
    }
    return `scale ${[...byCount].map(([to, names]) => `${names.join(", ")} to ${to}`).join(", ")}`;
}

/**
 * The plan in one line for previews, e.g.
 * `blue 100→0, green 0→100 in 4 steps, 5m bake, mirror 20% for 10m, gates: errors<1%, p99<300ms, rpm>=10`. With
 * the instance counts the owner writes around it: `scale green to 3, then blue 100→0, green 0→100 in 2 steps, …,
 * then scale blue to 1 after 5m`.
 */
export function summarizePlan(plan: RolloutPlan, capacity?: CapacityPlan): string {
    const traffic = summarizeTraffic(plan);
    if (capacity === undefined || capacityPlanEmpty(capacity)) {
        return traffic;
    }
    return summarizeCapacity(capacity, plan.mode === "unchanged" ? undefined : traffic);
}

/**
 * The instance-count writes of an update in words, around what happens to traffic in between (when anything
 * does): `scale green to 3, then <traffic>, then scale blue to 1 after 5m`.
 */
export function summarizeCapacity(capacity: CapacityPlan, traffic?: string): string {
    const parts = [
        ...(capacity.before.length > 0 ? [scaling(capacity.before)] : []),
        ...(traffic !== undefined ? [traffic] : []),
        ...(capacity.after.length > 0
            ? [
                  `${scaling(capacity.after)}${capacity.waitSeconds > 0 ? ` after ${formatSeconds(capacity.waitSeconds)}` : ""}`,
              ]
            : []),
    ];
    return parts.length > 0 ? parts.join(", then ") : "instance counts unchanged";
}

function summarizeTraffic(plan: RolloutPlan): string {
    if (plan.mode === "unchanged") {
        return "traffic unchanged";
    }
    const parts: string[] = [];
    const live = changes(plan.start.traffic, plan.target.traffic);
    const mirror = changes(plan.start.mirror, plan.target.mirror, "%");
    if (live !== "") {
        parts.push(live);
    }
    if (mirror !== "") {
        parts.push(`mirror ${mirror}`);
    }
    const head = parts.join(", ");
    if (plan.mode === "direct") {
        return `${head} at once (${plan.reason})`;
    }
    const shifts = plan.steps.filter((s) => s.kind === "shift");
    const policy = plan.policy!;
    const out = [
        `${head} in ${shifts.length} ${shifts.length === 1 ? "step" : "steps"}`,
        `${formatSeconds(policy.bakeSeconds)} bake`,
    ];
    const mirrors = plan.steps.filter((s) => s.kind === "mirror");
    if (mirrors.length > 0) {
        const each = mirrors.length > 1 ? ` to each of ${mirrors.map((s) => s.gaining).join(", ")}` : "";
        out.push(`mirror ${mirrors[0].share}% for ${formatSeconds(mirrors[0].bakeSeconds)}${each}`);
    } else if (plan.mirrorSkipped !== undefined) {
        out.push(`no mirror stage (${plan.mirrorSkipped})`);
    }
    const gates = shifts[0]?.gates ?? [];
    out.push(gates.length > 0 ? `gates: ${gates.map(describeGate).join(", ")}` : "no gates");
    if (policy.onFailure === "halt") {
        out.push("halts on failure");
    }
    return out.join(", ");
}
