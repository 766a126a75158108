import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import { route } from "./scoring";
import { LoadRun, keyOf } from "./state";

/** What a test asks for: a steady rate through an online endpoint for a stretch of emulator time. */
export interface LoadOptions {
    /** ARM id of the online endpoint. */
    readonly endpointId: string;
    readonly requestsPerMinute: number;
    /** Emulator milliseconds the load lasts, from now. */
    readonly durationMs: number;
    /** Request headers; `azureml-model-deployment` pins the load to one deployment, as it does for a client. */
    readonly headers?: Record<string, string>;
    readonly body?: unknown;
}

/** Starts a load run; throws with what is wrong when the options or the endpoint are not usable. */
export function startLoad(ctx: EmulatorContext, options: LoadOptions): LoadRun {
    settleLoad(ctx);
    const { endpointId, requestsPerMinute, durationMs } = options;
    const endpoint = typeof endpointId === "string" ? ctx.state.endpoints.get(keyOf(endpointId)) : undefined;
    if (endpoint === undefined || endpoint.kind !== "online") {
        const known = [...ctx.state.endpoints.values()].filter((e) => e.kind === "online").map((e) => e.id);
        throw new Error(
            `endpointId ${String(endpointId)} is not an online endpoint of this emulator; known: ${known.join(", ") || "none"}`,
        );
    }
    if (!(requestsPerMinute > 0) || !Number.isFinite(requestsPerMinute)) {
        throw new Error(`requestsPerMinute must be a positive number, got ${String(requestsPerMinute)}`);
    }
    if (!(durationMs > 0) || !Number.isFinite(durationMs)) {
        throw new Error(`durationMs must be a positive number of emulator milliseconds, got ${String(durationMs)}`);
    }
    const now = ctx.now();
    const run: LoadRun = {
        id: ctx.state.nextId("load"),
        endpointId: endpoint.id,
        intervalMs: 60_000 / requestsPerMinute,
        startAt: now,
        endAt: now + durationMs,
        sent: 0,
        headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        body: options.body,
        statuses: {},
    };
    ctx.state.loadRuns.push(run);
    return run;
}

/** Ends a run (or every run) at the current time; requests already due are generated first. */
export function stopLoad(ctx: EmulatorContext, id?: string): LoadRun[] {
    settleLoad(ctx);
    const runs = ctx.state.loadRuns.filter((r) => id === undefined || r.id === id);
    if (id !== undefined && runs.length === 0) {
        throw new Error(`no load run ${id}; known: ${ctx.state.loadRuns.map((r) => r.id).join(", ") || "none"}`);
    }
    for (const run of runs) {
        run.endAt = Math.min(run.endAt, ctx.now());
    }
    return runs;
}

function nextDue(run: LoadRun): number | undefined {
    const at = run.startAt + run.sent * run.intervalMs;
    return at < run.endAt ? at : undefined;
}

/**
 * Generates every request whose time has come, oldest first across runs, each at its own time: it sees the traffic
 * map, deployment states and behaviour in force then. Called before any request is handled, as settleOperations is,
 * so a change (a traffic PUT) lands between the requests before it and the ones after it.
 */
export function settleLoad(ctx: EmulatorContext): void {
    const now = ctx.now();
    for (;;) {
        let earliest: { run: LoadRun; at: number } | undefined;
        for (const run of ctx.state.loadRuns) {
            const at = nextDue(run);
            if (at !== undefined && at <= now && (earliest === undefined || at < earliest.at)) {
                earliest = { run, at };
            }
        }
        if (earliest === undefined) {
            return;
        }
        const { run, at } = earliest;
        run.sent++;
        const status = ctx.at(at, () => generateOne(ctx, run));
        run.statuses[status] = (run.statuses[status] ?? 0) + 1;
    }
}

function generateOne(ctx: EmulatorContext, run: LoadRun): number {
    const endpoint = ctx.state.endpoints.get(keyOf(run.endpointId));
    if (endpoint === undefined) {
        return 404;
    }
    const routed = route(ctx, endpoint, run.headers["azureml-model-deployment"], true);
    return "error" in routed ? routed.error.status : routed.outcome.status;
}

/** A run as the control API shows it. */
export function loadView(run: LoadRun): Record<string, unknown> {
    return {
        id: run.id,
        endpointId: run.endpointId,
        requestsPerMinute: 60_000 / run.intervalMs,
        startAt: new Date(run.startAt).toISOString(),
        endAt: new Date(run.endAt).toISOString(),
        sent: run.sent,
        statuses: { ...run.statuses },
    };
}

/** `POST /_emulator/load`, `GET /_emulator/load`, `DELETE /_emulator/load[/{id}]`; undefined for other paths. */
export function loadControl(ctx: EmulatorContext, req: EmulatorRequest): EmulatorResponse | undefined {
    const match = /^\/_emulator\/load(?:\/([^/]+))?$/.exec(req.path);
    if (match === null) {
        return undefined;
    }
    const id = match[1];
    try {
        if (req.method === "POST" && id === undefined) {
            return json(201, loadView(startLoad(ctx, bodyOf(req) as LoadOptions)));
        }
        if (req.method === "GET" && id === undefined) {
            settleLoad(ctx);
            return json(200, ctx.state.loadRuns.map(loadView));
        }
        if (req.method === "DELETE") {
            return json(200, stopLoad(ctx, id).map(loadView));
        }
    } catch (error) {
        return armError(id !== undefined ? 404 : 400, "BadLoad", (error as Error).message);
    }
    return armError(
        405,
        "MethodNotAllowed",
        `${req.method} is not supported on ${req.path}; use POST or GET /_emulator/load, DELETE /_emulator/load[/{id}].`,
    );
}
