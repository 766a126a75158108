import {
    ENFORCEMENT_LEVELS,
    EnforcementLevel,
    Finding,
    Guardrail,
    GuardrailResource,
    GuardrailsConfig,
    SettingSchema,
} from "./guardrail";
import { GUARDRAILS } from "./guardrails";
import { COMMON_SETTINGS_SCHEMA, inScope, readsType, resolveGuardrail } from "./settings";

/** Code-point order, the same on every machine (localeCompare depends on the locale). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byFinding = (a: Finding, b: Finding) =>
    compare(a.policy, b.policy) || compare(a.urn, b.urn) || compare(a.message, b.message);

/**
 * Every violation of the guardrails among `resources`, sorted by policy, URN and message. Disabled guardrails do not
 * run; `remediate` reports as mandatory (these rules remediate nothing), as Pulumi's analyzer does.
 */
export function evaluateGuardrails(
    resources: readonly GuardrailResource[],
    config: GuardrailsConfig = {},
    guardrails: readonly Guardrail[] = GUARDRAILS,
): Finding[] {
    const findings: Finding[] = [];
    for (const guardrail of guardrails) {
        const { enforcementLevel, settings } = resolveGuardrail(guardrail, config);
        if (enforcementLevel === "disabled") {
            continue;
        }
        for (const resource of resources) {
            if (!readsType(guardrail, resource.type) || !inScope(resource, settings)) {
                continue;
            }
            for (const message of guardrail.check(resource, settings)) {
                findings.push({
                    policy: guardrail.name,
                    enforcementLevel: enforcementLevel === "remediate" ? "mandatory" : enforcementLevel,
                    urn: resource.urn,
                    type: resource.type,
                    name: resource.name,
                    message,
                });
            }
        }
    }
    return findings.sort(byFinding);
}

/** Every production stack pattern a config names (each policy's, or the default when none names any). */
export function productionStacksOf(config: GuardrailsConfig = {}, guardrails = GUARDRAILS): string[] {
    const patterns = new Set<string>();
    for (const guardrail of guardrails) {
        resolveGuardrail(guardrail, config).settings.productionStacks.forEach((p) => patterns.add(p));
    }
    return [...patterns].sort();
}

function settingProblem(key: string, schema: SettingSchema, value: unknown): string | undefined {
    switch (schema.type) {
        case "integer": {
            const min = schema.minimum as number;
            return typeof value === "number" && Number.isInteger(value) && value >= min
                ? undefined
                : `a whole number of at least ${min}`;
        }
        case "string":
            return typeof value === "string" && (schema.enum as string[] | undefined)?.includes(value) !== false
                ? undefined
                : `one of ${(schema.enum as string[]).map((v) => JSON.stringify(v)).join(", ")}`;
        case "array":
            return Array.isArray(value) && value.every((v) => typeof v === "string" && v !== "")
                ? undefined
                : "a list of stack name patterns (`*` matches any characters)";
        default:
            return `a valid ${key}`;
    }
}

/**
 * Checks a guardrails config read from a file: policy names, enforcement levels and settings, each problem as one
 * line that names the key, what it takes and the value given.
 */
export function readGuardrailsConfig(
    value: unknown,
    guardrails: readonly Guardrail[] = GUARDRAILS,
): { ok: true; config: GuardrailsConfig } | { ok: false; problems: string[] } {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return {
            ok: false,
            problems: [`a policy config is a mapping of policy names to settings, got ${JSON.stringify(value)}`],
        };
    }
    const problems: string[] = [];
    const levels = ENFORCEMENT_LEVELS.map((l) => JSON.stringify(l)).join(", ");
    for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
        const guardrail = guardrails.find((g) => g.name === name);
        if (guardrail === undefined && name !== "all") {
            problems.push(
                `${name}: no such policy; the policies are ${guardrails.map((g) => g.name).join(", ")} (or all)`,
            );
            continue;
        }
        const entry = typeof raw === "string" ? { enforcementLevel: raw } : raw;
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            problems.push(`${name}: an enforcement level or a mapping of settings, got ${JSON.stringify(raw)}`);
            continue;
        }
        for (const [key, setting] of Object.entries(entry as Record<string, unknown>)) {
            if (key === "enforcementLevel") {
                if (!ENFORCEMENT_LEVELS.includes(setting as EnforcementLevel)) {
                    problems.push(`${name}.enforcementLevel: one of ${levels}, got ${JSON.stringify(setting)}`);
                }
                continue;
            }
            const schema =
                guardrail === undefined ? undefined : { ...COMMON_SETTINGS_SCHEMA, ...guardrail.settingsSchema }[key];
            if (schema === undefined) {
                problems.push(
                    `${name}.${key}: not a setting of ${name === "all" ? "all (it takes enforcementLevel only)" : name}`,
                );
                continue;
            }
            const problem = settingProblem(key, schema, setting);
            if (problem !== undefined) {
                problems.push(`${name}.${key}: ${problem}, got ${JSON.stringify(setting)}`);
            }
        }
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, config: value as GuardrailsConfig };
}
