import { randomUUID } from "crypto";
import {
    AppliedTraffic,
    ArmClient,
    DEFAULT_TRAFFIC_TIMEOUT_MINUTES,
    LiveTraffic,
    armTarget,
    readEndpointState,
    readEndpointTraffic,
    writeEndpointTraffic,
} from "../azure";
import { scaleDownSettings } from "../model/capacityOwnership";
import type { RolloutPolicySpec } from "../model/rolloutPolicy";
import {
    CapacityPlan,
    capacityPlanEmpty,
    planRollout,
    summarizeCapacity,
    summarizePlan,
    trafficState,
} from "../rollout";
import { sameTraffic } from "../rules";
import { CapacityRun, planCapacityNow, releaseCapacity, scaleDownIdle, scaleForTraffic } from "./capacityRuntime";
import { diffEndpointTrafficInputs } from "./inputChecks";
import { rollOutTraffic } from "./rolloutRuntime";
import { notFoundGraceMs } from "./creationGrace";

/**
 * The traffic owner's runtime inside the provider host: write, delete, diff and read of one endpoint's traffic.
 * Each call builds its client from the environment at call time, so nothing of it is serialized into state.
 */

/** Inputs (and outputs) of an endpoint's traffic owner as stored in state; older states lack the optional fields. */
export interface EndpointTrafficProps {
    endpointId: string;
    traffic: Record<string, number>;
    mirrorTraffic?: Record<string, number>;
    description?: string;
    publicNetworkAccess?: string;
    tags?: Record<string, string>;
    /** Minutes to keep retrying a busy endpoint. */
    timeoutMinutes?: number;
    /** When the endpoint was created (ARM systemData.createdAt): a 404 soon after is eventual consistency. */
    endpointCreatedAt?: string;
    /** This owner's mark on the endpoint (an output, written at the first create or update of this version). */
    ownerToken?: string;
    /** What the endpoint served after the last write (an output). */
    applied?: AppliedTraffic;
    /** How a change of live traffic rolls out (validated by the component); none: written at once. */
    rollout?: RolloutPolicySpec;
    /**
     * The deployments' declared instance counts, by name, when the policy hands them to this owner
     * (afterSuccess.previous scaleDown). Absent in state written before 0.2 and for every other policy.
     */
    capacities?: Record<string, number>;
}

function writeOptions(client: ArmClient, props: EndpointTrafficProps) {
    return {
        timeoutMs: (props.timeoutMinutes ?? DEFAULT_TRAFFIC_TIMEOUT_MINUTES) * 60_000,
        notFoundGraceMs: notFoundGraceMs(client.target.clock, props.endpointCreatedAt),
    };
}

const differs = (live: LiveTraffic, props: EndpointTrafficProps) =>
    !sameTraffic(live.traffic, props.traffic) || !sameTraffic(live.mirrorTraffic, props.mirrorTraffic);

const report = (message: string) => console.warn(message);

/** How this owner writes instance counts, when its policy hands them to it; undefined when azure-native keeps them. */
function capacityRun(client: ArmClient, props: EndpointTrafficProps): CapacityRun | undefined {
    const settings = scaleDownSettings(props.rollout);
    // During a preview the counts may still be unknown (the engine's placeholder string): nothing to plan with yet.
    if (settings === undefined || typeof props.capacities !== "object" || props.capacities === null) {
        return undefined;
    }
    return {
        client,
        endpointId: props.endpointId,
        declared: props.capacities,
        settings,
        writeOptions: { ...writeOptions(client, props), report },
        report,
    };
}

/**
 * Sets an endpoint's traffic and mutable settings by read-modify-write of the whole endpoint, marking it as this
 * owner's. With `olds` (an update) it first says so when the live map drifted from what was applied last. When it
 * owns instance counts (afterSuccess scaleDown), deployments that will serve traffic are scaled to their declared
 * count first, and those left without traffic are scaled down after the shift and the termination wait.
 */
export async function applyEndpointTraffic(
    props: EndpointTrafficProps,
    olds?: EndpointTrafficProps,
): Promise<{ applied: AppliedTraffic; ownerToken: string }> {
    const client = new ArmClient(armTarget());
    const ownerToken = olds?.ownerToken ?? randomUUID();
    if (
        olds !== undefined &&
        sameTraffic(olds.traffic, props.traffic) &&
        sameTraffic(olds.mirrorTraffic, props.mirrorTraffic)
    ) {
        const { live } = await readEndpointState(client, props.endpointId, writeOptions(client, props).timeoutMs);
        if (live !== undefined && differs(live, props)) {
            console.warn(
                `traffic on ${props.endpointId} was changed outside Pulumi to ${JSON.stringify(live.traffic)} (mirror ${JSON.stringify(live.mirrorTraffic)}); putting back the declared ${JSON.stringify(props.traffic)} (mirror ${JSON.stringify(props.mirrorTraffic ?? {})})`,
            );
        }
    }
    const settings = {
        description: props.description,
        publicNetworkAccess: props.publicNetworkAccess,
        tags: props.tags,
        owner: ownerToken,
    };
    const options = writeOptions(client, props);
    const capacity = capacityRun(client, props);
    // A policy that scaled down until now, and no longer does: the counts go back to azure-native.
    const released =
        capacity === undefined && olds !== undefined
            ? capacityRun(client, { ...olds, endpointId: props.endpointId, timeoutMinutes: props.timeoutMinutes })
            : undefined;
    const target = trafficState(props.traffic, props.mirrorTraffic);
    if (capacity !== undefined) {
        await scaleForTraffic(capacity, target);
    } else if (released !== undefined) {
        await releaseCapacity(released);
    }
    const applied =
        props.rollout !== undefined
            ? await rollOutTraffic(
                  {
                      client,
                      endpointId: props.endpointId,
                      target,
                      settings,
                      writeOptions: options,
                      lastApplied: olds?.applied,
                      report,
                  },
                  props.rollout,
              )
            : await writeEndpointTraffic(
                  client,
                  props.endpointId,
                  { ...settings, traffic: props.traffic ?? {}, mirrorTraffic: props.mirrorTraffic ?? {} },
                  options,
              );
    if (capacity !== undefined) {
        await scaleDownIdle(capacity, applied);
    }
    return { applied, ownerToken };
}

/**
 * Takes all traffic off an endpoint so its deployments can be deleted, but only an endpoint this owner still owns:
 * when another owner (a renamed or replaced resource) has marked it since, its traffic is left as it is. An endpoint
 * that is gone is fine.
 */
export async function clearEndpointTraffic(props: EndpointTrafficProps): Promise<void> {
    const client = new ArmClient(armTarget());
    const { live } = await readEndpointState(client, props.endpointId, writeOptions(client, props).timeoutMs);
    if (live === undefined) {
        return;
    }
    if (live.owner !== undefined && live.owner !== props.ownerToken) {
        console.warn(
            `another traffic owner has taken over ${props.endpointId}; leaving its traffic ${JSON.stringify(live.traffic)} as it is`,
        );
        return;
    }
    await writeEndpointTraffic(
        client,
        props.endpointId,
        { traffic: {}, mirrorTraffic: {}, owner: null },
        { timeoutMs: writeOptions(client, props).timeoutMs },
    );
}

/** The instance counts an update would write, for a diff: read within a minute, as the plan line is. */
async function previewCapacity(client: ArmClient, props: EndpointTrafficProps): Promise<CapacityPlan | undefined> {
    const run = capacityRun(client, props);
    return run === undefined
        ? undefined
        : planCapacityNow(
              { ...run, writeOptions: { ...run.writeOptions, timeoutMs: 60_000 } },
              trafficState(props.traffic, props.mirrorTraffic),
          );
}

/**
 * The engine's diff: the inputs, and the live map. Traffic switched outside Pulumi (the studio, az ml) is a change
 * even when the inputs are not, so the next `up` puts the declared map back; so is an instance count this owner
 * owns (afterSuccess scaleDown) that Azure reports otherwise. When Azure cannot be read (no
 * credentials in a preview), the inputs decide alone, and it says so.
 */
export async function diffEndpointTraffic(
    olds: EndpointTrafficProps & { version?: string },
    news: EndpointTrafficProps & { version?: string },
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const inputs = diffEndpointTrafficInputs(olds, news);
    if (typeof news.endpointId !== "string") {
        return inputs;
    }
    if (inputs.changes) {
        await announcePlan(news);
        return inputs;
    }
    try {
        const client = new ArmClient(armTarget());
        const live = await readEndpointTraffic(client, news.endpointId);
        if (live === undefined || differs(live, news)) {
            return { ...inputs, changes: live !== undefined };
        }
        // Instance counts this owner owns that Azure reports otherwise (scaled in the studio, or put back by an
        // azure-native update of the deployment, which still holds the count it was created with).
        const plan = await previewCapacity(client, news);
        if (plan !== undefined && !capacityPlanEmpty(plan)) {
            console.warn(
                `${news.endpointId}: instance counts differ from what the traffic owner keeps: ${summarizeCapacity(plan)}`,
            );
            return { ...inputs, changes: true };
        }
        return { ...inputs, changes: false };
    } catch (error) {
        console.warn(
            `could not read the live traffic of ${news.endpointId} to look for drift (${error instanceof Error ? error.message : String(error)}); comparing inputs only`,
        );
        return inputs;
    }
}

/**
 * Says in one line how a traffic change will roll out (the preview shows what the provider prints), e.g. `blue
 * 100→0, green 0→100 in 4 steps, 5m bake, gates: errors<1%`. Only a plan: nothing is written, and a failure to read
 * Azure just leaves the line out.
 */
async function announcePlan(news: EndpointTrafficProps): Promise<void> {
    if (news.rollout === undefined) {
        return;
    }
    try {
        const client = new ArmClient(armTarget());
        const { live, deployments } = await readEndpointState(client, news.endpointId, 60_000);
        if (live === undefined) {
            return;
        }
        const plan = planRollout({
            liveTraffic: live.traffic,
            liveMirror: live.mirrorTraffic,
            targetTraffic: news.traffic,
            targetMirror: news.mirrorTraffic,
            deployments,
            policy: news.rollout,
        });
        const capacityPlan = await previewCapacity(client, news);
        const line =
            plan.mode === "progressive" || (capacityPlan !== undefined && !capacityPlanEmpty(capacityPlan))
                ? summarizePlan(plan, capacityPlan)
                : plan.reason;
        console.warn(`${news.endpointId}: traffic plan: ${line}`);
    } catch {
        // A plan line is information; the update plans again from what it reads then.
    }
}

/** The engine's read (refresh): the state with the live maps as `applied`; nothing when the endpoint is gone. */
export async function readLiveEndpointTraffic(props: EndpointTrafficProps): Promise<EndpointTrafficProps | undefined> {
    const live = await readEndpointTraffic(new ArmClient(armTarget()), props.endpointId);
    return live === undefined
        ? undefined
        : { ...props, applied: { traffic: live.traffic, mirrorTraffic: live.mirrorTraffic } };
}
