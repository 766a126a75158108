import type { z } from "zod";
import { validate } from "../../src/model";

/** Problems of a value as "path: message" lines; empty when valid. */
export function problemLines(schema: z.ZodType, value: unknown, root = ""): string[] {
    const result = validate(schema, value, root);
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

/** The parsed value; fails the test with the problems when invalid. */
export function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const result = validate(schema, value);
    if (!result.ok) {
        throw new Error(`expected valid, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`);
    }
    return result.value;
}
