import { ML_API_VERSION } from "./apiVersion";
import { ArmClient } from "./armClient";
import { ArmError } from "./armError";
import { ConcurrentChange, WriteOptions, retryOwnedWrite, retryRead } from "./ownedWrite";

/** The parts of an online deployment's ARM body the capacity write reads. */
interface ArmDeployment {
    name?: string;
    sku?: { capacity?: number };
    properties?: { provisioningState?: string };
}

/** States in which a deployment has an operation running: Azure ML answers 409 to a write then. */
const BUSY_STATES = ["Creating", "Updating", "Scaling", "Deleting"];

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
export class ConcurrentCapacityChange extends ConcurrentChange {
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

/**
 * An endpoint's deployments by Azure's spelling with the instance count each reports (`sku.capacity`; undefined
 * when it reports none), riding out busy and transient answers until `timeoutMs`. Empty when the endpoint is gone.
 */
export async function readDeploymentCapacities(
    client: ArmClient,
    endpointId: string,
    timeoutMs: number,
): Promise<Record<string, number | undefined>> {
    return retryRead(
        client,
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
        `read the deployments of ${endpointId}`,
        timeoutMs,
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
 * is written again up to MAX_CONCURRENT_CHANGES times, each reported, then it fails naming both counts.
 */
export async function writeDeploymentCapacity(
    client: ArmClient,
    deploymentId: string,
    capacity: number,
    options: WriteOptions,
): Promise<"written" | "unchanged"> {
    let patched = false;
    return retryOwnedWrite(
        client,
        {
            attempt: async () => {
                const outcome = await scaleOnce(client, deploymentId, capacity, () => (patched = true));
                return patched ? "written" : outcome;
            },
            what: `scale ${deploymentId} to ${capacity} ${capacity === 1 ? "instance" : "instances"}`,
            owns: "the instance counts of this endpoint's deployments (rollout.afterSuccess.previous scaleDown; autoscale counts as another writer)",
            again: "reading the deployment and scaling it again",
            notFound: `Check the deployment ${deploymentId}: it does not exist`,
            alsoRetryable: (error) => error instanceof DeploymentBusy,
        },
        options,
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
