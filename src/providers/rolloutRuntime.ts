import {
    AppliedTraffic,
    ArmClient,
    EndpointSettings,
    WriteOptions,
    queryMetrics,
    ML_API_VERSION,
    probeDeployment,
    readEndpointState,
    scoringAuthorization,
    writeEndpointTraffic,
} from "../azure";
import type { RolloutPolicySpec } from "../model/rolloutPolicy";
import {
    MetricSample,
    MetricsResponse,
    ProbeResult,
    RolloutPlan,
    RolloutStep,
    START_ANALYSIS,
    TrafficState,
    describeVerdict,
    evaluateGates,
    gateQueries,
    planRollout,
    recordInterval,
    resumePosition,
    rollbackState,
    rolloutTimeLimitSeconds,
    stepFailureMessage,
    summarizePlan,
    trafficState,
} from "../rollout";

/** What a rollout needs besides the policy: where, the settings written with each step, how to write and report. */
export interface RolloutRun {
    readonly client: ArmClient;
    readonly endpointId: string;
    readonly target: TrafficState;
    /** The settings and owner mark every step writes along with its maps. */
    readonly settings: Omit<EndpointSettings, "traffic" | "mirrorTraffic">;
    readonly writeOptions: WriteOptions;
    /** Where the last completed update left the endpoint (its state's `applied`), to resume a run cut short. */
    readonly lastApplied?: AppliedTraffic;
    readonly report: (message: string) => void;
}

const describe = (state: TrafficState) =>
    Object.entries(state.traffic)
        .map(([name, share]) => `${name} ${share}%`)
        .join(", ") || "no live traffic";

/**
 * Moves an endpoint from the traffic it serves to the declared target by the policy: each step a full
 * read-modify-write confirmed by reading back, then a bake during which the gates are sampled every interval on the
 * client's clock. A failed step puts back the traffic from before it (or stops where it is, as the policy says)
 * and fails naming the gate, the values and the thresholds. A run cut short resumes from Azure's live maps: the
 * step that is live bakes again and is not written twice.
 */
export async function rollOutTraffic(run: RolloutRun, policy: RolloutPolicySpec): Promise<AppliedTraffic> {
    const { client, endpointId, target, report } = run;
    const clock = client.target.clock;
    const write = (state: TrafficState) =>
        writeEndpointTraffic(
            client,
            endpointId,
            { ...run.settings, traffic: state.traffic, mirrorTraffic: state.mirror },
            run.writeOptions,
        );
    const { live, deployments } = await readEndpointState(client, endpointId, run.writeOptions.timeoutMs);
    if (live === undefined) {
        return write(target);
    }
    const liveState = trafficState(live.traffic, live.mirrorTraffic);
    const planFrom = (from: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number> }) =>
        planRollout({
            liveTraffic: from.traffic,
            liveMirror: from.mirrorTraffic,
            targetTraffic: target.traffic,
            targetMirror: target.mirror,
            deployments,
            policy,
        });
    let plan = planFrom(run.lastApplied ?? live);
    let position = resumePosition(plan, liveState);
    if (position.kind === "offPlan") {
        plan = planFrom(live);
        position = resumePosition(plan, liveState);
    }
    if (plan.mode !== "progressive") {
        return write(target);
    }
    report(`${endpointId}: rolling out ${summarizePlan(plan)}`);
    const deadline = clock.now() + rolloutTimeLimitSeconds(policy) * 1000;
    let applied: AppliedTraffic = { traffic: live.traffic, mirrorTraffic: live.mirrorTraffic };
    if (position.kind === "applied") {
        report(`${endpointId}: resuming at step ${position.index + 1}, which is live already: baking it again`);
        await bake(run, plan, position.rebake, deadline, policy);
    }
    const remaining = position.kind === "offPlan" ? plan.steps : position.remaining;
    for (const step of remaining) {
        applied = await write(step);
        report(`${endpointId}: step ${step.index + 1} of ${plan.steps.length} written: ${describe(step)}`);
        await bake(run, plan, step, deadline, policy);
    }
    return applied;
}

/** Bakes one step: samples the gates every interval until the step may go on, or fails it. */
async function bake(
    run: RolloutRun,
    plan: RolloutPlan,
    step: RolloutStep,
    deadline: number,
    policy: RolloutPolicySpec,
): Promise<void> {
    const { client, endpointId, report } = run;
    const clock = client.target.clock;
    const started = clock.now();
    let state = START_ANALYSIS;
    for (;;) {
        if (clock.now() >= deadline) {
            await fail(
                run,
                plan,
                step,
                policy.timeLimit?.onExpiry ?? "rollback",
                `rollout of ${endpointId} ran out of its time limit at step ${step.index + 1}`,
            );
        }
        await clock.sleep(step.analysis.intervalSeconds * 1000);
        const now = clock.now();
        const [samples, probes] = await Promise.all([sample(run, step, started, now), probe(run, step)]);
        const verdicts = evaluateGates(step, samples, probes);
        const result = recordInterval(step, state, verdicts, (now - started) / 1000);
        state = result.state;
        report(
            `${endpointId}: step ${step.index + 1}, ${Math.round((now - started) / 1000)} s baked: ${verdicts.map(describeVerdict).join("; ") || "no gates"} → ${result.decision.kind}`,
        );
        if (result.decision.kind === "promote") {
            return;
        }
        if (result.decision.kind === "fail") {
            await fail(
                run,
                plan,
                step,
                policy.onFailure,
                stepFailureMessage(plan, step.index, verdicts, state, result.decision),
            );
        }
    }
}

/** Reads the step's gate metrics; a query that cannot be answered leaves its gates without data (inconclusive). */
async function sample(run: RolloutRun, step: RolloutStep, started: number, now: number): Promise<MetricSample[]> {
    const samples = await Promise.all(
        gateQueries(step, started, now).map(async (query) => {
            try {
                const response = (await queryMetrics(run.client, {
                    resourceId:
                        query.scope === "endpoint"
                            ? run.endpointId
                            : `${run.endpointId}/deployments/${query.deployment}`,
                    metricnames: query.metricnames,
                    aggregation: query.aggregation,
                    filter: query.filter,
                    interval: query.interval,
                    timespan: query.timespan,
                })) as MetricsResponse;
                return { query, response };
            } catch (error) {
                run.report(
                    `metrics of ${query.deployment} could not be read this interval (${error instanceof Error ? error.message : String(error)}): no verdict from them`,
                );
                return undefined;
            }
        }),
    );
    return samples.filter((s): s is MetricSample => s !== undefined);
}

/**
 * Runs the step's synthetic probes against the deployment gaining traffic, with the endpoint's auth read now. A
 * probe that cannot be sent reports why, which fails its gate (no answer is not a pass).
 */
async function probe(run: RolloutRun, step: RolloutStep): Promise<ProbeResult[]> {
    const probes = step.gates.filter((g) => g.kind === "probe");
    if (probes.length === 0 || step.gaining === undefined) {
        return [];
    }
    let scoringUri: string;
    let authorization: string;
    try {
        const endpoint = (await run.client.request("GET", run.endpointId, { apiVersion: ML_API_VERSION })).body as {
            properties?: { scoringUri?: string };
        };
        scoringUri = endpoint.properties?.scoringUri ?? "";
        authorization = await scoringAuthorization(run.client, run.endpointId);
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return probes.map((g) => ({ probe: g.index, error: `could not prepare the probe: ${reason}` }));
    }
    return Promise.all(
        probes.map(async (g) => ({
            probe: g.index,
            ...(await probeDeployment(run.client, scoringUri, step.gaining!, authorization, g.spec.payload)),
        })),
    );
}

/** Ends a failed step as the policy says, and fails the update with what happened. */
async function fail(
    run: RolloutRun,
    plan: RolloutPlan,
    step: RolloutStep,
    action: "rollback" | "halt",
    why: string,
): Promise<never> {
    if (action === "rollback") {
        const back = rollbackState(plan, step.index);
        await writeEndpointTraffic(
            run.client,
            run.endpointId,
            { ...run.settings, traffic: back.traffic, mirrorTraffic: back.mirror },
            run.writeOptions,
        );
        throw new Error(`${why}; rolled back: traffic is at ${describe(back)} again`);
    }
    throw new Error(`${why}; halted as the policy says (onFailure: halt): traffic stays at ${describe(step)}`);
}
