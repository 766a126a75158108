import { createHash } from "crypto";

/**
 * Physical names for resources whose names are global (storage, key vault, registry). They are derived, not random,
 * so that a preview shows the final name before anything exists; the suffix comes from project, stack and component
 * name, so two stacks of one project never collide. Pass explicit names to override.
 */
export function uniqueSuffix(...parts: readonly string[]): string {
    return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 8);
}

const alphanumeric = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, "");

/** 3–24 lower-case letters and digits. */
export function storageAccountName(base: string, suffix: string): string {
    const stem = alphanumeric(base).slice(0, 24 - suffix.length);
    return `${stem === "" ? "st" : stem}${suffix}`.replace(/^[^a-z0-9]+/, "").slice(0, 24);
}

/** 3–24 letters, digits and single hyphens; starts with a letter, ends with a letter or digit. */
export function keyVaultName(base: string, suffix: string): string {
    const stem = base
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^[^a-z]+/, "")
        .slice(0, 24 - suffix.length - 4)
        .replace(/-+$/, "");
    return `${stem === "" ? "kv" : `${stem}-kv`}-${suffix}`;
}

/** 5–50 letters and digits. */
export function containerRegistryName(base: string, suffix: string): string {
    return `${alphanumeric(base).slice(0, 50 - suffix.length - 2)}cr${suffix}`;
}

/** 3–33 letters, digits, '-' and '_', starting with a letter or digit. */
export function workspaceResourceName(base: string): string {
    const cleaned = base.replace(/[^a-zA-Z0-9_-]/g, "-").replace(/^[^a-zA-Z0-9]+/, "");
    return (cleaned.length >= 3 ? cleaned : `${cleaned}-ws`.replace(/^-/, "ws-")).slice(0, 33);
}
