import * as https from "https";
import {
    agentPolicy,
    Pipeline,
    PipelinePolicy,
    PipelineRequest,
    bearerTokenAuthenticationPolicy,
    createHttpHeaders,
    createPipelineFromOptions,
    createDefaultHttpClient,
    createPipelineRequest,
    HttpClient,
} from "@azure/core-rest-pipeline";
import { createHttpPoller, OperationResponse, RunningOperation } from "@azure/core-lro";
import { ArmError } from "./armError";
import { ArmTarget } from "./target";

/**
 * Rewrites a response's Retry-After (seconds of the emulator's clock) as retry-after-ms of real time, which the
 * SDK's retry strategies read first; long-running operation polls then fall back to the target's poll interval.
 */
function scaleRetryAfterPolicy(timeScale: number): PipelinePolicy {
    return {
        name: "emulatorRetryAfterScale",
        async sendRequest(request, next) {
            const response = await next(request);
            const seconds = Number(response.headers.get("retry-after"));
            if (response.headers.has("retry-after") && Number.isFinite(seconds)) {
                response.headers.delete("retry-after");
                response.headers.set("retry-after-ms", String(Math.ceil((seconds * 1000) / timeScale)));
            }
            return response;
        },
    };
}

/** A parsed ARM response. */
export interface ArmResponse {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: unknown;
}

export interface ArmRequestOptions {
    /** Required for resource paths; poll URLs that ARM hands back carry their own. */
    readonly apiVersion?: string;
    readonly query?: Record<string, string>;
    readonly body?: unknown;
    /** Extra request headers, e.g. If-Match for optimistic concurrency. */
    readonly headers?: Record<string, string>;
    readonly abortSignal?: AbortSignal;
}

/**
 * The one place that speaks ARM over HTTP, on the Azure SDK pipeline: retries with backoff, 429/503 Retry-After,
 * bearer tokens per request, and ARM long-running operations through @azure/core-lro.
 */
export class ArmClient {
    private readonly pipeline: Pipeline;
    private readonly httpClient: HttpClient;

    constructor(
        readonly target: ArmTarget,
        options: { maxRetries?: number; httpClient?: HttpClient } = {},
    ) {
        this.pipeline = createPipelineFromOptions({
            // The SDK's own backoff (0.8 s doubling up to 64 s) runs on the target's clock too.
            retryOptions: {
                maxRetries: options.maxRetries ?? 6,
                retryDelayInMs: 800 / target.clock.timeScale,
                maxRetryDelayInMs: 64_000 / target.clock.timeScale,
            },
            userAgentOptions: { userAgentPrefix: "azureml-pulumi" },
        });
        this.pipeline.addPolicy(
            bearerTokenAuthenticationPolicy({ credential: target.credential, scopes: target.scope }),
        );
        if (target.clock.timeScale !== 1) {
            // Only the emulator's clock runs fast: its Retry-After is in its seconds, waited in ours.
            this.pipeline.addPolicy(scaleRetryAfterPolicy(target.clock.timeScale), { afterPhase: "Retry" });
        }
        if (target.ca !== undefined) {
            // Only the emulator target carries a CA: trust its throwaway certificate, and nothing else changes.
            this.pipeline.addPolicy(agentPolicy(new https.Agent({ ca: target.ca, keepAlive: true })));
        }
        this.httpClient = options.httpClient ?? createDefaultHttpClient();
    }

    /**
     * An absolute URL for a resource path (or an absolute URL ARM returned) with the query applied. A URL on
     * another origin than the target's is refused: the bearer token goes with every request, and a polling header
     * naming a foreign host must not take it there.
     */
    url(pathOrUrl: string, query: Record<string, string> = {}): string {
        const url = new URL(/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.target.endpoint}${pathOrUrl}`);
        if (url.origin !== new URL(this.target.endpoint).origin) {
            throw new ArmError(
                0,
                "ForeignHost",
                `refusing to send a request (and its bearer token) to ${url.origin}, which is not the ARM endpoint ${this.target.endpoint}`,
                "GET",
                url.toString(),
            );
        }
        for (const [key, value] of Object.entries(query)) {
            url.searchParams.set(key, value);
        }
        return url.toString();
    }

    /** Sends one request; returns any response (errors included) parsed, without throwing on status. */
    async send(method: string, pathOrUrl: string, options: ArmRequestOptions): Promise<ArmResponse> {
        const request: PipelineRequest = createPipelineRequest({
            url: this.url(pathOrUrl, {
                ...(options.apiVersion !== undefined ? { "api-version": options.apiVersion } : {}),
                ...options.query,
            }),
            method: method as PipelineRequest["method"],
            headers: createHttpHeaders({
                "content-type": "application/json",
                accept: "application/json",
                ...options.headers,
            }),
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
            abortSignal: options.abortSignal,
        });
        let response: Awaited<ReturnType<Pipeline["sendRequest"]>>;
        try {
            response = await this.pipeline.sendRequest(this.httpClient, request);
        } catch (error) {
            // No response at all (a reset, a refused connection) once the SDK's retries ran out: say what and where.
            const code = (error as { code?: unknown }).code;
            throw new ArmError(
                0,
                typeof code === "string" ? code : "NoResponse",
                error instanceof Error ? error.message : String(error),
                method,
                request.url,
            );
        }
        let body: unknown = response.bodyAsText ?? undefined;
        if (typeof body === "string" && body !== "") {
            try {
                body = JSON.parse(body);
            } catch {
                // Not JSON: keep the text for the error message.
            }
        }
        return { status: response.status, headers: response.headers.toJSON(), body };
    }

    /** Sends a request and throws an ArmError for any status of 400 and above. */
    async request(method: string, pathOrUrl: string, options: ArmRequestOptions): Promise<ArmResponse> {
        const response = await this.send(method, pathOrUrl, options);
        if (response.status >= 400) {
            throw ArmError.fromResponse(response.status, response.body, method, this.url(pathOrUrl), response.headers);
        }
        return response;
    }

    /**
     * Starts a long-running operation and polls it to its end the ARM way (Azure-AsyncOperation, Location,
     * Retry-After). Throws an ArmError when the operation ends Failed or Canceled.
     */
    async runLongOperation(
        method: string,
        path: string,
        options: ArmRequestOptions & { pollIntervalMs?: number },
    ): Promise<unknown> {
        const toOperationResponse = (
            response: ArmResponse,
            requestMethod: string,
            url: string,
        ): OperationResponse<unknown> => ({
            flatResponse: response.body,
            rawResponse: {
                statusCode: response.status,
                headers: response.headers,
                body: response.body,
                request: { method: requestMethod, url },
            },
        });
        let lastPoll: { url: string; response: ArmResponse } | undefined;
        const operation: RunningOperation<unknown> = {
            // The request URL keeps its api-version: core-lro reads the resource from it when the operation ends.
            sendInitialRequest: async () =>
                toOperationResponse(
                    await this.request(method, path, options),
                    method,
                    this.url(path, {
                        ...(options.apiVersion !== undefined ? { "api-version": options.apiVersion } : {}),
                        ...options.query,
                    }),
                ),
            // Poll URLs carry their own api-version; keep it rather than imposing ours.
            sendPollRequest: async (pollUrl: string) => {
                const response = await this.request("GET", pollUrl, { abortSignal: options.abortSignal });
                lastPoll = { url: pollUrl, response };
                return toOperationResponse(response, "GET", pollUrl);
            },
        };
        const poller = createHttpPoller(operation, {
            intervalInMs: options.pollIntervalMs ?? this.target.pollIntervalMs,
            resourceLocationConfig: method === "DELETE" ? "azure-async-operation" : "location",
        });
        try {
            return await poller.pollUntilDone({ abortSignal: options.abortSignal });
        } catch (error) {
            if (error instanceof ArmError) {
                throw error;
            }
            // The operation ended Failed or Canceled: report the operation's own error, from its status document.
            const body = lastPoll?.response.body as { status?: string; error?: { code?: string; message?: string } };
            const outcome = body?.status === "Canceled" ? "Canceled" : "Failed";
            const message = error instanceof Error ? error.message : String(error);
            // A status document answers 200 whatever the outcome: a cancel reads as a conflict, a failure as a
            // server error, which is how callers decide whether another attempt makes sense.
            throw new ArmError(
                outcome === "Canceled" ? 409 : 500,
                body?.error?.code ?? `Operation${outcome}`,
                body?.error?.message ?? message,
                method,
                this.url(path),
                undefined,
                outcome,
            );
        }
    }

    /** Deletes a resource and waits for it to be gone; a resource that is already gone is success. */
    async deleteAndWait(
        path: string,
        options: ArmRequestOptions & { pollIntervalMs?: number },
    ): Promise<"deleted" | "absent"> {
        try {
            await this.runLongOperation("DELETE", path, options);
            return "deleted";
        } catch (error) {
            if (error instanceof ArmError && error.status === 404) {
                return "absent";
            }
            throw error;
        }
    }
}
