/** Dotted property paths as resource options name them (`properties.traffic`, `sku.capacity`). */

export function getPath(value: unknown, path: string): unknown {
    let current = value;
    for (const key of path.split(".")) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

/** A copy of `value` with `path` set to `replacement` (removed when it is undefined). */
export function withPath(value: Record<string, any>, path: string, replacement: unknown): Record<string, any> {
    const [head, ...rest] = path.split(".");
    const copy: Record<string, any> = { ...value };
    if (rest.length === 0) {
        if (replacement === undefined) {
            delete copy[head];
        } else {
            copy[head] = replacement;
        }
        return copy;
    }
    const inner = copy[head];
    copy[head] = withPath(inner !== null && typeof inner === "object" ? inner : {}, rest.join("."), replacement);
    return copy;
}

/** Stable JSON (keys sorted): two values with the same content give the same text. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
            : v,
    );
}

export const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
