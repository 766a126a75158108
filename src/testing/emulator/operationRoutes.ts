import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";

/** GET .../mfeOperationsStatus/{id}: the Azure-AsyncOperation status document. */
export function getOperationStatus(ctx: EmulatorContext, _req: EmulatorRequest, p: { operation?: string }): EmulatorResponse {
    const operation = ctx.state.operations.get(p.operation ?? "");
    if (operation === undefined) {
        return armError(404, "ResourceNotFound", `Operation '${p.operation}' was not found.`);
    }
    const status = ctx.operationStatus(operation);
    const retry = ctx.options.lroRetryAfterSeconds;
    return json(
        200,
        { id: operation.id, name: operation.id, status, ...(status === "Failed" ? { error: operation.error } : {}) },
        status === "InProgress" && retry !== null ? { "retry-after": String(retry) } : {},
    );
}

/** GET .../mfeOperationResults/{id}: the Location poll: 202 while running, then 200 (or the error). */
export function getOperationResult(ctx: EmulatorContext, _req: EmulatorRequest, p: { operation?: string }): EmulatorResponse {
    const operation = ctx.state.operations.get(p.operation ?? "");
    if (operation === undefined) {
        return armError(404, "ResourceNotFound", `Operation '${p.operation}' was not found.`);
    }
    const status = ctx.operationStatus(operation);
    if (status === "InProgress") {
        const retry = ctx.options.lroRetryAfterSeconds;
        return json(202, undefined, { location: _req.path, ...(retry !== null ? { "retry-after": String(retry) } : {}) });
    }
    if (status === "Failed") {
        return armError(500, operation.error?.code ?? "InternalServerError", operation.error?.message ?? "The operation failed.");
    }
    return json(200, undefined);
}
