import { setTimeout as sleep } from "timers/promises";
import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, json } from "./httpTypes";
import { OnlineParams } from "./onlineRoutes";
import { deploymentSucceeded, workspaceId } from "./resources";
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

/** Decides deterministically whether the n-th request fails at the given rate (evenly spread). */
function failsAt(count: number, rate: number): boolean {
    return Math.floor((count + 1) * rate) > Math.floor(count * rate);
}

async function serve(ctx: EmulatorContext, e: EndpointRecord, d: DeploymentRecord, mirrored: boolean): Promise<number> {
    const fail = failsAt(d.served, d.behaviour.errorRate);
    d.served++;
    if (fail) {
        d.failed++;
    }
    const status = fail ? 500 : 200;
    if (d.behaviour.realDelay && !mirrored) {
        await sleep(ctx.clock.realMs(d.behaviour.latencyMs));
    }
    ctx.state.samples.push({ time: ctx.now(), endpointId: e.id, deployment: d.name, status, latencyMs: d.behaviour.latencyMs, mirrored });
    return status;
}

/** POST to an online endpoint's scoring URI: routed by traffic, or to the deployment the header names. */
export async function scoreOnline(ctx: EmulatorContext, req: EmulatorRequest, p: OnlineParams): Promise<EmulatorResponse> {
    const e = ctx.state.endpoints.get(keyOf(`${workspaceId(p.sub, p.rg, p.ws)}/onlineEndpoints/${p.endpoint}`));
    if (e === undefined || e.kind !== "online") {
        return json(404, { message: `Endpoint '${p.endpoint}' not found.` });
    }
    if (!authorized(e, req.headers.authorization)) {
        return json(401, { message: "Invalid or missing authorization for this endpoint's auth mode." });
    }
    const deployments = ctx.state.deploymentsOf(e.id);
    const byName = (name: string) => deployments.find((d) => d.name.toLowerCase() === name.toLowerCase());
    const header = req.headers["azureml-model-deployment"];
    let target: DeploymentRecord | undefined;
    if (header !== undefined) {
        target = byName(header);
        if (target === undefined || !deploymentSucceeded(ctx, target)) {
            return json(404, { message: `Deployment '${header}' not found or not ready under endpoint '${e.name}'.` });
        }
    } else {
        const name = pickByWeight(
            e,
            Object.entries(e.traffic).filter(([n, w]) => w > 0 && byName(n) !== undefined && deploymentSucceeded(ctx, byName(n)!)),
        );
        if (name === undefined) {
            return json(404, {
                message: "No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.",
            });
        }
        target = byName(name)!;
        for (const [mirrorName, percent] of Object.entries(e.mirrorTraffic)) {
            const mirror = byName(mirrorName);
            const seen = (e.mirrorCounter[mirrorName] = (e.mirrorCounter[mirrorName] ?? 0) + 1);
            if (mirror !== undefined && deploymentSucceeded(ctx, mirror) && failsAt(seen - 1, percent / 100)) {
                await serve(ctx, e, mirror, true);
            }
        }
    }
    const status = await serve(ctx, e, target, false);
    const headers = { "azureml-model-deployment": target.name };
    return status === 200
        ? json(200, { deployment: target.name, input: req.body ?? null }, headers)
        : json(status, { message: `Scoring failed in deployment '${target.name}' (simulated).` }, headers);
}
