import { ConfigProblem, describeValue, formatPath, suggestKey } from "../model";

/**
 * Stack configuration as the platform schema sees it: the values of one project's namespace, keyed without the
 * namespace. Used both by the program (values from the engine) and by the offline validator (values from
 * Pulumi.<stack>.yaml), so both report the same problems with the same key paths.
 */

/** Default project name of the root program (Pulumi.yaml). */
export const DEFAULT_PROJECT = "azureml-platform";

/** The project's config values keyed without the namespace, and what is wrong with the keys themselves. */
export interface ProjectConfig {
    readonly config: Record<string, unknown>;
    readonly problems: ConfigProblem[];
}

/**
 * Picks the project's keys out of a flat config map. A key without a namespace belongs to the project, as
 * `pulumi config set` reads it; given both ways (`location` and `<project>:location`) it is an error, since which one
 * wins is not written anywhere. A namespace one typo away from the project's is reported, not ignored as another
 * package's.
 */
export function projectConfig(project: string, entries: Readonly<Record<string, unknown>>): ProjectConfig {
    const config: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    const givenAs = new Map<string, string>();
    for (const [fullKey, value] of Object.entries(entries)) {
        const colon = fullKey.indexOf(":");
        const namespace = colon < 0 ? project : fullKey.slice(0, colon);
        const name = colon < 0 ? fullKey : fullKey.slice(colon + 1);
        if (namespace !== project) {
            if (suggestKey(namespace, [project]) !== undefined) {
                problems.push({
                    path: fullKey,
                    message: `names no project (this project is ${project}); did you mean '${project}:${name}'?, got ${describeValue(value)}`,
                });
            }
            continue;
        }
        const earlier = givenAs.get(name);
        if (earlier !== undefined) {
            const bare = colon < 0 ? fullKey : earlier;
            const namespaced = colon < 0 ? earlier : fullKey;
            problems.push({
                path: formatPath([name], `${project}:`),
                message: `given twice, as '${bare}' and '${namespaced}' (a key without a namespace is the project's); keep one, got ${describeValue(colon < 0 ? value : entries[bare])}`,
            });
            continue;
        }
        givenAs.set(name, fullKey);
        // An own property even for "__proto__", so that validation sees the key and reports it.
        Object.defineProperty(config, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return { config, problems };
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
