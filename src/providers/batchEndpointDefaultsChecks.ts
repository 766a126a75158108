import { isBatchEndpointId } from "../azure/batchEndpointId";
import { sameDeployment } from "../azure/endpointDefaults";
import type { CheckFailure } from "./inputChecks";
import { UNKNOWN_VALUE } from "./unknownValue";

/**
 * What the defaults owner's check and diff decide on its inputs alone, run inside the provider host. A value the
 * engine still has unknown (during a preview, an output of a resource still to be created) passes: it is checked
 * once it is known.
 */

/** The inputs (and outputs) of a batch endpoint's defaults owner as stored in state. */
export interface BatchEndpointDefaultsProps {
    endpointId: string;
    /** The default deployment; absent: the endpoint has none. */
    defaultDeployment?: string;
    /** The endpoint's description; absent: none. */
    description?: string;
    /** The endpoint's tags; absent: none (the owner's mark aside). */
    tags?: Record<string, string>;
    /** Minutes to keep retrying a busy endpoint. */
    timeoutMinutes?: number;
    /** When the endpoint was created (ARM systemData.createdAt): a 404 soon after is eventual consistency. */
    endpointCreatedAt?: string;
    /** This owner's mark on the endpoint (an output, written at create). */
    ownerToken?: string;
    /** The default the endpoint had after the last write (an output); absent defaultDeployment: none. */
    applied?: { defaultDeployment?: string };
    version?: string;
}

const known = (value: unknown): boolean => value !== UNKNOWN_VALUE;

/** The properties and reasons an engine shows for defaults owner inputs that cannot work. */
export function checkBatchEndpointDefaults(
    news: Partial<Record<keyof BatchEndpointDefaultsProps, unknown>>,
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (known(news.endpointId) && (typeof news.endpointId !== "string" || !isBatchEndpointId(news.endpointId))) {
        failures.push({
            property: "endpointId",
            reason: `expected a batch endpoint resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.MachineLearningServices/workspaces/<workspace>/batchEndpoints/<name>), got ${JSON.stringify(news.endpointId)}`,
        });
    }
    const deployment = news.defaultDeployment;
    if (deployment !== undefined && known(deployment) && (typeof deployment !== "string" || deployment === "")) {
        failures.push({
            property: "defaultDeployment",
            reason: `expected the name of a deployment of the endpoint, or nothing for no default, got ${JSON.stringify(deployment)}`,
        });
    }
    const tags = news.tags;
    if (
        tags !== undefined &&
        known(tags) &&
        (typeof tags !== "object" ||
            tags === null ||
            Object.values(tags).some((value) => typeof value !== "string" && known(value)))
    ) {
        failures.push({
            property: "tags",
            reason: `expected tags as names to text values, got ${JSON.stringify(tags)}`,
        });
    }
    return failures;
}

/**
 * Whether the owner's inputs changed in a way that needs a write. Deployment names compare as Azure ML compares
 * them, and endpoint ids as ARM does (case-insensitively): a case-only change of the id is the same endpoint, never
 * a replace. Another endpoint is a replace: the new owner is created before the old one is deleted, and the old
 * one's delete touches only an endpoint that still carries its own mark.
 */
export function diffBatchEndpointDefaultsInputs(
    olds: BatchEndpointDefaultsProps,
    news: BatchEndpointDefaultsProps,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
    const sameId = (olds.endpointId ?? "").toLowerCase() === (news.endpointId ?? "").toLowerCase();
    const replaces = sameId ? [] : ["endpointId"];
    const changes =
        replaces.length > 0 ||
        !sameDeployment(olds.defaultDeployment, news.defaultDeployment) ||
        (olds.description ?? "") !== (news.description ?? "") ||
        JSON.stringify(olds.tags ?? {}) !== JSON.stringify(news.tags ?? {}) ||
        olds.version !== news.version;
    return { changes, replaces, deleteBeforeReplace: false };
}
