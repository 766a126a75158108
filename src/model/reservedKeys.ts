import { z } from "zod";
import { ConfigProblem, PathSegment, RESERVED_KEY, describeValue, formatPath, recordKeyAt } from "./problems";

/**
 * "__proto__" entries in a config. YAML and JSON parsers keep such a key as data, but every later step that copies
 * the value into a fresh object (zod's records and objects, spreads, plain assignment) sets the copy's prototype
 * instead, so the entry vanishes: an endpoint named so would validate and then never be deployed. One walk over
 * the input covers every record and section of every schema. "constructor" and "prototype" need no such rule: they
 * are ordinary own properties once parsed, and valid Azure names; lookups use Object.hasOwn so they resolve.
 */
export function reservedKeyProblems(schema: z.ZodType, value: unknown, root = ""): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const seen = new Set<object>();
    const visit = (node: unknown, path: PathSegment[]): void => {
        if (typeof node !== "object" || node === null || seen.has(node)) {
            return;
        }
        seen.add(node);
        if (Array.isArray(node)) {
            node.forEach((item, i) => visit(item, [...path, i]));
            return;
        }
        // Class instances (Pulumi Outputs, resources) are not config read from a file; their fields are not keys.
        const prototype = Object.getPrototypeOf(node) as unknown;
        if (prototype !== Object.prototype && prototype !== null) {
            return;
        }
        for (const key of Object.keys(node)) {
            const child = (node as Record<string, unknown>)[key];
            if (key === RESERVED_KEY) {
                problems.push({
                    path: formatPath([...path, key], root),
                    message: reservedKeyMessage(schema, path, child),
                });
            } else {
                visit(child, [...path, key]);
            }
        }
    };
    visit(value, []);
    return problems;
}

function reservedKeyMessage(schema: z.ZodType, parent: readonly PathSegment[], child: unknown): string {
    const why = `"${RESERVED_KEY}" cannot be a key: JavaScript reads it as the object's prototype, so the entry would be dropped without a word`;
    const keyType = recordKeyAt(schema, parent);
    if (keyType === undefined) {
        return `${why}; remove it, got ${describeValue(child)}`;
    }
    const asName = keyType.safeParse(RESERVED_KEY);
    const rule = asName.success
        ? ""
        : `; it is not a valid name here either (${asName.error.issues.map((i) => i.message).join("; ")})`;
    return `${why}${rule}; rename it, got ${describeValue(child)}`;
}
