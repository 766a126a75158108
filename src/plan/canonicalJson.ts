/**
 * JSON with object keys sorted at every depth (arrays keep their order) and two-space indentation, ending in a
 * newline: the same value always gives the same bytes, whatever order a program registered or built it in.
 */
export function canonicalJson(value: unknown): string {
    return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** A copy of a JSON value whose objects list their keys in code-point order; undefined entries are dropped. */
export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort(compareText)) {
            const inner = (value as Record<string, unknown>)[key];
            if (inner !== undefined) {
                out[key] = sortKeys(inner);
            }
        }
        return out;
    }
    return value;
}

/** Code-point order: the same on every machine and locale (localeCompare is not). */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
