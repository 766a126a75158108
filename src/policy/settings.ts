import {
    CommonSettings,
    DEFAULT_PRODUCTION_STACKS,
    EnforcementLevel,
    GUARDRAIL_SCOPES,
    Guardrail,
    GuardrailResource,
    GuardrailsConfig,
    SettingSchema,
    isProductionResource,
} from "./guardrail";

/** How a guardrail's level and settings are worked out from defaults, pack options and config (shared by plan and pack). */

/** JSON schemas of the settings every guardrail takes. */
export const COMMON_SETTINGS_SCHEMA: Readonly<Record<string, SettingSchema>> = {
    scope: { type: "string", enum: [...GUARDRAIL_SCOPES], default: "production" },
    productionStacks: { type: "array", items: { type: "string" }, default: [...DEFAULT_PRODUCTION_STACKS] },
};

/** A guardrail's settings: its defaults with `properties` (the config's, without enforcementLevel) on top. */
export function guardrailSettings(guardrail: Guardrail, properties: Readonly<Record<string, unknown>> = {}) {
    const settings: Record<string, unknown> = {
        scope: "production",
        productionStacks: DEFAULT_PRODUCTION_STACKS,
        ...guardrail.defaults,
    };
    for (const [key, value] of Object.entries(properties)) {
        if (key !== "enforcementLevel" && value !== undefined) {
            settings[key] = value;
        }
    }
    return settings as unknown as CommonSettings;
}

function entryOf(config: GuardrailsConfig, name: string) {
    const entry = config[name];
    return typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
}

/** A guardrail's enforcement level and settings under a config. */
export function resolveGuardrail(
    guardrail: Guardrail,
    config: GuardrailsConfig = {},
): { enforcementLevel: EnforcementLevel; settings: CommonSettings } {
    const entry = entryOf(config, guardrail.name);
    const level =
        entry.enforcementLevel ?? entryOf(config, "all").enforcementLevel ?? guardrail.defaultEnforcementLevel;
    return { enforcementLevel: level, settings: guardrailSettings(guardrail, entry) };
}

/** Whether a guardrail reads a resource of this type (azure-native's versioned modules, e.g. `…/v20240401:`, too). */
export function readsType(guardrail: Guardrail, type: string): boolean {
    const unversioned = type.replace(/\/v\d[\w]*:/, ":");
    return guardrail.resourceTypes.includes(unversioned);
}

/** Whether a resource is in a guardrail's scope: production only, or every stack. */
export function inScope(
    resource: GuardrailResource,
    settings: CommonSettings,
    stackTags?: ReadonlyMap<string, string>,
): boolean {
    return settings.scope === "all" || isProductionResource(resource, settings.productionStacks, stackTags);
}
