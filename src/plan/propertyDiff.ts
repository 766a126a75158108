import { compareText } from "./canonicalJson";

/** One input that differs between two plans; `before` / `after` absent where the input is not set. */
export interface PropertyChange {
    /** Pulumi's property path syntax: `properties.authMode`, `tags["cost-center"]`, `rollout.steps`. */
    readonly path: string;
    readonly before?: unknown;
    readonly after?: unknown;
    /** The resource's ignoreChanges covers it: the engine keeps the old value. */
    readonly ignored?: true;
    /** It cannot change in place: the resource is replaced. */
    readonly replaces?: true;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Appends a key to a property path as Pulumi writes it. */
export function joinPath(path: string, key: string): string {
    if (IDENTIFIER.test(key)) {
        return path === "" ? key : `${path}.${key}`;
    }
    return `${path}[${JSON.stringify(key)}]`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The leaves that differ between two input values: objects are compared key by key, anything else (arrays
 * included) as a whole. Sorted by path.
 */
export function propertyChanges(before: unknown, after: unknown, path = ""): PropertyChange[] {
    if (isRecord(before) && isRecord(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareText);
        return keys.flatMap((key) => propertyChanges(before[key], after[key], joinPath(path, key)));
    }
    if (JSON.stringify(before) === JSON.stringify(after)) {
        return [];
    }
    return [{ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

/** Whether `path` is `prefix` or lies under it (`properties.traffic.blue` under `properties.traffic`). */
export function underPath(path: string, prefix: string): boolean {
    return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The first segment of a property path: the top-level input. */
export function topLevelKey(path: string): string {
    const match = /^([^.[]+)|^\[("(?:[^"\\]|\\.)*")\]/.exec(path);
    if (match === null) {
        return path;
    }
    return match[1] ?? (JSON.parse(match[2]) as string);
}
