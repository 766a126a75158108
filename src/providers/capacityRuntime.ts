import {
    AppliedTraffic,
    ArmClient,
    WriteOptions,
    readDeploymentCapacities,
    readEndpointState,
    writeDeploymentCapacity,
} from "../azure";
import type { ScaleDownSettings } from "../model/capacityOwnership";
import {
    CapacityChange,
    CapacityPlan,
    TrafficState,
    formatSeconds,
    planCapacity,
    planCapacityRelease,
    shareOf,
    trafficState,
} from "../rollout";

/**
 * The traffic owner's instance-count work inside the provider host, when the rollout policy hands it the counts
 * (afterSuccess.previous scaleDown): deployments that will serve traffic are brought to their declared count before
 * any traffic moves, and those left without traffic are scaled down once the shift has passed and the termination
 * wait is over. Each phase plans from what Azure reports now, so a run cut short anywhere plans only what is left.
 */

/** Where and how instance counts are written, and what the owner owns. */
export interface CapacityRun {
    readonly client: ArmClient;
    readonly endpointId: string;
    /** The declared instance counts, by deployment name. */
    readonly declared: Readonly<Record<string, number>>;
    readonly settings: ScaleDownSettings;
    readonly writeOptions: WriteOptions;
    readonly report: (message: string) => void;
}

const instances = (count: number | undefined) =>
    count === undefined ? "an unknown number of instances" : `${count} ${count === 1 ? "instance" : "instances"}`;

/** The capacity plan for ending at `target`, from the instance counts Azure reports now. */
export async function planCapacityNow(run: CapacityRun, target: TrafficState): Promise<CapacityPlan> {
    const live = await readDeploymentCapacities(run.client, run.endpointId, run.writeOptions.timeoutMs);
    return planCapacity({ declared: run.declared, live, target, settings: run.settings });
}

/** One write, with a line before and after it. */
async function scale(run: CapacityRun, change: CapacityChange, why: string): Promise<void> {
    const { endpointId, report } = run;
    report(`${endpointId}: scaling ${change.deployment} from ${instances(change.from)} to ${change.to} ${why}`);
    const outcome = await writeDeploymentCapacity(
        run.client,
        `${endpointId}/deployments/${change.deployment}`,
        change.to,
        { ...run.writeOptions, report },
    );
    report(
        `${endpointId}: ${change.deployment} runs ${instances(change.to)}${outcome === "unchanged" ? " (it did already)" : ""}`,
    );
}

/**
 * Before any traffic moves: every owned deployment that serves live or mirrored traffic in `target` runs its declared
 * count, so traffic never reaches a scaled-down deployment, and a changed count of a serving deployment is written.
 */
export async function scaleForTraffic(run: CapacityRun, target: TrafficState): Promise<void> {
    const plan = await planCapacityNow(run, target);
    for (const change of plan.before) {
        await scale(run, change, "before it serves traffic");
    }
}

/**
 * After the last step has passed: waits the termination wait (on the client's clock) when anything loses instances,
 * then scales every owned deployment that serves neither live nor mirrored traffic to `scaledDownInstances`. The
 * traffic is read again after the wait: a deployment that serves traffic again by then is left as it is.
 */
export async function scaleDownIdle(run: CapacityRun, applied: AppliedTraffic): Promise<void> {
    const { client, endpointId, report } = run;
    const plan = await planCapacityNow(run, trafficState(applied.traffic, applied.mirrorTraffic));
    if (plan.after.length === 0) {
        return;
    }
    const names = plan.after.map((c) => c.deployment).join(", ");
    if (plan.waitSeconds > 0) {
        report(
            `${endpointId}: waiting ${formatSeconds(plan.waitSeconds)} (afterSuccess.terminationWaitSeconds) for requests in flight before scaling ${names} down to ${run.settings.scaledDownInstances}`,
        );
        await client.target.clock.sleep(plan.waitSeconds * 1000);
    }
    const { live } = await readEndpointState(client, endpointId, run.writeOptions.timeoutMs);
    const now = trafficState(live?.traffic, live?.mirrorTraffic);
    for (const change of plan.after) {
        if (shareOf(now.traffic, change.deployment) > 0 || shareOf(now.mirror, change.deployment) > 0) {
            report(
                `${endpointId}: ${change.deployment} serves traffic again after the wait (someone moved it there); not scaling it down`,
            );
            continue;
        }
        await scale(run, change, "now that it serves no traffic");
    }
}

/**
 * When a policy stops scaling down (`run` is the previous inputs' run), azure-native owns the counts again but still
 * believes each deployment runs what it last wrote: every deployment this owner left scaled down goes back to the
 * count it was declared with.
 */
export async function releaseCapacity(run: CapacityRun): Promise<void> {
    const live = await readDeploymentCapacities(run.client, run.endpointId, run.writeOptions.timeoutMs);
    const changes = planCapacityRelease({
        declared: run.declared,
        scaledDownInstances: run.settings.scaledDownInstances,
        live,
    });
    for (const change of changes) {
        await scale(
            run,
            change,
            "back to its instanceCount: instance counts are azure-native's again (afterSuccess.previous is no longer scaleDown)",
        );
    }
}
