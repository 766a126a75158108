import type { RuleIssue } from "./ruleIssue";

/** Azure ML caps an endpoint at 20 deployments. */
export const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;
/** Mirrored (shadow) traffic goes to at most one deployment, at most 50 %. */
export const MAX_MIRROR_PERCENT = 50;

/**
 * What is wrong with one percentage of a traffic map, or undefined: whole numbers from 0 to `max` (100 for live
 * traffic, MAX_MIRROR_PERCENT for mirrored traffic).
 */
export function percentProblem(value: unknown, max: number): string | undefined {
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max
        ? undefined
        : `percentages are whole numbers from 0 to ${max}`;
}

/**
 * Keys of a live or a mirror map that name a deployment another key names already. Azure ML compares deployment
 * names case-insensitively, so `{ blue: 50, BLUE: 50 }` would reach it as `{ blue: 100 }` (see normalizeTraffic).
 */
export function caseDuplicateIssues(
    traffic: Readonly<Record<string, unknown>>,
    mirrorTraffic: Readonly<Record<string, unknown>>,
): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const [key, map] of [
        ["traffic", traffic],
        ["mirrorTraffic", mirrorTraffic],
    ] as const) {
        const first = new Map<string, string>();
        for (const [name, value] of Object.entries(map)) {
            const earlier = first.get(name.toLowerCase());
            if (earlier === undefined) {
                first.set(name.toLowerCase(), name);
            } else {
                issues.push({
                    path: [key, name],
                    input: value,
                    message: `names the same deployment as '${earlier}' (Azure ML deployment names are case-insensitive), so their shares would be added up; keep one key per deployment`,
                });
            }
        }
    }
    return issues;
}

/**
 * Per-entry problems of a live and a mirror map, by key path (`traffic.<name>`), keys that differ only in case
 * among them; `skip` lets unknown values pass.
 */
export function percentIssues(
    traffic: Readonly<Record<string, unknown>>,
    mirrorTraffic: Readonly<Record<string, unknown>>,
    skip: (value: unknown) => boolean = () => false,
): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const [key, map, max] of [
        ["traffic", traffic, 100],
        ["mirrorTraffic", mirrorTraffic, MAX_MIRROR_PERCENT],
    ] as const) {
        for (const [name, value] of Object.entries(map)) {
            const problem = skip(value) ? undefined : percentProblem(value, max);
            if (problem !== undefined) {
                issues.push({ path: [key, name], input: value, message: problem });
            }
        }
    }
    // The providers check maps with this function alone, before the deployments are known.
    return [...issues, ...caseDuplicateIssues(traffic, mirrorTraffic)];
}

/**
 * The traffic rules Azure ML enforces on an endpoint, as a pure function so that the emulator, the traffic
 * provider and the config schema apply the very same rules. Names compare case-insensitively, as Azure does.
 */
export function trafficIssues(
    deploymentNames: readonly string[],
    traffic: Readonly<Record<string, number>>,
    mirrorTraffic: Readonly<Record<string, number>>,
): RuleIssue[] {
    const issues: RuleIssue[] = caseDuplicateIssues(traffic, mirrorTraffic);
    const known = new Set(deploymentNames.map((n) => n.toLowerCase()));
    const declared = deploymentNames.length > 0 ? deploymentNames.join(", ") : "none";
    for (const [key, map] of [
        ["traffic", traffic],
        ["mirrorTraffic", mirrorTraffic],
    ] as const) {
        for (const [name, percent] of Object.entries(map)) {
            if (!known.has(name.toLowerCase())) {
                issues.push({
                    path: [key, name],
                    input: percent,
                    message: `names no deployment of this endpoint (declared: ${declared})`,
                });
            }
        }
    }
    const total = Object.values(traffic).reduce((a, b) => a + b, 0);
    if (total !== 0 && total !== 100) {
        issues.push({
            path: ["traffic"],
            input: traffic,
            message: `percentages add up to ${total}; they must add up to 100 (or 0 for no traffic)`,
        });
    }
    const mirrored = Object.entries(mirrorTraffic).filter(([, p]) => p > 0);
    if (mirrored.length > 1) {
        issues.push({
            path: ["mirrorTraffic"],
            input: mirrorTraffic,
            message: `mirrors to ${mirrored.length} deployments; traffic can be mirrored to only one deployment`,
        });
    }
    for (const [name, percent] of mirrored) {
        const live = Object.entries(traffic).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? 0;
        if (live > 0) {
            issues.push({
                path: ["mirrorTraffic", name],
                input: percent,
                message: `deployment '${name}' already takes ${live} % of live traffic; mirror only to a deployment with 0 % live traffic`,
            });
        }
    }
    if (mirrored.length > 0 && total === 0) {
        issues.push({
            path: ["mirrorTraffic"],
            input: mirrorTraffic,
            message: "mirroring copies live traffic; give some deployment live traffic first",
        });
    }
    return issues;
}

/** Deployment names that collide once lower-cased (Azure ML treats names case-insensitively). */
export function duplicateNames(names: readonly string[]): string[] {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const name of names) {
        const key = name.toLowerCase();
        if (seen.has(key)) {
            duplicates.push(name);
        } else {
            seen.set(key, name);
        }
    }
    return duplicates;
}
