import { z } from "zod";

/** The one key a JavaScript object cannot hold as data: assigning it replaces the object's prototype. */
export const RESERVED_KEY = "__proto__";

/** One thing wrong with a configuration: where (a config key path) and what (value received, what is allowed). */
export interface ConfigProblem {
    readonly path: string;
    readonly message: string;
}

/** One step of a config key path: a key or an index. */
export type PathSegment = PropertyKey;

/** Reports a problem at a path under what is being refined: one helper for every schema's cross-field rules. */
export type IssueReporter = (path: (string | number)[], input: unknown, message: string) => void;

/** The reporter for a zod refinement context. */
export function issueReporter(ctx: z.RefinementCtx): IssueReporter {
    return (path, input, message) => ctx.addIssue({ code: "custom", path, input, message });
}

/**
 * Renders a path the way `pulumi config set --path` reads it: `root.key[0].other`, with keys that are not plain
 * identifiers quoted as `["key"]`.
 */
export function formatPath(segments: readonly PathSegment[], root = ""): string {
    let out = root;
    for (const segment of segments) {
        if (typeof segment === "number") {
            out += `[${segment}]`;
        } else {
            const key = String(segment);
            if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
                out += out === "" || out.endsWith(":") ? key : `.${key}`;
            } else {
                out += `[${JSON.stringify(key)}]`;
            }
        }
    }
    return out === "" ? "(root)" : out;
}

/** A short, single-line rendering of a received value. */
export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    let text: string;
    try {
        text = JSON.stringify(value) ?? String(value);
    } catch {
        text = String(value);
    }
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Levenshtein distance, for "did you mean" hints on misspelt keys. */
export function editDistance(a: string, b: string): number {
    const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = previous[0];
        previous[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = previous[j];
            const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
            previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + cost);
            diagonal = above;
        }
    }
    return previous[b.length];
}

/** The closest of `candidates` to `key`, when it is close enough to be a likely typo. */
export function suggestKey(key: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(key, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

interface SchemaInternals {
    _zod: { def: { type: string; [key: string]: unknown } };
}

/** The schemas that read the value at a path (best effort through wrappers, records, arrays and unions). */
function schemasAt(node: SchemaInternals | undefined, path: readonly PathSegment[]): SchemaInternals[] {
    if (node === undefined) {
        return [];
    }
    const def = node._zod.def;
    const [head, ...rest] = path;
    switch (def.type) {
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "readonly":
        case "catch":
        case "nonoptional":
            return schemasAt(def.innerType as SchemaInternals, path);
        case "pipe":
            return schemasAt(def.in as SchemaInternals, path);
        case "union":
            return (def.options as SchemaInternals[]).flatMap((o) => schemasAt(o, path));
    }
    if (path.length === 0) {
        return [node];
    }
    switch (def.type) {
        case "object":
            return schemasAt((def.shape as Record<string, SchemaInternals>)[String(head)], rest);
        case "record":
            return schemasAt(def.valueType as SchemaInternals, rest);
        case "array":
            return schemasAt(def.element as SchemaInternals, rest);
        default:
            return [];
    }
}

/** The object keys a schema accepts at a path (best effort through wrappers, records, arrays and unions). */
export function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
    const keys = schemasAt(schema as unknown as SchemaInternals, path).flatMap((node) =>
        node._zod.def.type === "object" ? Object.keys(node._zod.def.shape as object) : [],
    );
    return [...new Set(keys)];
}

/** The schema of a record's keys at a path, when a record is what reads the value there. */
export function recordKeyAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
    const record = schemasAt(schema as unknown as SchemaInternals, path).find((n) => n._zod.def.type === "record");
    return record?._zod.def.keyType as z.ZodType | undefined;
}

/** Pulumi's marker for an encrypted value in a stack file (`pulumi config set --secret`). */
const isSecureValue = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).join() === "secure";

/**
 * The issue's message with the fix zod's defaults leave out: a case-only or near miss of an allowed value, a number
 * or boolean written as a quoted string, and a `secure:` value where plain text is expected.
 */
function withFix(issue: z.core.$ZodIssue, input: unknown): string {
    if (issue.code === "invalid_value" && typeof input === "string") {
        const allowed = issue.values.filter((v): v is string => typeof v === "string");
        const sameLetters = allowed.find((v) => v.toLowerCase() === input.toLowerCase());
        if (sameLetters !== undefined) {
            return `${issue.message}; "${input}" differs only in case (values are case-sensitive): write "${sameLetters}"`;
        }
        const near = suggestKey(input, allowed);
        if (near !== undefined) {
            return `${issue.message}; did you mean "${near}"?`;
        }
        return issue.message;
    }
    if (issue.code === "invalid_type") {
        if (isSecureValue(input)) {
            return `a secret (secure: …, from \`pulumi config set --secret\`) is not accepted here: this key is read as plain ${issue.expected}; give the value in plain text, and keep secrets out of stack config (deployment environment variables take \`\${{keyvault:…}}\` references)`;
        }
        if (typeof input === "string" && input.trim() !== "") {
            if ((issue.expected === "number" || issue.expected === "int") && Number.isFinite(Number(input))) {
                return `expected a number, got the string "${input}"; write ${Number(input)} without quotes`;
            }
            if (issue.expected === "boolean" && /^(true|false)$/i.test(input)) {
                return `expected a boolean, got the string "${input}"; write ${input.toLowerCase()} without quotes`;
            }
        }
    }
    return issue.message;
}

/** The schema of a record's values at a path, when a record is what reads the value there. */
export function recordValueAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
    const record = schemasAt(schema as unknown as SchemaInternals, path).find((n) => n._zod.def.type === "record");
    return record?._zod.def.valueType as z.ZodType | undefined;
}

/** Turns zod issues into config problems: one per issue, unknown keys one per key, each naming its path. */
export function problemsFromIssues(
    schema: z.ZodType,
    issues: readonly z.core.$ZodIssue[],
    root = "",
    prefix: readonly PathSegment[] = [],
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const issue of issues) {
        const path = [...prefix, ...issue.path];
        if (issue.code === "unrecognized_keys") {
            const allowed = keysAt(schema, path);
            // A "__proto__" key is reported once, by reservedKeyProblems, which says why it cannot be used.
            for (const key of issue.keys.filter((k) => k !== RESERVED_KEY)) {
                const hint = suggestKey(key, allowed);
                const fix =
                    hint !== undefined
                        ? `did you mean '${hint}'?`
                        : allowed.length > 0
                          ? `allowed keys: ${allowed.join(", ")}`
                          : "remove it";
                problems.push({ path: formatPath([...path, key], root), message: `unknown key; ${fix}` });
            }
            continue;
        }
        if (issue.code === "invalid_union" && issue.errors.length > 0) {
            // Report the branch that came closest: its issues are the ones the author most likely needs to fix.
            const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
            problems.push(...problemsFromIssues(schema, closest, root, path));
            continue;
        }
        if (issue.code === "invalid_key") {
            const reasons = issue.issues.map((i) => i.message).join("; ");
            problems.push({
                path: formatPath(path, root),
                message: `invalid name: ${reasons}, got ${describeValue(issue.input)}`,
            });
            continue;
        }
        let input = (issue as { input?: unknown }).input;
        if (issue.code === "invalid_union" && "discriminator" in issue && typeof issue.discriminator === "string") {
            // A discriminated union reports the whole object; the value that matters is the discriminator's.
            input =
                typeof input === "object" && input !== null
                    ? (input as Record<string, unknown>)[issue.discriminator]
                    : input;
        }
        let message = withFix(issue, input);
        if (input === undefined && issue.code !== "custom") {
            message = `is required (${issue.message.replace(/^Invalid input: /, "").replace(/, received undefined$/, "")})`;
        } else if (input !== undefined && !message.includes(" got ")) {
            message = `${message}, got ${describeValue(input)}`;
        }
        problems.push({ path: formatPath(path, root), message });
    }
    return problems;
}
