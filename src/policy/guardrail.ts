/**
 * The shape of an ML guardrail: a pure rule over one resource as a plan or the Pulumi policy analyzer sees it (type,
 * name, URN and inputs), with an enforcement level and settings a team can configure. Nothing here loads Pulumi: the
 * same rule runs inside `azureml-pulumi plan` (offline) and under `pulumi preview --policy-pack` (pack.ts).
 */

/** Pulumi's enforcement levels, with its meanings: advisory warns, mandatory blocks, disabled skips the rule. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** One resource as a rule reads it: what `pulumi preview` registers, or a plan records (secrets masked). */
export interface GuardrailResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

/** Which resources a rule looks at: those of production stacks only (the default), or every stack's. */
export const GUARDRAIL_SCOPES = ["production", "all"] as const;
export type GuardrailScope = (typeof GUARDRAIL_SCOPES)[number];

/**
 * Stacks that hold production unless configured otherwise: `prod`, `production` and names that start or end with
 * either after a hyphen (`prod-eu`, `eu-prod`). A `*` matches any run of characters.
 */
export const DEFAULT_PRODUCTION_STACKS: readonly string[] = [
    "prod",
    "production",
    "prod-*",
    "production-*",
    "*-prod",
    "*-production",
];

/** Tag values that mark a resource (or a Pulumi stack, by its stack tags) as production, under the key `environment`. */
export const PRODUCTION_TAG_VALUES: readonly string[] = ["prod", "production"];

/** Settings every rule takes, besides its enforcement level. */
export interface CommonSettings {
    /** @default "production" */
    readonly scope: GuardrailScope;
    /** Stack name patterns that hold production (`*` matches any characters). @default DEFAULT_PRODUCTION_STACKS */
    readonly productionStacks: readonly string[];
}

/** A JSON schema for one setting, as Pulumi's policy config schema takes it. */
export type SettingSchema = Readonly<Record<string, unknown>>;

/** One guardrail: its identity, defaults, the resources it reads and the rule itself. */
export interface Guardrail<S extends CommonSettings = CommonSettings> {
    /** The policy's name in a pack and in config files; unique, never "all" (Pulumi reserves it). */
    readonly name: string;
    readonly description: string;
    /** What to change when the rule fails. */
    readonly remediation: string;
    readonly defaultEnforcementLevel: EnforcementLevel;
    /** Type tokens of the resources the rule reads. */
    readonly resourceTypes: readonly string[];
    /** The rule's own settings with their defaults (scope and productionStacks come on top). */
    readonly defaults: Omit<S, keyof CommonSettings>;
    /** JSON schemas of the rule's own settings, for Pulumi's policy config validation. */
    readonly settingsSchema: Readonly<Record<string, SettingSchema>>;
    /** Violations of one resource of one of `resourceTypes`: a sentence each, naming the value and the fix. */
    check(resource: GuardrailResource, settings: S): string[];
}

/**
 * Guardrail configuration in the format of Pulumi's policy pack config (`pulumi preview --policy-pack-config`): by
 * policy name, an enforcement level or an object with `enforcementLevel` and the policy's settings; `all` sets the
 * level of every policy. The same file configures `azureml-pulumi plan --policy-config`.
 */
export type GuardrailsConfig = Readonly<
    Record<string, EnforcementLevel | Readonly<{ enforcementLevel?: EnforcementLevel } & Record<string, unknown>>>
>;

/** A violation found by a rule: which rule, how it is enforced, the resource and what is wrong. */
export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly message: string;
}

/** The stack a URN belongs to: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOfUrn(urn: string): string {
    const match = /^urn:pulumi:([^:]+)::/.exec(urn);
    return match === null ? "" : match[1];
}

function globMatches(pattern: string, value: string): boolean {
    const escaped = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${escaped}$`, "i").test(value);
}

/** Whether a stack name matches one of the production patterns (case-insensitive). */
export function isProductionStack(stack: string, patterns: readonly string[] = DEFAULT_PRODUCTION_STACKS): boolean {
    return patterns.some((pattern) => globMatches(pattern, stack));
}

function taggedProduction(tags: unknown): boolean {
    if (typeof tags !== "object" || tags === null) {
        return false;
    }
    const value = (tags as Record<string, unknown>).environment;
    return typeof value === "string" && PRODUCTION_TAG_VALUES.includes(value.toLowerCase());
}

/**
 * Whether a resource belongs to production: its stack's name matches a production pattern, or it (or its Pulumi
 * stack, through stack tags) carries the tag `environment: prod` / `production`.
 */
export function isProductionResource(
    resource: GuardrailResource,
    productionStacks: readonly string[] = DEFAULT_PRODUCTION_STACKS,
    stackTags?: ReadonlyMap<string, string>,
): boolean {
    return (
        isProductionStack(stackOfUrn(resource.urn), productionStacks) ||
        taggedProduction(resource.inputs.tags) ||
        PRODUCTION_TAG_VALUES.includes((stackTags?.get("environment") ?? "").toLowerCase())
    );
}
