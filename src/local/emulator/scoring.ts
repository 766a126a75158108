import { setTimeout as sleep } from "timers/promises";
import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, json } from "./httpTypes";
import { OnlineParams } from "./onlineRoutes";
import { deploymentSucceeded, workspaceId } from "./resources";
import { ServeOutcome, failsAt, serveOn } from "./serving";
import { DeploymentRecord, EndpointRecord, keyOf } from "./state";

function authorized(e: EndpointRecord, header: string | undefined): boolean {
    const token = /^Bearer (\S+)$/.exec(header ?? "")?.[1];
    if (token === undefined) {
        return false;
    }
    switch (e.body.properties?.authMode) {
        case "Key":
            return token === e.keys.primaryKey || token === e.keys.secondaryKey;
        case "AMLToken":
            return token === `amltoken.${e.keys.primaryKey}`;
        default:
            // Entra ID tokens are not verified by the emulator; any bearer token stands for one.
            return true;
    }
}

/** Smooth weighted round-robin: exact shares over any window, deterministic from the request count. */
function pickByWeight(e: EndpointRecord, weights: [string, number][]): string | undefined {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    if (total === 0) {
        return undefined;
    }
    let best: string | undefined;
    for (const [name, weight] of weights) {
        e.routing[name] = (e.routing[name] ?? 0) + weight;
        if (best === undefined || e.routing[name] > e.routing[best]) {
            best = name;
        }
    }
    e.routing[best!] -= total;
    return best;
}

/** Where a request ends up: the deployment that answers it and how, or why nothing could take it. */
export type Routed = { target: DeploymentRecord; outcome: ServeOutcome } | { error: EmulatorResponse };

/**
 * Routes one request through the endpoint at the emulator's current time: by the `azureml-model-deployment` header,
 * or by the traffic weights with mirror copies to shadow deployments. Synchronous, so generated load can run it at
 * past times (see loadGenerator.ts).
 */
export function route(
    ctx: EmulatorContext,
    e: EndpointRecord,
    deploymentHeader: string | undefined,
    holdsSlot: boolean,
): Routed {
    const deployments = ctx.state.deploymentsOf(e.id);
    const byName = (name: string) => deployments.find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (deploymentHeader !== undefined) {
        const target = byName(deploymentHeader);
        if (target === undefined || !deploymentSucceeded(ctx, target)) {
            return {
                error: json(404, {
                    message: `Deployment '${deploymentHeader}' not found or not ready under endpoint '${e.name}'.`,
                }),
            };
        }
        return { target, outcome: serveOn(ctx, e, target, false, holdsSlot) };
    }
    const name = pickByWeight(
        e,
        Object.entries(e.traffic).filter(
            ([n, w]) => w > 0 && byName(n) !== undefined && deploymentSucceeded(ctx, byName(n)!),
        ),
    );
    if (name === undefined) {
        return {
            error: json(404, {
                message:
                    "No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.",
            }),
        };
    }
    const target = byName(name)!;
    for (const [mirrorName, percent] of Object.entries(e.mirrorTraffic)) {
        const mirror = byName(mirrorName);
        const seen = (e.mirrorCounter[mirrorName] = (e.mirrorCounter[mirrorName] ?? 0) + 1);
        if (mirror !== undefined && deploymentSucceeded(ctx, mirror) && failsAt(seen - 1, percent / 100)) {
            // A mirror copy is fire-and-forget: it occupies the shadow for its latency whatever the client does.
            serveOn(ctx, e, mirror, true, true);
        }
    }
    return { target, outcome: serveOn(ctx, e, target, false, holdsSlot) };
}

/** The online endpoint a data-plane path names, if it exists. */
export function onlineEndpoint(ctx: EmulatorContext, p: OnlineParams): EndpointRecord | undefined {
    const e = ctx.state.endpoints.get(keyOf(`${workspaceId(p.sub, p.rg, p.ws)}/onlineEndpoints/${p.endpoint}`));
    return e?.kind === "online" ? e : undefined;
}

/** POST to an online endpoint's scoring URI: routed by traffic, or to the deployment the header names. */
export async function scoreOnline(
    ctx: EmulatorContext,
    req: EmulatorRequest,
    p: OnlineParams,
): Promise<EmulatorResponse> {
    const e = onlineEndpoint(ctx, p);
    if (e === undefined) {
        return json(404, { message: `Endpoint '${p.endpoint}' not found.` });
    }
    if (!authorized(e, req.headers.authorization)) {
        return json(401, { message: "Invalid or missing authorization for this endpoint's auth mode." });
    }
    const header = req.headers["azureml-model-deployment"];
    const before = route(ctx, e, header, false);
    if ("error" in before) {
        return before.error;
    }
    const { target, outcome } = before;
    if (outcome.realDelay === true && outcome.latencyMs > 0) {
        await sleep(ctx.clock.realMs(outcome.latencyMs));
    }
    const headers = { "azureml-model-deployment": target.name, ...outcome.headers };
    return outcome.status === 200
        ? json(200, { deployment: target.name, input: req.body ?? null }, headers)
        : json(outcome.status, { message: outcome.message }, headers);
}
