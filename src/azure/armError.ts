/** An ARM error response: status, the error code and message ARM put in its body, and the request. */
export class ArmError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly method: string,
        readonly url: string,
    ) {
        super(`${method} ${url} failed with ${status} ${code}: ${message}`);
        this.name = "ArmError";
    }

    /** Builds the error from a response body in the ARM shape ({ error: { code, message } }), or whatever came. */
    static fromResponse(status: number, body: unknown, method: string, url: string): ArmError {
        const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        const code = typeof error?.code === "string" ? error.code : `Http${status}`;
        const message =
            typeof error?.message === "string"
                ? error.message
                : typeof body === "string" && body !== ""
                  ? body
                  : "no error details";
        return new ArmError(status, code, message, method, url);
    }
}
