import { createHash } from "crypto";

/** How the Pulumi runtime marks a secret value on the wire: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isSecretValue(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Replaces every secret (at any depth) by what `replace` makes of its plain value. */
export function mapSecrets(value: unknown, replace: (plain: unknown) => unknown): unknown {
    if (isSecretValue(value)) {
        return replace(value.value);
    }
    if (Array.isArray(value)) {
        return value.map((v) => mapSecrets(v, replace));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, replace)]));
    }
    return value;
}

/** The plain values, as a provider gets them from an engine that does not pass secrets through. */
export const unwrapSecrets = <T>(value: T): T => mapSecrets(value, (plain) => unwrapSecrets(plain)) as T;

/** Secrets shown as "[secret]", as `pulumi stack output` shows them. */
export const maskSecrets = <T>(value: T): T => mapSecrets(value, () => "[secret]") as T;

/** Secrets replaced by a digest of their value: comparable across runs, never readable from a state file. */
export const digestSecrets = <T>(value: T): T =>
    mapSecrets(value, (plain) => ({
        "[secret sha256]": createHash("sha256")
            .update(JSON.stringify(plain) ?? "")
            .digest("hex"),
    })) as T;
