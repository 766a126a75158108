import { ConfigProblem, PlatformSpec, formatPath, platformSpec, validate } from "../model";
import type { Assembled, OriginEntry } from "./assembly";
import type { Origin } from "./fieldReader";
import type { FindingSink } from "./findings";

/**
 * What az ml files never say but the platform schema requires: used, only for validation, when the stack file
 * does not give them (the import writes neither).
 */
export const STAND_INS = { location: "westeurope", workspace: { publicNetworkAccess: "Enabled" } } as const;

/** The keys the stand-ins fill in for this base. */
export function standInKeys(base: Readonly<Record<string, unknown>>): string[] {
    return Object.keys(STAND_INS).filter((key) => !Object.hasOwn(base, key));
}

/** Finds the file and line a config key path came from: the longest recorded path it lies under. */
function originOf(problemPath: string, origins: readonly OriginEntry[], root: string): Origin | undefined {
    let best: { length: number; origin: Origin } | undefined;
    for (const entry of origins) {
        const prefix = formatPath(entry.path, root);
        const under =
            problemPath === prefix || problemPath.startsWith(`${prefix}.`) || problemPath.startsWith(`${prefix}[`);
        if (under && (best === undefined || prefix.length >= best.length)) {
            best = { length: prefix.length, origin: entry.origin };
        }
    }
    return best?.origin;
}

/**
 * Validates the imported sections with the stack file's other config through the platform schema, as `validate`
 * and `pulumi up` would. Problems the stack file has on its own are not the import's and are not reported; the
 * others come back with the file and line they came from.
 */
export function validateImport(
    assembled: Assembled,
    base: Readonly<Record<string, unknown>>,
    root: string,
    sink: FindingSink,
): PlatformSpec | undefined {
    const standIns = Object.fromEntries(
        standInKeys(base).map((key) => [key, STAND_INS[key as keyof typeof STAND_INS]]),
    );
    const line = (p: ConfigProblem) => `${p.path}: ${p.message}`;
    const before = validate(platformSpec, { ...standIns, ...base }, root);
    const known = new Set(before.ok ? [] : before.problems.map(line));
    const result = validate(platformSpec, { ...standIns, ...base, ...assembled.sections }, root);
    if (result.ok) {
        return result.value;
    }
    for (const problem of result.problems.filter((p) => !known.has(line(p)))) {
        const origin = originOf(problem.path, assembled.origins, root);
        sink.add({
            kind: "invalid",
            file: origin?.file,
            line: origin?.line,
            field: problem.path,
            message: problem.message,
        });
    }
    return undefined;
}
