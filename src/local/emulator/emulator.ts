import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { createEmulatorCertificate } from "./certificate";
import { ClockOptions, EmulatorClock } from "./clock";
import { EmulatorContext, EmulatorOptions, resolveOptions } from "./context";
import { FaultRule, FaultTable, IMMEDIATE_KINDS } from "./faults";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";
import { LoadOptions, loadControl, settleLoad, startLoad, stopLoad } from "./loadGenerator";
import { getMetrics } from "./metrics";
import { workspaceId, settleOperations } from "./resources";
import { armRouter, dataPlaneRouter } from "./routes";
import { Router } from "./router";
import { EmulatorSnapshot, readSnapshot, restoreSnapshot, takeSnapshot } from "./snapshot";
import { armAudienceError } from "./tokenAudience";
import { DeploymentBehaviour, EmulatorState, LoadRun, RequestLogEntry, keyOf } from "./state";

export type { EmulatorSnapshot } from "./snapshot";

export interface StartOptions extends EmulatorOptions {
    /** Port on 127.0.0.1. @default a free port */
    readonly port?: number;
    /**
     * A snapshot to start from: what `snapshot()` returned, as is or read back from JSON. The emulator starts with
     * its state, and its clock goes on from the snapshot's time (at `clock.timeScale`, or by hand). A snapshot of
     * another format version is refused.
     */
    readonly restore?: unknown;
}

/**
 * A local, stateful stand-in for Azure Machine Learning: the ARM control plane of
 * Microsoft.MachineLearningServices (workspaces, online and batch endpoints and deployments, jobs, keys and
 * tokens, ARM long-running operations), the online and batch data planes, an Azure Monitor metrics API computed
 * from served traffic, fault injection and a request log. It listens on 127.0.0.1 over https with a certificate
 * made at start-up; `env()` gives a child process what it needs to trust and reach it.
 */
export class AzureMlEmulator {
    readonly state = new EmulatorState();
    readonly faults = new FaultTable();
    readonly requestLog: RequestLogEntry[] = [];
    /** The one clock of operations, samples, metrics, jobs and Retry-After. */
    readonly clock: EmulatorClock;
    private readonly ctx: EmulatorContext;
    private readonly arm: Router = armRouter();
    private readonly dataPlane: Router = dataPlaneRouter();
    private server?: https.Server;
    private seq = 0;
    private tempDir?: string;
    private readonly sockets = new Set<import("stream").Duplex>();

    /** Base URL, e.g. https://127.0.0.1:43123 */
    baseUrl = "";
    /** PEM of the self-signed certificate clients must trust. */
    certificate = "";
    /** Path of a file holding `certificate`, for NODE_EXTRA_CA_CERTS or AZUREML_PULUMI_EMULATOR_CA_FILE. */
    certificateFile = "";

    private constructor(options: EmulatorOptions, restore?: EmulatorSnapshot) {
        this.clock = new EmulatorClock(restore === undefined ? options.clock : restoredClock(options, restore));
        this.ctx = new EmulatorContext(this.state, this.faults, resolveOptions(options), this.clock);
        if (restore !== undefined) {
            restoreSnapshot(this.state, restore);
        }
    }

    static async start(options: StartOptions = {}): Promise<AzureMlEmulator> {
        const restore = options.restore === undefined ? undefined : readSnapshot(options.restore);
        const emulator = new AzureMlEmulator(options, restore);
        const { key, cert } = await createEmulatorCertificate();
        emulator.certificate = cert;
        emulator.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "azureml-emulator-"));
        emulator.certificateFile = path.join(emulator.tempDir, "emulator-ca.pem");
        fs.writeFileSync(emulator.certificateFile, cert);
        const server = https.createServer({ key, cert }, (req, res) => void emulator.handle(req, res));
        server.on("connection", (socket) => {
            emulator.sockets.add(socket);
            socket.on("close", () => emulator.sockets.delete(socket));
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
        });
        emulator.server = server;
        emulator.baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        emulator.ctx.baseUrl = emulator.baseUrl;
        return emulator;
    }

    /**
     * Everything in the emulator's state (resources, operations, jobs, samples, load runs, …) and its time now, as
     * JSON-serialisable data: `AzureMlEmulator.start({ restore })` goes on from it.
     */
    snapshot(): EmulatorSnapshot {
        return takeSnapshot(this.state, this.clock.now());
    }

    /** Environment for a process (a provider host) that should talk to this emulator. */
    env(): Record<string, string> {
        return {
            AZUREML_PULUMI_ARM_ENDPOINT: this.baseUrl,
            AZUREML_PULUMI_EMULATOR_CA_FILE: this.certificateFile,
            NODE_EXTRA_CA_CERTS: this.certificateFile,
            AZUREML_PULUMI_EMULATOR_POLL_MS: "10",
            ...this.clock.clientEnv(),
        };
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) {
            socket.destroy();
        }
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
        if (this.tempDir) {
            fs.rmSync(this.tempDir, { recursive: true, force: true });
        }
    }

    /** Creates a workspace directly (tests start from an existing workspace, as the library's users do). */
    seedWorkspace(sub: string, rg: string, ws: string, location = this.ctx.options.location): string {
        const id = workspaceId(sub, rg, ws);
        this.state.workspaces.set(keyOf(id), { id, name: ws, location, body: { location }, softDeleted: false });
        return id;
    }

    /**
     * Runs before each ARM, data-plane or metrics request is handled, after time has settled: lets a test act as
     * another client at an exact point (e.g. a concurrent writer between a PUT and its read-back).
     */
    beforeRequest?: (req: EmulatorRequest) => void;

    injectFault(rule: FaultRule): void {
        this.faults.add(rule);
    }

    clearFaults(): void {
        this.faults.clear();
    }

    /** Sets how a deployment behaves when scored (latency, error rate, batch outcome). */
    setDeploymentBehaviour(deploymentId: string, behaviour: Partial<DeploymentBehaviour>): void {
        const deployment = this.state.deployments.get(keyOf(deploymentId));
        if (deployment === undefined) {
            throw new Error(
                `no deployment ${deploymentId}; known: ${[...this.state.deployments.values()].map((d) => d.id).join(", ") || "none"}`,
            );
        }
        Object.assign(deployment.behaviour, behaviour);
    }

    /**
     * Sends `requestsPerMinute` through an online endpoint's routing and mirroring for `durationMs` of emulator
     * time. Requests are generated as the clock passes their times (before any request is handled, or on
     * `settle()`), so a manual clock or any time scale works and no real timer runs.
     */
    startLoad(options: LoadOptions): LoadRun {
        return startLoad(this.ctx, options);
    }

    /** Stops one load run, or all of them, at the current emulator time. */
    stopLoad(id?: string): LoadRun[] {
        return stopLoad(this.ctx, id);
    }

    /** Brings generated load up to the current emulator time (requests through HTTP do this themselves). */
    settle(): void {
        settleLoad(this.ctx);
        settleOperations(this.ctx);
    }

    /** Requests in the log matching a method and a path fragment or pattern. */
    requests(method?: string, pathPattern?: string | RegExp): RequestLogEntry[] {
        return this.requestLog.filter(
            (r) =>
                (method === undefined || r.method === method) &&
                (pathPattern === undefined ||
                    (typeof pathPattern === "string"
                        ? r.path.toLowerCase().includes(pathPattern.toLowerCase())
                        : pathPattern.test(r.path))),
        );
    }

    private async handle(req: import("http").IncomingMessage, res: import("http").ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", this.baseUrl);
        const method = (req.method ?? "GET").toUpperCase();
        const plane = url.pathname.startsWith("/_emulator")
            ? "control"
            : url.pathname.startsWith("/inference/")
              ? "data"
              : /\/providers\/Microsoft\.Insights\/metrics$/i.test(url.pathname)
                ? "metrics"
                : "arm";
        const ifMatch = typeof req.headers["if-match"] === "string" ? req.headers["if-match"] : undefined;
        const entry: RequestLogEntry = {
            seq: ++this.seq,
            time: this.clock.now(),
            method,
            path: url.pathname,
            query: url.search,
            status: 0,
            plane,
            ...(ifMatch !== undefined ? { ifMatch } : {}),
        };
        if (plane !== "control") {
            this.requestLog.push(entry);
        }
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
            chunks.push(chunk as Buffer);
        }
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        let response: EmulatorResponse | "reset";
        try {
            body = text === "" ? undefined : JSON.parse(text);
            const request: EmulatorRequest = {
                method,
                path: url.pathname,
                query: url.searchParams,
                headers: req.headers as Record<string, string | undefined>,
                body,
            };
            response = await this.dispatch(request, plane, entry);
        } catch (error) {
            response =
                error instanceof SyntaxError
                    ? armError(400, "InvalidRequestContent", `The request body is not valid JSON: ${error.message}`)
                    : armError(500, "InternalServerError", String(error));
        }
        if (response === "reset") {
            entry.status = -1;
            req.socket.destroy();
            return;
        }
        entry.status = response.status;
        const payload = response.body === undefined ? "" : JSON.stringify(response.body);
        res.writeHead(response.status, {
            ...(payload !== "" ? { "content-type": "application/json; charset=utf-8" } : {}),
            "x-ms-request-id": String(entry.seq),
            ...response.headers,
        });
        res.end(payload);
    }

    private async dispatch(
        req: EmulatorRequest,
        plane: string,
        entry: RequestLogEntry,
    ): Promise<EmulatorResponse | "reset"> {
        if (plane === "control") {
            return this.control(req);
        }
        // Generated load first: requests due before an operation ended saw the world before it.
        settleLoad(this.ctx);
        settleOperations(this.ctx);
        this.beforeRequest?.(req);
        this.ctx.currentEntry = entry;
        const fault = this.faults.take(IMMEDIATE_KINDS, req.method, req.path);
        if (fault !== undefined) {
            entry.fault = fault.kind;
            const retryAfter = { "retry-after": String(fault.retryAfterSeconds ?? 1) };
            switch (fault.kind) {
                case "reset":
                    return "reset";
                case "throttle":
                    return armError(429, "TooManyRequests", "The request was throttled (injected fault).", retryAfter);
                case "unavailable":
                    return armError(
                        503,
                        "ServiceUnavailable",
                        "The service is unavailable (injected fault).",
                        retryAfter,
                    );
                case "conflict":
                    return this.ctx.conflict(`${req.path} (injected fault)`);
                default:
                    return armError(500, "InternalServerError", "An internal error occurred (injected fault).");
            }
        }
        if (plane === "data") {
            const found = this.dataPlane.match(req.method, req.path);
            return "handler" in found
                ? found.handler(this.ctx, req, found.params)
                : json(404, { message: `No data-plane route for ${req.method} ${req.path}.` });
        }
        if (!req.query.has("api-version")) {
            return armError(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            );
        }
        if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
            return armError(
                401,
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
            );
        }
        const wrongAudience = armAudienceError(req.headers.authorization, this.baseUrl);
        if (wrongAudience) {
            return wrongAudience;
        }
        if (plane === "metrics") {
            return getMetrics(this.ctx, req, req.path.replace(/\/providers\/Microsoft\.Insights\/metrics$/i, ""));
        }
        const found = this.arm.match(req.method, req.path);
        if ("handler" in found) {
            return found.handler(this.ctx, req, found.params);
        }
        return found.allowed.length > 0
            ? armError(
                  405,
                  "MethodNotAllowed",
                  `${req.method} is not supported on ${req.path}; allowed: ${found.allowed.join(", ")}.`,
              )
            : armError(404, "NotSupportedByEmulator", `The emulator has no route for ${req.method} ${req.path}.`);
    }

    /** The HTTP control API, for an emulator started on its own (npm run emulator). */
    private control(req: EmulatorRequest): EmulatorResponse {
        const route = `${req.method} ${req.path}`;
        switch (route) {
            case "GET /_emulator/requests":
                return json(200, this.requestLog);
            case "POST /_emulator/faults": {
                const rule = req.body as FaultRule & { path?: string };
                try {
                    this.faults.add(rule);
                } catch (error) {
                    return armError(400, "BadFault", (error as Error).message);
                }
                return json(201, this.faults.pending());
            }
            case "DELETE /_emulator/faults":
                this.faults.clear();
                return json(204, undefined);
            case "POST /_emulator/workspaces": {
                const { subscriptionId, resourceGroup, workspace } = (req.body ?? {}) as Record<string, string>;
                return json(201, { id: this.seedWorkspace(subscriptionId, resourceGroup, workspace) });
            }
            case "POST /_emulator/behaviour": {
                const { deploymentId, ...behaviour } = (req.body ?? {}) as {
                    deploymentId: string;
                } & Partial<DeploymentBehaviour>;
                try {
                    this.setDeploymentBehaviour(deploymentId, behaviour);
                } catch (error) {
                    return armError(404, "NotFound", (error as Error).message);
                }
                return json(200, this.state.deployments.get(keyOf(deploymentId))?.behaviour);
            }
            default:
                return loadControl(this.ctx, req) ?? armError(404, "NotFound", `No control route ${route}.`);
        }
    }
}

/** The clock of a restored emulator: it starts at the snapshot's time, or later if asked, never earlier. */
function restoredClock(options: EmulatorOptions, restore: EmulatorSnapshot): ClockOptions {
    const startAt = options.clock?.startAt ?? restore.takenAt;
    if (startAt < restore.takenAt) {
        throw new Error(
            `clock.startAt ${startAt} is before the snapshot's time ${restore.takenAt}: a restored emulator's time only goes forward`,
        );
    }
    return { ...options.clock, startAt };
}
