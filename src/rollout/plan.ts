import { TrafficMap, percentIssues, trafficIssues } from "../rules";
import { RolloutAnalysisSpec, RolloutPolicySpec, rolloutAnalysisSpec } from "../model/rolloutPolicy";
import { RolloutStep } from "./rolloutStep";
import { gatesForStep } from "./stepGates";
import { raiseShare, risersInOrder } from "./shareMoves";
import { TrafficState, liveTotal, sameState, shareOf, trafficState } from "./trafficState";

/** What the traffic owner knows when it plans: Azure's live maps, the declared ones, the deployments that exist. */
export interface PlanInput {
    readonly liveTraffic?: TrafficMap;
    readonly liveMirror?: TrafficMap;
    readonly targetTraffic?: TrafficMap;
    readonly targetMirror?: TrafficMap;
    /** Names of the endpoint's deployments, in Azure's spelling. */
    readonly deployments: readonly string[];
    readonly policy?: RolloutPolicySpec;
}

/**
 * `unchanged`: nothing to write. `direct`: one write straight to the target (`reason` says why). `progressive`: the
 * mirror stage (when the policy has one and it applies) and then one shift per rung of the ladder.
 */
export type PlanMode = "unchanged" | "direct" | "progressive";

export interface RolloutPlan {
    /** The live state the plan starts from (normalised). */
    readonly start: TrafficState;
    /** The declared state it ends at (normalised); the last step's maps equal it. */
    readonly target: TrafficState;
    readonly mode: PlanMode;
    /** Why the plan is not progressive, or why it is. */
    readonly reason: string;
    /** The writes in order; empty when unchanged. */
    readonly steps: readonly RolloutStep[];
    /** Why the policy's mirror stage was left out, when it was. */
    readonly mirrorSkipped?: string;
    readonly policy?: RolloutPolicySpec;
}

/** Thrown when the live or target maps break Azure's traffic rules; each line names the map and the key. */
export class RolloutPlanError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`cannot plan the traffic change:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "RolloutPlanError";
    }
}

const DEFAULT_ANALYSIS: RolloutAnalysisSpec = rolloutAnalysisSpec.parse({});

function checkState(label: string, deployments: readonly string[], state: TrafficState): string[] {
    return [
        ...percentIssues(state.traffic, state.mirror),
        ...trafficIssues(deployments, state.traffic, state.mirror),
    ].map((issue) => `${label} ${issue.path.join(".")}: ${issue.message}, got ${JSON.stringify(issue.input)}`);
}

/** The target's mirror while live traffic is `traffic`: kept when Azure would accept it there, cleared otherwise. */
function mirrorAlong(traffic: TrafficMap, target: TrafficState): Record<string, number> {
    const fits = liveTotal(traffic) === 100 && Object.keys(target.mirror).every((name) => shareOf(traffic, name) === 0);
    return fits ? { ...target.mirror } : {};
}

/**
 * The writes that take an endpoint from its live traffic to the declared traffic under a rollout policy.
 *
 * With several deployments gaining traffic, they are ramped one after another (the larger target share first, then
 * by name), each up the policy's ladder to its own target share, and each step has exactly one gaining deployment
 * for the gates to watch; the deployments losing traffic give it up one after another (the smaller target share
 * first, then by name). With a mirror stage in the policy, each deployment gaining traffic is mirrored to before its
 * first live share when it serves none yet (Azure mirrors only to such a deployment), so that the plan from any map
 * on the way is the rest of the plan from the start. The target's own mirror is kept on every step where Azure
 * accepts it and cleared where it does not.
 */
export function planRollout(input: PlanInput): RolloutPlan {
    const start = trafficState(input.liveTraffic, input.liveMirror);
    const target = trafficState(input.targetTraffic, input.targetMirror);
    const problems = [
        ...checkState("live", input.deployments, start),
        ...checkState("target", input.deployments, target),
    ];
    if (problems.length > 0) {
        throw new RolloutPlanError(problems);
    }
    const policy = input.policy;
    const base = { start, target, policy };
    if (sameState(start, target)) {
        return { ...base, mode: "unchanged", reason: "live traffic already matches the target", steps: [] };
    }
    const risers = risersInOrder(start.traffic, target.traffic);
    const direct = (reason: string): RolloutPlan => ({
        ...base,
        mode: "direct",
        reason,
        steps: [
            {
                index: 0,
                kind: "direct",
                traffic: target.traffic,
                mirror: target.mirror,
                share: 0,
                bakeSeconds: 0,
                gates: [],
                analysis: policy?.analysis ?? DEFAULT_ANALYSIS,
            },
        ],
    });
    if (policy === undefined) {
        return direct("no rollout policy");
    }
    if (liveTotal(start.traffic) === 0) {
        return direct("nothing serves live traffic yet");
    }
    if (liveTotal(target.traffic) === 0) {
        return direct("the target takes all live traffic off");
    }
    if (risers.length === 0) {
        return direct("only the mirror changes");
    }
    const analysis = policy.analysis ?? DEFAULT_ANALYSIS;
    const steps: RolloutStep[] = [];
    const skipped: string[] = [];
    let current: TrafficState = start;
    for (const riser of risers) {
        if (policy.mirror !== undefined && shareOf(current.traffic, riser) > 0) {
            skipped.push(riser);
        } else if (policy.mirror !== undefined) {
            const mirrored: TrafficState = { traffic: current.traffic, mirror: { [riser]: policy.mirror.percent } };
            // A rollout resumed during a mirror stage finds the mirror live already: writing it again is no step.
            if (!sameState(mirrored, current)) {
                steps.push({
                    index: steps.length,
                    kind: "mirror",
                    ...mirrored,
                    gaining: riser,
                    share: policy.mirror.percent,
                    bakeSeconds: policy.mirror.durationSeconds,
                    gates: gatesForStep(policy, "mirror"),
                    analysis,
                });
            }
        }
        const goal = shareOf(target.traffic, riser);
        const rungs = policy.steps.filter((share) => share > shareOf(current.traffic, riser) && share < goal);
        for (const share of [...rungs, goal]) {
            const traffic = raiseShare(current.traffic, target.traffic, riser, share);
            current = { traffic, mirror: mirrorAlong(traffic, target) };
            steps.push({
                index: steps.length,
                kind: "shift",
                ...current,
                gaining: riser,
                share,
                bakeSeconds: policy.bakeSeconds,
                gates: gatesForStep(policy, "shift"),
                analysis,
            });
        }
    }
    const mirrorSkipped =
        skipped.length > 0
            ? `${skipped.join(", ")} already ${skipped.length === 1 ? "serves" : "serve"} live traffic`
            : undefined;
    return {
        ...base,
        mode: "progressive",
        reason: `${risers.join(", ")} ${risers.length === 1 ? "gains" : "gain"} live traffic`,
        steps,
        ...(mirrorSkipped !== undefined ? { mirrorSkipped } : {}),
    };
}
