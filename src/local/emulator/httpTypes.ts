/** What a route handler returns; the server writes it. */
export interface EmulatorResponse {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
}

/** A parsed request as route handlers see it. */
export interface EmulatorRequest {
    readonly method: string;
    /** Path without query, URL-decoded segments kept as sent. */
    readonly path: string;
    readonly query: URLSearchParams;
    readonly headers: Record<string, string | undefined>;
    readonly body: unknown;
}

/** An ARM-shaped error response. */
export function armError(
    status: number,
    code: string,
    message: string,
    extra: Record<string, string> = {},
): EmulatorResponse {
    return { status, body: { error: { code, message } }, headers: extra };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
    return { status, body, headers };
}

/** A request's JSON body as an object ({} when there is none). */
export function bodyOf(req: EmulatorRequest): Record<string, any> {
    return typeof req.body === "object" && req.body !== null ? (req.body as Record<string, any>) : {};
}
