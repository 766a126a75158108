import { z } from "zod";
import { ConfigProblem, problemsFromIssues, recordValueAt } from "./problems";
import { reservedKeyProblems } from "./reservedKeys";

/** Outcome of validating one value against one schema. */
export type Validated<T> =
    { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: ConfigProblem[] };

/** Validates a value, reporting every problem at once with paths under `root`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, root = ""): Validated<z.output<S>> {
    // zod drops "__proto__" entries without an issue, so they are looked for in the input, before parsing.
    const reserved = reservedKeyProblems(schema, value, root);
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success && reserved.length === 0) {
        return { ok: true, value: result.data };
    }
    const issues = result.success ? [] : problemsFromIssues(schema, result.error.issues, root);
    const hidden = result.success ? [] : valuesUnderBadKeys(schema, value, result.error.issues, root);
    return { ok: false, problems: [...reserved, ...issues, ...hidden] };
}

/**
 * zod does not look at a record entry whose key is invalid: an endpoint with a bad name would hide every problem of
 * its settings until the name is fixed. Each such entry's value is validated on its own, under the same path.
 */
function valuesUnderBadKeys(
    schema: z.ZodType,
    value: unknown,
    issues: readonly z.core.$ZodIssue[],
    root: string,
): ConfigProblem[] {
    return issues
        .filter((issue) => issue.code === "invalid_key")
        .flatMap((issue) => {
            const valueSchema = recordValueAt(schema, issue.path.slice(0, -1));
            let entry: unknown = value;
            for (const segment of issue.path) {
                entry =
                    typeof entry === "object" && entry !== null
                        ? (entry as Record<PropertyKey, unknown>)[segment]
                        : undefined;
            }
            if (valueSchema === undefined || entry === undefined) {
                return [];
            }
            const parsed = valueSchema.safeParse(entry, { reportInput: true });
            return parsed.success ? [] : problemsFromIssues(valueSchema, parsed.error.issues, root, issue.path);
        });
}

/** Thrown by components and the platform program when their input is invalid; lists every problem. */
export class SpecValidationError extends Error {
    constructor(
        readonly subject: string,
        readonly problems: readonly ConfigProblem[],
    ) {
        super(`${subject} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
        this.name = "SpecValidationError";
    }
}

/** Validates or throws a SpecValidationError naming the subject (a component or config file). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string, root = ""): z.output<S> {
    const result = validate(schema, value, root);
    if (!result.ok) {
        throw new SpecValidationError(subject, result.problems);
    }
    return result.value;
}
