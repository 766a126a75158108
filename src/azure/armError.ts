/**
 * An ARM error: status (0 when no response came), the error code and message ARM put in its body (or the network
 * error's code), the request, and how long ARM asked to wait (Retry-After) when it said.
 */
export class ArmError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly method: string,
        readonly url: string,
        readonly retryAfterMs?: number,
        /** How the long-running operation the request started ended, when that is what failed. */
        readonly outcome?: "Failed" | "Canceled",
    ) {
        super(
            outcome !== undefined
                ? `${method} ${url}: the operation ended ${outcome} with ${code}: ${message}`
                : status === 0
                  ? `${method} ${url} failed without a response (${code}): ${message}`
                  : `${method} ${url} failed with ${status} ${code}: ${message}`,
        );
        this.name = "ArmError";
    }

    /** Whether Azure documents the failure as transient: throttling, unavailability, server errors, no response. */
    get transient(): boolean {
        return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
    }

    /** Builds the error from a response body in the ARM shape ({ error: { code, message } }), or whatever came. */
    static fromResponse(
        status: number,
        body: unknown,
        method: string,
        url: string,
        headers: Record<string, string> = {},
    ): ArmError {
        const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        const code = typeof error?.code === "string" ? error.code : `Http${status}`;
        const message =
            typeof error?.message === "string"
                ? error.message
                : typeof body === "string" && body !== ""
                  ? body
                  : "no error details";
        return new ArmError(status, code, message, method, url, retryAfterMs(headers));
    }
}

/** Retry-After as milliseconds: retry-after-ms (which the emulator's clock policy writes) or seconds. */
function retryAfterMs(headers: Record<string, string>): number | undefined {
    const ms = Number(headers["retry-after-ms"]);
    if (headers["retry-after-ms"] !== undefined && Number.isFinite(ms)) {
        return ms;
    }
    const seconds = Number(headers["retry-after"]);
    return headers["retry-after"] !== undefined && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
