/**
 * Stack configuration as the platform schema sees it: the values of one project's namespace, keyed without the
 * namespace. Used both by the program (values from the engine) and by the offline validator (values from
 * Pulumi.<stack>.yaml), so both report the same problems with the same key paths.
 */

/** Default project name of the root program (Pulumi.yaml). */
export const DEFAULT_PROJECT = "azureml-platform";

/**
 * Picks the project's keys out of a flat config map. Keys without a namespace belong to the project, as in
 * Pulumi's own stack files.
 */
export function projectConfig(project: string, entries: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(entries)) {
        const colon = fullKey.indexOf(":");
        const namespace = colon < 0 ? project : fullKey.slice(0, colon);
        if (namespace === project) {
            config[colon < 0 ? fullKey : fullKey.slice(colon + 1)] = value;
        }
    }
    return config;
}

/**
 * The engine hands structured config values to a program as JSON text and scalars as plain text; this turns them
 * back into values.
 */
export function decodeEngineValue(raw: string): unknown {
    const trimmed = raw.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return raw;
        }
    }
    return raw;
}
