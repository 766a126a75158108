/**
 * A batch endpoint's ARM id and what it names. Free of the Azure SDK: programs check ids with it before anything
 * runs.
 */

/** The workspace and name of a batch endpoint, from its ARM id. */
export interface BatchEndpointParts {
    readonly workspaceId: string;
    readonly endpointName: string;
}

const BATCH_ENDPOINT_ID =
    /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+)\/batchEndpoints\/([^/]+)$/i;

/** Whether an id names a batch endpoint: /subscriptions/…/workspaces/<ws>/batchEndpoints/<name>. */
export function isBatchEndpointId(id: string): boolean {
    return BATCH_ENDPOINT_ID.test(id);
}

/** The workspace id and endpoint name of a batch endpoint id; throws naming the id when it is not one. */
export function batchEndpointParts(endpointId: string): BatchEndpointParts {
    const match = BATCH_ENDPOINT_ID.exec(endpointId);
    if (match === null) {
        throw new Error(
            `"${endpointId}" is not a batch endpoint id: expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.MachineLearningServices/workspaces/<workspace>/batchEndpoints/<name>`,
        );
    }
    return { workspaceId: match[1], endpointName: match[2] };
}
