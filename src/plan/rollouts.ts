import { RolloutPolicySpec, rolloutPolicySpec } from "../model/rolloutPolicy";
import {
    PlanMode,
    RolloutPlanError,
    describeGate,
    formatSeconds,
    gatesForStep,
    liveTotal,
    planRollout,
    summarizePlan,
} from "../rollout";
import { normalizeTraffic } from "../rules";
import { DEPLOYMENT_TYPES, unversionedType } from "./assets";
import { compareText } from "./canonicalJson";
import { PlanResource, PlanRollout } from "./document";

export const TRAFFIC_OWNER_TYPE = "pulumi-nodejs:dynamic/azureml:EndpointTraffic";

/** The endpoint name at the end of an ARM id (`…/onlineEndpoints/<name>`), or the owner's name when it is not one. */
function endpointOf(owner: PlanResource): string {
    const id = owner.inputs.endpointId;
    return typeof id === "string" && id.includes("/") ? id.slice(id.lastIndexOf("/") + 1) : owner.name;
}

/** A policy as the traffic owner runs it: parsed again (defaults filled) when it parses, as recorded otherwise. */
export function policyOf(value: unknown): RolloutPolicySpec | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    const parsed = rolloutPolicySpec.safeParse(value);
    return parsed.success ? parsed.data : (value as RolloutPolicySpec);
}

const percentList = (map: Readonly<Record<string, number>>) =>
    Object.entries(map)
        .map(([name, share]) => `${name} ${share}%`)
        .join(", ");

/** A declared target in words: `serves blue 90%, green 10%`, `mirrors 20% to green`, or `no live traffic`. */
export function describeTarget(traffic: Readonly<Record<string, number>>, mirror: Readonly<Record<string, number>>) {
    const live = Object.keys(traffic).length > 0 ? `serves ${percentList(traffic)}` : "serves no live traffic";
    const mirrored = Object.entries(mirror).map(([name, share]) => `mirrors ${share}% to ${name}`);
    return [live, ...mirrored].join(", ");
}

/** A rollout policy in words: `in steps of 10, 25, 50, 100%, 10m bake, gates: errors<1%, p99<500ms`. */
export function describePolicy(policy: RolloutPolicySpec | undefined): string {
    if (policy === undefined) {
        return "no rollout policy: a change of traffic is written at once";
    }
    const gates = gatesForStep(policy, "shift");
    const parts = [
        `rollout in steps of ${policy.steps.join(", ")}%`,
        `${formatSeconds(policy.bakeSeconds)} bake`,
        ...(policy.mirror !== undefined
            ? [`mirror ${policy.mirror.percent}% for ${formatSeconds(policy.mirror.durationSeconds)} first`]
            : []),
        gates.length > 0 ? `gates: ${gates.map(describeGate).join(", ")}` : "no gates",
        policy.onFailure === "halt" ? "halts on failure" : "rolls back on failure",
        ...(policy.afterSuccess?.previous === "scaleDown"
            ? [`then scales idle deployments to ${policy.afterSuccess.scaledDownInstances}`]
            : []),
    ];
    return parts.join(", ");
}

/** The traffic owners of a plan, each with its endpoint's deployments, target and policy; sorted by endpoint. */
export function rolloutsOf(resources: readonly PlanResource[]): PlanRollout[] {
    return resources
        .filter((r) => r.type === TRAFFIC_OWNER_TYPE)
        .map((owner) => {
            const endpoint = endpointOf(owner);
            const deployments = resources
                .filter((r) => unversionedType(r.type) === DEPLOYMENT_TYPES.online)
                .filter((r) => String(r.inputs.endpointName ?? "").toLowerCase() === endpoint.toLowerCase())
                .map((r) => String(r.inputs.deploymentName))
                .sort(compareText);
            const traffic = normalizeTraffic(owner.inputs.traffic as Record<string, number> | undefined);
            const mirrorTraffic = normalizeTraffic(owner.inputs.mirrorTraffic as Record<string, number> | undefined);
            const policy = policyOf(owner.inputs.rollout);
            return {
                owner: owner.urn,
                endpoint,
                deployments,
                traffic,
                mirrorTraffic,
                ...(policy !== undefined ? { policy } : {}),
                summary: `${describeTarget(traffic, mirrorTraffic)}; ${describePolicy(policy)}`,
            };
        })
        .sort((a, b) => compareText(a.endpoint, b.endpoint) || compareText(a.owner, b.owner));
}

/** How an endpoint's traffic moves from a base plan to a head plan. */
export interface TrafficMove {
    readonly endpoint: string;
    readonly owner: string;
    /** `progressive` / `direct` / `unchanged` as the traffic owner would plan it, `removed` when the owner goes. */
    readonly mode: PlanMode | "removed" | "unplannable";
    /** The move in one line, as the traffic owner prints it: `blue 100→0, green 0→100 in 4 steps, …`. */
    readonly line: string;
    /** Why the move is written at once (`no rollout policy`, …), or why it is progressive. */
    readonly reason: string;
    /** Live traffic the base serves, in percent (0 for a new endpoint). */
    readonly baseLiveTotal: number;
    /** Whether the head declares a rollout policy. */
    readonly headPolicy: boolean;
}

/**
 * Plans the move from the base's declared traffic to the head's with the head's policy, as the traffic owner would
 * if the endpoint served the base's target (live traffic is not read offline). Undefined when nothing changes.
 */
export function trafficMove(base: PlanRollout | undefined, head: PlanRollout | undefined): TrafficMove | undefined {
    const owner = (head ?? base)!;
    if (head === undefined) {
        return {
            endpoint: owner.endpoint,
            owner: owner.owner,
            mode: "removed",
            line: `traffic owner removed (${describeTarget(base!.traffic, base!.mirrorTraffic)} in the base)`,
            reason: "the program no longer declares the endpoint's traffic",
            baseLiveTotal: liveTotal(base!.traffic),
            headPolicy: false,
        };
    }
    const policy = policyOf(head.policy);
    const deployments = [
        ...new Set([
            ...(base?.deployments ?? []),
            ...head.deployments,
            ...Object.keys(base?.traffic ?? {}),
            ...Object.keys(base?.mirrorTraffic ?? {}),
            ...Object.keys(head.traffic),
            ...Object.keys(head.mirrorTraffic),
        ]),
    ];
    const common = { endpoint: head.endpoint, owner: head.owner, baseLiveTotal: liveTotal(base?.traffic ?? {}) };
    try {
        const plan = planRollout({
            ...(base !== undefined ? { liveTraffic: base.traffic, liveMirror: base.mirrorTraffic } : {}),
            targetTraffic: head.traffic,
            targetMirror: head.mirrorTraffic,
            deployments,
            ...(policy !== undefined ? { policy } : {}),
        });
        if (plan.mode === "unchanged") {
            return undefined;
        }
        return {
            ...common,
            mode: plan.mode,
            line: summarizePlan(plan),
            reason: plan.reason,
            headPolicy: policy !== undefined,
        };
    } catch (error) {
        if (!(error instanceof RolloutPlanError)) {
            throw error;
        }
        return {
            ...common,
            mode: "unplannable",
            line: `cannot plan the move: ${error.problems.join("; ")}`,
            reason: error.problems.join("; "),
            headPolicy: policy !== undefined,
        };
    }
}
