import { DeploymentRecord } from "./state";

/**
 * Azure ML's traffic rules as the service enforces them on a PUT of an online endpoint. Messages follow the
 * documented limits (traffic adds up to 100 or 0; mirroring to one deployment, at most 50 %, and a deployment takes
 * live or mirrored traffic, not both).
 */
export function trafficViolation(
    endpointName: string,
    deployments: readonly DeploymentRecord[],
    isSucceeded: (d: DeploymentRecord) => boolean,
    traffic: Record<string, unknown>,
    mirrorTraffic: Record<string, unknown>,
): string | undefined {
    const byName = new Map(deployments.map((d) => [d.name.toLowerCase(), d]));
    for (const [map, label] of [
        [traffic, "traffic"],
        [mirrorTraffic, "mirror traffic"],
    ] as const) {
        for (const [name, value] of Object.entries(map)) {
            if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 100) {
                return `Invalid ${label} value ${JSON.stringify(value)} for deployment '${name}': values are whole percentages from 0 to 100.`;
            }
            const deployment = byName.get(name.toLowerCase());
            if (deployment === undefined) {
                return `Deployment '${name}' in the ${label} map does not exist under endpoint '${endpointName}'.`;
            }
            if (value > 0 && !isSucceeded(deployment)) {
                return `Deployment '${name}' is not in Succeeded state; only succeeded deployments can receive ${label}.`;
            }
        }
    }
    const total = Object.values(traffic).reduce<number>((sum, v) => sum + (v as number), 0);
    if (total !== 0 && total !== 100) {
        return `The sum of traffic values must be 100 (or 0 to route no traffic); got ${total}.`;
    }
    const mirrored = Object.entries(mirrorTraffic).filter(([, v]) => (v as number) > 0);
    if (mirrored.length > 1) {
        return "You can mirror traffic to only one deployment in an endpoint.";
    }
    for (const [name, value] of mirrored) {
        if ((value as number) > 50) {
            return `The maximum percentage of traffic you can mirror is 50 percent; got ${String(value)} for deployment '${name}'.`;
        }
        const live = Object.entries(traffic).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] as
            number | undefined;
        if (live !== undefined && live > 0) {
            return `Deployment '${name}' can receive only live traffic or mirrored traffic, not both.`;
        }
    }
    return undefined;
}
