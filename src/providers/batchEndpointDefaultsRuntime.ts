import { randomUUID } from "crypto";
import { ArmClient } from "../azure/armClient";
import {
    LiveDefaults,
    readBatchEndpointDefaults,
    readBatchEndpointDefaultsPatiently,
    sameDeployment,
    writeBatchEndpointDefaults,
} from "../azure/endpointDefaults";
import { armTarget } from "../azure/target";
import { DEFAULT_TRAFFIC_TIMEOUT_MINUTES } from "../azure/trafficTimeout";
import { BatchEndpointDefaultsProps, diffBatchEndpointDefaultsInputs } from "./batchEndpointDefaultsChecks";
import { notFoundGraceMs } from "./creationGrace";
import { UNKNOWN_VALUE } from "./unknownValue";

/**
 * The defaults owner's runtime inside the provider host: write, release, diff and read of one batch endpoint's
 * default deployment. Each call builds its client from the environment at call time, so nothing of it is
 * serialized into state.
 */

/** How long a write keeps retrying a busy endpoint: as long as the traffic owner does, for the same reason. */
const timeoutMs = (props: BatchEndpointDefaultsProps) =>
    (props.timeoutMinutes ?? DEFAULT_TRAFFIC_TIMEOUT_MINUTES) * 60_000;

const appliedOf = (live: LiveDefaults): { defaultDeployment?: string } =>
    live.defaultDeployment !== undefined ? { defaultDeployment: live.defaultDeployment } : {};

const named = (deployment: string | undefined) => (deployment !== undefined ? `'${deployment}'` : "no default");

/**
 * Sets a batch endpoint's default deployment, description and tags by read-modify-write of the whole endpoint,
 * marking it as this owner's. With `olds` (an update) it first says so when the live default drifted from the
 * declared one.
 */
export async function applyBatchEndpointDefaults(
    props: BatchEndpointDefaultsProps,
    olds?: BatchEndpointDefaultsProps,
): Promise<{ applied: { defaultDeployment?: string }; ownerToken: string }> {
    const client = new ArmClient(armTarget());
    const ownerToken = olds?.ownerToken ?? randomUUID();
    if (olds !== undefined && sameDeployment(olds.defaultDeployment, props.defaultDeployment)) {
        const live = await readBatchEndpointDefaultsPatiently(client, props.endpointId, timeoutMs(props));
        if (live !== undefined && !sameDeployment(live.defaultDeployment, props.defaultDeployment)) {
            console.warn(
                `the default deployment of ${props.endpointId} was changed outside Pulumi to ${named(live.defaultDeployment)}; putting back the declared ${named(props.defaultDeployment)}`,
            );
        }
    }
    const live = await writeBatchEndpointDefaults(
        client,
        props.endpointId,
        {
            defaultDeployment: props.defaultDeployment ?? null,
            // This owner keeps the description and tags: an absent one is none, not "leave as it is".
            description: props.description ?? null,
            tags: props.tags ?? {},
            owner: ownerToken,
        },
        {
            timeoutMs: timeoutMs(props),
            notFoundGraceMs: notFoundGraceMs(client.target.clock, props.endpointCreatedAt),
        },
    );
    return { applied: appliedOf(live), ownerToken };
}

/**
 * The owner's delete: leaves the endpoint without a default deployment, so that the deployments deleted after it
 * can go (Azure ML refuses to delete the default one), but only on an endpoint this owner still owns. An owner is
 * deleted after everything that depends on it and before its deployments and endpoint, which is what a destroy or
 * a replaced endpoint does. When another owner (a renamed or replaced resource) has marked the endpoint since, its
 * default is left as it is; an endpoint that is gone is fine.
 */
export async function releaseBatchEndpointDefaults(props: BatchEndpointDefaultsProps): Promise<void> {
    const client = new ArmClient(armTarget());
    const live = await readBatchEndpointDefaultsPatiently(client, props.endpointId, timeoutMs(props));
    if (live === undefined) {
        return;
    }
    if (live.owner !== undefined && live.owner !== props.ownerToken) {
        console.warn(
            `another defaults owner has taken over ${props.endpointId}; leaving its default deployment ${named(live.defaultDeployment)} as it is`,
        );
        return;
    }
    if (live.defaultDeployment === undefined && live.owner === undefined) {
        return;
    }
    await writeBatchEndpointDefaults(
        client,
        props.endpointId,
        { defaultDeployment: null, owner: null },
        { timeoutMs: timeoutMs(props) },
    );
}

/**
 * The engine's diff: the inputs, and the live default. A default switched outside Pulumi (the studio, az ml) is a
 * change even when the inputs are not, so the next `up` puts the declared one back. When Azure cannot be read (no
 * credentials in a preview), the inputs decide alone, and it says so.
 */
export async function diffBatchEndpointDefaults(
    olds: BatchEndpointDefaultsProps,
    news: BatchEndpointDefaultsProps,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const inputs = diffBatchEndpointDefaultsInputs(olds, news);
    if (inputs.changes || typeof news.endpointId !== "string" || news.endpointId === UNKNOWN_VALUE) {
        return inputs;
    }
    try {
        const live = await readBatchEndpointDefaults(new ArmClient(armTarget()), news.endpointId);
        return {
            ...inputs,
            changes: live !== undefined && !sameDeployment(live.defaultDeployment, news.defaultDeployment),
        };
    } catch (error) {
        console.warn(
            `could not read the default deployment of ${news.endpointId} to look for drift (${error instanceof Error ? error.message : String(error)}); comparing inputs only`,
        );
        return inputs;
    }
}

/** The engine's read (refresh): the state with the live default as `applied`; nothing when the endpoint is gone. */
export async function readLiveBatchEndpointDefaults(
    props: BatchEndpointDefaultsProps,
): Promise<BatchEndpointDefaultsProps | undefined> {
    const live = await readBatchEndpointDefaults(new ArmClient(armTarget()), props.endpointId);
    return live === undefined ? undefined : { ...props, applied: appliedOf(live) };
}
