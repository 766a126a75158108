import { CASELESS_COMMENT, ConfigKey, JsonSchema, StackDescription, defaultWords } from "./stackSchema";

/**
 * docs/config.md: every key of a stack file under the project's namespace, with its type and allowed values (read
 * from the JSON Schema zod renders), its default and its doc (the JSDoc on the zod field).
 */

const isObject = (value: unknown): value is JsonSchema =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/** Text for a table cell: `|` escaped; outside code spans, `<` too (GitHub would read `<name>` as a tag). */
function cell(text: string): string {
    return text
        .split(/(`[^`]*`)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;")))
        .join("")
        .replace(/\|/g, "\\|")
        .replace(/\s*\n\s*/g, " ");
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

function list(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** zod bounds whole numbers by the safe integers: no bound a reader needs to know. */
const bound = (value: unknown) =>
    typeof value === "number" && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;

function range(node: JsonSchema, unit = ""): string {
    const min = bound(node.minimum) ?? bound(node.exclusiveMinimum);
    const max = bound(node.maximum) ?? bound(node.exclusiveMaximum);
    const low = node.exclusiveMinimum !== undefined ? `more than ${min}` : `${min}`;
    const high = node.exclusiveMaximum !== undefined ? `less than ${max}` : `${max}`;
    if (min !== undefined && max !== undefined) {
        return node.exclusiveMinimum === undefined && node.exclusiveMaximum === undefined
            ? ` from ${min} to ${max}${unit}`
            : `, ${low} and at most ${high}${unit}`;
    }
    if (min !== undefined) {
        return node.exclusiveMinimum !== undefined ? `, ${low}${unit}` : `, at least ${min}${unit}`;
    }
    return max !== undefined ? `, at most ${high}${unit}` : "";
}

/** Objects with more fields than this read as "object": their fields have rows of their own. */
const LISTED_FIELDS = 4;

/** One object form of a union: its discriminating value, or its fields. */
function formSummary(node: JsonSchema): string {
    const properties = isObject(node.properties) ? node.properties : {};
    const required = Array.isArray(node.required) ? node.required : [];
    const tag = Object.entries(properties).find(([, p]) => isObject(p) && typeof p.const === "string");
    if (tag !== undefined) {
        return `\`{ ${tag[0]}: ${(tag[1] as JsonSchema).const as string}, … }\``;
    }
    return `\`{ ${Object.keys(properties)
        .map((k) => (required.includes(k) ? k : `${k}?`))
        .join(", ")} }\``;
}

/** A key's type and what it allows, in words. */
export function typeSummary(node: JsonSchema): string {
    if (Array.isArray(node.allOf) || typeof node.$ref === "string") {
        return "any JSON value";
    }
    if (node.const !== undefined) {
        return code(node.const);
    }
    if (Array.isArray(node.enum)) {
        return list(node.enum.map(code));
    }
    const forms = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
    if (forms !== undefined) {
        return list(forms.filter(isObject).map((f) => (isObject(f.properties) ? formSummary(f) : typeSummary(f))));
    }
    switch (node.type) {
        case "string": {
            const min = node.minLength as number | undefined;
            const max = node.maxLength as number | undefined;
            const length =
                min !== undefined && max !== undefined
                    ? `, ${min}–${max} characters`
                    : max !== undefined
                      ? `, at most ${max} characters`
                      : min !== undefined && min > 0
                        ? `, not empty`
                        : "";
            const caseless =
                typeof node.$comment === "string" && node.$comment.startsWith(CASELESS_COMMENT)
                    ? node.$comment.slice(CASELESS_COMMENT.length)
                    : undefined;
            const pattern =
                caseless !== undefined
                    ? ` matching ${code(caseless)} in any letter case`
                    : typeof node.pattern === "string"
                      ? ` matching ${code(node.pattern)}`
                      : "";
            return `string${length}${pattern}`;
        }
        case "integer":
            return `integer${range(node)}`;
        case "number":
            return `number${range(node)}`;
        case "boolean":
            return "boolean";
        case "array": {
            const items = isObject(node.items) ? typeSummary(node.items) : "values";
            const count =
                node.minItems !== undefined && node.maxItems !== undefined
                    ? ` (${node.minItems}–${node.maxItems})`
                    : node.minItems !== undefined
                      ? ` (at least ${node.minItems})`
                      : node.maxItems !== undefined
                        ? ` (at most ${node.maxItems})`
                        : "";
            return `list${count} of ${items.includes(",") ? `(${items})` : items}`;
        }
        case "object": {
            if (isObject(node.properties)) {
                return Object.keys(node.properties).length <= LISTED_FIELDS ? formSummary(node) : "object";
            }
            const value = isObject(node.additionalProperties) ? typeSummary(node.additionalProperties) : "values";
            const names =
                isObject(node.propertyNames) && typeof node.propertyNames.pattern === "string"
                    ? `, names matching ${code(node.propertyNames.pattern)}`
                    : "";
            return `map of name → ${value}${names}`;
        }
        default:
            return "any value";
    }
}

/** A key's default, in words: the one its doc states, else the one zod applies, else none. */
function defaultCell(key: ConfigKey): string {
    if (key.required) {
        return "**required**";
    }
    const stated = defaultWords(key.doc.defaultText);
    if (stated !== undefined) {
        // A value as written in code reads as one; words read as words.
        return /^(".*"|-?\d+(\.\d+)?|true|false|\{.*\}|\[.*\])$/.test(stated) ? cell(code(stated)) : cell(stated);
    }
    return key.schema.default !== undefined ? code(key.schema.default) : "none";
}

function descriptionCell(key: ConfigKey): string {
    const text = key.doc.paragraphs.join(" ");
    return cell(key.variant === undefined ? text : `With \`${key.variant}\`: ${text}`);
}

function table(keys: readonly ConfigKey[]): string {
    const rows = keys.map(
        (k) => `| \`${k.path}\` | ${cell(typeSummary(k.schema))} | ${defaultCell(k)} | ${descriptionCell(k)} |`,
    );
    return ["| key | type and allowed values | default | description |", "| --- | --- | --- | --- |", ...rows].join(
        "\n",
    );
}

/** The whole reference, for a project namespace, linking the JSON Schema at a path relative to docs/. */
export function configReference(
    stack: StackDescription,
    project: string,
    schemaLink: string,
    generator: string,
): string {
    const topLevel = stack.keys.filter((k) => k.path === k.section);
    const sections = topLevel.map((top) => {
        const nested = stack.keys.filter((k) => k.section === top.section && k !== top);
        const doc = top.doc.paragraphs.join("\n\n");
        return [
            `## \`${project}:${top.section}\``,
            "",
            ...(doc === "" ? [] : [cell(doc).replace(/\\\|/g, "|"), ""]),
            table([top, ...nested]),
            "",
        ].join("\n");
    });
    const summary = topLevel.map(
        (k) =>
            `| [\`${project}:${k.section}\`](#${`${project}${k.section}`.toLowerCase()}) | ${cell(typeSummary(k.schema))} | ${defaultCell(k)} | ${cell(k.doc.paragraphs[0] ?? "")} |`,
    );
    return [
        `<!-- Generated by ${generator} from the zod schemas in src/model/ and the JSDoc on their fields: edit those, then regenerate. -->`,
        "",
        "# Stack configuration reference",
        "",
        `Every key the platform program reads from \`Pulumi.<stack>.yaml\`, under the project's namespace \`${project}:\`,`,
        "with its type, the values it allows, its default and what it does. Key paths are the ones validation messages",
        `and \`pulumi config set --path '${project}:<key path>'\` use; \`<name>\` stands for a key you choose (an`,
        "endpoint's, a deployment's, …), `[]` for the items of a list. Rules between keys (traffic adding up to 100, a",
        "deployment naming a declared model, …) are checked by `azureml-pulumi validate` and at `pulumi up`.",
        "",
        `Editors that use yaml-language-server (VS Code's YAML extension, …) complete and check a stack file against`,
        `[the JSON Schema](${schemaLink}) when its first line names it:`,
        "",
        "```yaml",
        `# yaml-language-server: $schema=./schema/stack-config.schema.json`,
        "```",
        "",
        "## Top-level keys",
        "",
        "| key | type | default | description |",
        "| --- | --- | --- | --- |",
        ...summary,
        "",
        ...sections,
    ].join("\n");
}
