import type { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { COMMON_SETTINGS_SCHEMA, guardrailSettings, inScope, readsType } from "./settings";
import { EnforcementLevel, Guardrail, GuardrailScope } from "./guardrail";
import { GUARDRAILS } from "./guardrails";

/**
 * The guardrails as `@pulumi/policy` resource policies, for a policy pack:
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { azureMlGuardrailPolicies } from "@azureml-pulumi/components/policy";
 *
 * new PolicyPack("azureml-guardrails", { policies: azureMlGuardrailPolicies({ productionStacks: ["prod-*"] }) });
 * ```
 *
 * Each policy is a thin adapter: it hands the resource's type, name, URN and inputs to the guardrail's rule (the same
 * function `azureml-pulumi plan` runs offline) and reports what the rule finds. A resource of another type, or outside
 * the rule's scope (production stacks by default), is reported as not applicable. This module imports only types
 * from `@pulumi/policy` (an optional peer dependency): nothing of it loads unless a pack does.
 */
export interface GuardrailPolicyOptions {
    /** Enforcement level by policy name, over each guardrail's default (mandatory). A policy pack config still wins. */
    readonly enforcementLevels?: Readonly<Partial<Record<string, EnforcementLevel>>>;
    /** Stack name patterns that hold production, for every policy. @default DEFAULT_PRODUCTION_STACKS */
    readonly productionStacks?: readonly string[];
    /** Which stacks every policy reads: production ones, or all. @default "production" */
    readonly scope?: GuardrailScope;
    /** The guardrails to include. @default GUARDRAILS */
    readonly guardrails?: readonly Guardrail[];
}

/** The policy's config schema: the common settings (with the options' defaults) and the rule's own. */
function configSchema(guardrail: Guardrail, options: GuardrailPolicyOptions): PolicyConfigSchema {
    const common = {
        scope: { ...COMMON_SETTINGS_SCHEMA.scope, default: options.scope ?? "production" },
        productionStacks: {
            ...COMMON_SETTINGS_SCHEMA.productionStacks,
            ...(options.productionStacks !== undefined ? { default: [...options.productionStacks] } : {}),
        },
    };
    return { properties: { ...common, ...guardrail.settingsSchema } } as PolicyConfigSchema;
}

/** One guardrail as a resource validation policy. */
export function guardrailPolicy(guardrail: Guardrail, options: GuardrailPolicyOptions = {}): ResourceValidationPolicy {
    const optionSettings = {
        ...(options.scope !== undefined ? { scope: options.scope } : {}),
        ...(options.productionStacks !== undefined ? { productionStacks: options.productionStacks } : {}),
    };
    return {
        name: guardrail.name,
        description: guardrail.description,
        enforcementLevel: options.enforcementLevels?.[guardrail.name] ?? guardrail.defaultEnforcementLevel,
        remediationSteps: guardrail.remediation,
        configSchema: configSchema(guardrail, options),
        validateResource: (args: ResourceValidationArgs, reportViolation) => {
            if (!readsType(guardrail, args.type)) {
                args.notApplicable(`${guardrail.name} reads ${guardrail.resourceTypes.join(", ")}`);
            }
            const settings = guardrailSettings(guardrail, { ...optionSettings, ...args.getConfig<object>() });
            const resource = { urn: args.urn, type: args.type, name: args.name, inputs: args.props };
            if (!inScope(resource, settings, args.stackTags)) {
                args.notApplicable(
                    `${guardrail.name} reads production stacks (${settings.productionStacks.join(", ")}, or tagged environment: prod)`,
                );
            }
            for (const message of guardrail.check(resource, settings)) {
                reportViolation(message);
            }
        },
    };
}

/** Every guardrail (or those of `options.guardrails`) as resource validation policies, for `new PolicyPack(...)`. */
export function azureMlGuardrailPolicies(options: GuardrailPolicyOptions = {}): ResourceValidationPolicy[] {
    return (options.guardrails ?? GUARDRAILS).map((guardrail) => guardrailPolicy(guardrail, options));
}
