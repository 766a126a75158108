import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";

function operationNotFound(id: string | undefined): EmulatorResponse {
    return armError(404, "ResourceNotFound", `Operation '${id}' was not found.`);
}

/** GET .../mfeOperationsStatus/{id}: the Azure-AsyncOperation status document, with Retry-After while running. */
export function getOperationStatus(
    ctx: EmulatorContext,
    _req: EmulatorRequest,
    p: { operation?: string },
): EmulatorResponse {
    const operation = ctx.state.operations.get(p.operation ?? "");
    if (operation === undefined) {
        return operationNotFound(p.operation);
    }
    const status = ctx.operationStatus(operation);
    return json(
        200,
        {
            id: operation.id,
            name: operation.id,
            status,
            ...(status === "Failed" || status === "Canceled" ? { error: operation.error } : {}),
        },
        status === "InProgress" ? ctx.retryAfterHeader() : {},
    );
}

/**
 * GET .../mfeOperationResults/{id}: the Location poll: 202 while running, then 200, or the operation's error.
 * What a Location poll answers for a canceled operation is not documented; the emulator answers an error
 * (OperationCanceled), so a client cannot take a canceled write for a done one.
 */
export function getOperationResult(
    ctx: EmulatorContext,
    req: EmulatorRequest,
    p: { operation?: string },
): EmulatorResponse {
    const operation = ctx.state.operations.get(p.operation ?? "");
    if (operation === undefined) {
        return operationNotFound(p.operation);
    }
    const status = ctx.operationStatus(operation);
    if (status === "InProgress") {
        return json(202, undefined, {
            location: `${ctx.baseUrl}${req.path}?${req.query.toString()}`,
            ...ctx.retryAfterHeader(),
        });
    }
    if (status === "Failed" || status === "Canceled") {
        return armError(
            status === "Canceled" ? 409 : 500,
            operation.error?.code ?? "InternalServerError",
            operation.error?.message ?? "The operation failed.",
        );
    }
    return json(200, undefined);
}
