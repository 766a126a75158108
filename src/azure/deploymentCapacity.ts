import { backoff, retryUntil } from "../async";
import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";
import type { WriteOptions } from "./endpointTraffic";

/** The parts of an online deployment's ARM body the capacity write reads. */
interface ArmDeployment {
    name?: string;
    sku?: { capacity?: number };
    properties?: { provisioningState?: string };
}

/** States in which a deployment has an operation running: Azure ML answers 409 to a write then. */
const BUSY_STATES = ["Creating", "Updating", "Scaling", "Deleting"];

/** How many times a capacity write is made again after another writer changed the count under it. */
export const MAX_CONCURRENT_CAPACITY_CHANGES = 2;

/** Thrown (and retried) while a deployment has an operation running. */
export class DeploymentBusy extends Error {
    constructor(
        readonly deploymentId: string,
        readonly state: string,
    ) {
        super(`${deploymentId} is ${state}; waiting for its operation to end before scaling it`);
        this.name = "DeploymentBusy";
    }
}

/** Thrown when the read-back shows another instance count than the one just written. */
export class ConcurrentCapacityChange extends Error {
    constructor(
        readonly deploymentId: string,
        readonly wrote: number,
        readonly found: number | undefined,
    ) {
        super(
            `another writer changed the instance count of ${deploymentId} while this update scaled it: wrote ${wrote}, read back ${found ?? "none"}`,
        );
        this.name = "ConcurrentCapacityChange";
    }
}

/** Whether an answer is worth asking again: busy (409) or what Azure documents as transient. */
const passing = (error: unknown) => error instanceof ArmError && (error.status === 409 || error.transient);

/**
 * An endpoint's deployments by Azure's spelling with the instance count each reports (`sku.capacity`; undefined
 * when it reports none), riding out busy and transient answers until `timeoutMs`. Empty when the endpoint is gone.
 */
export async function readDeploymentCapacities(
    client: ArmClient,
    endpointId: string,
    timeoutMs: number,
): Promise<Record<string, number | undefined>> {
    return retryUntil(
        async () => {
            const response = await client.send("GET", `${endpointId}/deployments`, { apiVersion: ML_API_VERSION });
            if (response.status === 404) {
                return {};
            }
            if (response.status >= 400) {
                throw ArmError.fromResponse(
                    response.status,
                    response.body,
                    "GET",
                    client.url(`${endpointId}/deployments`),
                    response.headers,
                );
            }
            const listed = (response.body as { value?: ArmDeployment[] }).value ?? [];
            return Object.fromEntries(listed.map((d) => [d.name ?? "", d.sku?.capacity]));
        },
        {
            timeoutMs,
            clock: client.target.clock,
            delayMs: (attempt, error) =>
                Math.max(
                    backoff(2 * client.target.pollIntervalMs, 60_000)(attempt),
                    error instanceof ArmError ? (error.retryAfterMs ?? 0) : 0,
                ),
            retryable: passing,
            what: `read the deployments of ${endpointId}`,
        },
    );
}

/**
 * Sets an online deployment's instance count and says whether it wrote: PATCH `{ sku: { capacity } }` (the swagger's
 * PartialMinimalTrackedResourceWithSku; 202 with Location), follow the operation, read back. Each attempt reads the
 * deployment first and writes nothing when it already runs `capacity` and no operation is running, so an attempt
 * after a write that went through (a poll that failed, a process killed and run again) never writes twice.
 * Retried until `timeoutMs` of the client's clock: a deployment with an operation running, a busy endpoint (409),
 * and what Azure documents as transient (408, 429, 5xx, no response), waiting at least the Retry-After asked for;
 * a 404 only within `notFoundGraceMs`. A read-back showing another count means another writer got in between: it
 * is written again up to MAX_CONCURRENT_CAPACITY_CHANGES times, each reported, then it fails naming both counts.
 */
export async function writeDeploymentCapacity(
    client: ArmClient,
    deploymentId: string,
    capacity: number,
    options: WriteOptions,
): Promise<"written" | "unchanged"> {
    const clock = client.target.clock;
    const wait = client.target.pollIntervalMs;
    const graceEnds = clock.now() + (options.notFoundGraceMs ?? 0);
    const report = options.report ?? ((message: string) => console.warn(message));
    let concurrentChanges = 0;
    let patched = false;
    const retryable = (error: unknown) =>
        error instanceof DeploymentBusy ||
        error instanceof ConcurrentCapacityChange ||
        (error instanceof ArmError &&
            (error.status === 409 || error.transient || (error.status === 404 && clock.now() < graceEnds)));
    const firstWait = backoff(2 * wait, Math.min(16 * wait, 60_000));
    return retryUntil(
        async () => {
            try {
                const outcome = await scaleOnce(client, deploymentId, capacity, () => (patched = true));
                return patched ? "written" : outcome;
            } catch (error) {
                if (error instanceof ConcurrentCapacityChange) {
                    concurrentChanges++;
                    if (concurrentChanges > MAX_CONCURRENT_CAPACITY_CHANGES) {
                        throw new Error(
                            `${error.message}; it happened ${concurrentChanges} times in a row, so this update stops rather than fight it. ` +
                                "With rollout.afterSuccess.previous scaleDown the traffic owner sets instance counts: stop the other writer (autoscale, az ml, the studio) and run the update again",
                        );
                    }
                    report(`${error.message}; reading the deployment and scaling it again`);
                }
                if (error instanceof ArmError && error.status === 404 && !retryable(error)) {
                    throw new Error(`${error.message}. Check the deployment ${deploymentId}: it does not exist`);
                }
                throw error;
            }
        },
        {
            timeoutMs: options.timeoutMs,
            clock,
            delayMs: (attempt, error) =>
                Math.max(firstWait(attempt), error instanceof ArmError ? (error.retryAfterMs ?? 0) : 0),
            retryable,
            what: `scale ${deploymentId} to ${capacity} ${capacity === 1 ? "instance" : "instances"}`,
        },
    );
}

async function readDeployment(client: ArmClient, deploymentId: string): Promise<ArmDeployment> {
    return (await client.request("GET", deploymentId, { apiVersion: ML_API_VERSION })).body as ArmDeployment;
}

/** One round: read; write unless already there; read back. */
async function scaleOnce(
    client: ArmClient,
    deploymentId: string,
    capacity: number,
    onWrite: () => void,
): Promise<"written" | "unchanged"> {
    const current = await readDeployment(client, deploymentId);
    const state = current.properties?.provisioningState ?? "Succeeded";
    if (BUSY_STATES.includes(state)) {
        throw new DeploymentBusy(deploymentId, state);
    }
    if (current.sku?.capacity === capacity && state === "Succeeded") {
        return "unchanged";
    }
    onWrite();
    try {
        await client.runLongOperation("PATCH", deploymentId, {
            apiVersion: ML_API_VERSION,
            body: { sku: { capacity } },
        });
    } catch (error) {
        // The scale may have been applied although its operation could not be followed to the end: the
        // deployment's own state decides, not the poll.
        const now = await readDeployment(client, deploymentId).catch(() => undefined);
        if (now?.sku?.capacity !== capacity || now.properties?.provisioningState !== "Succeeded") {
            throw error;
        }
    }
    const after = await readDeployment(client, deploymentId);
    const afterState = after.properties?.provisioningState ?? "Succeeded";
    if (BUSY_STATES.includes(afterState)) {
        throw new DeploymentBusy(deploymentId, afterState);
    }
    if (after.sku?.capacity !== capacity) {
        throw new ConcurrentCapacityChange(deploymentId, capacity, after.sku?.capacity);
    }
    if (afterState !== "Succeeded") {
        throw new ArmError(
            500,
            `Scaling${afterState}`,
            `the deployment ended ${afterState} after scaling to ${capacity}`,
            "PATCH",
            client.url(deploymentId),
        );
    }
    return "written";
}
