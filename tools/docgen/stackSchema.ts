import { z } from "zod";
import type { FieldDoc, ObjectModel, TypeModel } from "./schemaModel";

/**
 * The JSON Schema of a stack file (`Pulumi.<stack>.yaml`): zod's own rendering of the platform schema's input
 * (types, enums, ranges, patterns, defaults), each field described with the JSDoc written on it, under the
 * project's namespace in `config`. The same walk lists every key for the config reference.
 */

/** A JSON Schema node as zod renders it. */
export type JsonSchema = { [key: string]: unknown };

/** One documented key of the stack configuration, for the reference. */
export interface ConfigKey {
    /** The key path under the namespace: `workspace.storageAccount.sku`, `onlineEndpoints.<name>.traffic`. */
    readonly path: string;
    /** The top-level key it belongs to. */
    readonly section: string;
    /** Its JSON Schema node, described. */
    readonly schema: JsonSchema;
    readonly required: boolean;
    readonly doc: FieldDoc;
    /** For a field of one object of a discriminated union: the discriminating value (`type: amlCompute`). */
    readonly variant?: string;
}

/** `@default -` means there is none; the reference says so in words. */
export function defaultWords(text: string | undefined): string | undefined {
    return text?.replace(/^-(?=\s|$)/, "none");
}

/** What a stack editor shows on hover: the description, then the default in words. */
export function descriptionText(doc: FieldDoc): string | undefined {
    const parts = [...doc.paragraphs];
    const fallback = defaultWords(doc.defaultText);
    if (fallback !== undefined) {
        parts.push(`Default: ${fallback}`);
    }
    return parts.length > 0 ? parts.join("\n\n") : undefined;
}

/** Sets a node's description, first among its keys so that the file reads well. */
function describe(node: JsonSchema, description: string | undefined): void {
    if (description === undefined) {
        return;
    }
    const entries = Object.entries(node).filter(([key]) => key !== "description");
    for (const key of Object.keys(node)) {
        delete node[key];
    }
    node.description = description;
    for (const [key, value] of entries) {
        node[key] = value;
    }
}

const isObject = (value: unknown): value is JsonSchema =>
    typeof value === "object" && value !== null && !Array.isArray(value);

function objectMembers(type: TypeModel): ObjectModel[] {
    switch (type.kind) {
        case "object":
            return [type.object];
        case "alias":
            return type.alias.members.flatMap(objectMembers);
        case "union":
            return type.members.flatMap(objectMembers);
        default:
            return [];
    }
}

function typeDoc(type: TypeModel): FieldDoc | undefined {
    if (type.kind === "object") {
        return { paragraphs: type.object.doc.paragraphs };
    }
    if (type.kind === "alias") {
        return { paragraphs: type.alias.doc.paragraphs };
    }
    return undefined;
}

/** The value of a discriminating `const` field of an object node, when it has one. */
function discriminant(node: JsonSchema): string | undefined {
    const properties = isObject(node.properties) ? node.properties : {};
    for (const [name, property] of Object.entries(properties)) {
        if (isObject(property) && typeof property.const === "string") {
            return `${name}: ${property.const}`;
        }
    }
    return undefined;
}

/**
 * Walks a zod-rendered node and the model of the same type side by side: describes every field, and lists it.
 * Anything that does not line up (a field zod renders and the model lacks, or the other way) is a generator bug,
 * reported rather than papered over.
 */
function annotate(
    node: JsonSchema,
    type: TypeModel,
    path: string,
    section: string,
    keys: ConfigKey[],
    variant?: string,
): void {
    const fail = (what: string): never => {
        throw new Error(`${path || "(root)"}: ${what}`);
    };
    switch (type.kind) {
        case "object": {
            const properties = isObject(node.properties) ? node.properties : fail("zod rendered no properties");
            const required = Array.isArray(node.required) ? (node.required as string[]) : [];
            const modelled = type.object.properties.map((p) => p.name);
            const unmodelled = Object.keys(properties).filter((name) => !modelled.includes(name));
            if (unmodelled.length > 0) {
                fail(`zod renders ${unmodelled.join(", ")}, the model does not`);
            }
            for (const property of type.object.properties) {
                const child = properties[property.name];
                if (!isObject(child)) {
                    return fail(`zod rendered no ${property.name}`);
                }
                const childPath = path === "" ? property.name : `${path}.${property.name}`;
                const childSection = section === "" ? property.name : section;
                describe(child, descriptionText(property.doc));
                if (typeof child.$ref === "string") {
                    // Draft 7 ignores the siblings of $ref: the description goes beside a reference to it.
                    const { $ref, description } = child;
                    for (const key of Object.keys(child)) {
                        delete child[key];
                    }
                    Object.assign(child, description === undefined ? {} : { description }, { allOf: [{ $ref }] });
                }
                keys.push({
                    path: childPath,
                    section: childSection,
                    schema: child,
                    required: required.includes(property.name),
                    doc: property.doc,
                    ...(variant === undefined ? {} : { variant }),
                });
                annotate(child, property.type, childPath, childSection, keys);
            }
            return;
        }
        case "alias":
        case "union": {
            const members = objectMembers(type);
            if (members.length === 0) {
                return;
            }
            const branches = (Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : [])
                .filter(isObject)
                .filter((b) => isObject(b.properties));
            if (branches.length !== members.length) {
                fail(`zod renders ${branches.length} object forms, the model ${members.length}`);
            }
            for (const branch of branches) {
                const names = Object.keys(branch.properties as JsonSchema).sort();
                const member = members.find(
                    (m) => JSON.stringify(m.properties.map((p) => p.name).sort()) === JSON.stringify(names),
                );
                if (member === undefined) {
                    return fail(`no modelled form has the fields ${names.join(", ")}`);
                }
                describe(branch, descriptionText({ paragraphs: member.doc.paragraphs }));
                annotate(branch, { kind: "object", object: member }, path, section, keys, discriminant(branch));
            }
            return;
        }
        case "record": {
            const value = isObject(node.additionalProperties)
                ? node.additionalProperties
                : fail("zod rendered no value schema");
            const doc = typeDoc(type.value);
            if (doc !== undefined) {
                describe(value, descriptionText(doc));
                keys.push({ path: `${path}.<name>`, section, schema: value, required: false, doc });
            }
            annotate(value, type.value, `${path}.<name>`, section, keys);
            return;
        }
        case "array": {
            const items = isObject(node.items) ? node.items : fail("zod rendered no item schema");
            const doc = typeDoc(type.element);
            if (doc !== undefined) {
                describe(items, descriptionText(doc));
            }
            annotate(items, type.element, `${path}[]`, section, keys);
            return;
        }
        default:
            return;
    }
}

/**
 * A regular expression's source that matches regardless of letter case, for JSON Schema patterns, which carry no
 * flags: each letter becomes both of its cases (`a` → `[aA]`, in a class `a-f` → `a-fA-F`).
 */
export function caselessPattern(source: string): string {
    const letter = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
    let out = "";
    let inClass = false;
    for (let i = 0; i < source.length; i++) {
        const c = source[i];
        if (c === "\\") {
            out += c + (source[i + 1] ?? "");
            i++;
        } else if (inClass) {
            if (c === "]") {
                inClass = false;
                out += c;
            } else if (letter(c) && source[i + 1] === "-" && letter(source[i + 2])) {
                const end = source[i + 2];
                out += `${c.toLowerCase()}-${end.toLowerCase()}${c.toUpperCase()}-${end.toUpperCase()}`;
                i += 2;
            } else {
                out += letter(c) ? c.toLowerCase() + c.toUpperCase() : c;
            }
        } else if (c === "[") {
            inClass = true;
            out += c;
            if (source[i + 1] === "^") {
                out += "^";
                i++;
            }
        } else {
            out += letter(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
        }
    }
    return out;
}

/** The case-insensitive pattern notes the reference reads, to show the pattern as written. */
export const CASELESS_COMMENT = "pattern in any letter case: ";

/** zod copies a regular expression's source without its flags: a case-insensitive one would refuse valid values. */
function caselessPatterns(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
    type Check = { _zod?: { def?: { pattern?: unknown } } };
    const checks = (ctx.zodSchema as { _zod?: { def?: { checks?: Check[] } } })._zod?.def?.checks ?? [];
    const patterns = checks.map((c) => c._zod?.def?.pattern).filter((p): p is RegExp => p instanceof RegExp);
    const pattern = patterns.find((p) => p.source === ctx.jsonSchema.pattern);
    if (pattern?.flags.includes("i")) {
        ctx.jsonSchema.pattern = caselessPattern(pattern.source);
        ctx.jsonSchema.$comment = `${CASELESS_COMMENT}${pattern.source}`;
    } else if (patterns.some((p) => p.flags.includes("i"))) {
        throw new Error(
            `a case-insensitive pattern zod renders as ${JSON.stringify(ctx.jsonSchema)}: teach caselessPatterns`,
        );
    }
}

/** zod names shared definitions `__schema0`, …; the one for `z.json()` reads better by what it is. */
function nameDefinitions(schema: JsonSchema): JsonSchema {
    const definitions = isObject(schema.definitions) ? schema.definitions : {};
    const renamed = new Map<string, string>();
    for (const [name, definition] of Object.entries(definitions)) {
        const forms = isObject(definition) && Array.isArray(definition.anyOf) ? definition.anyOf : [];
        const kinds = forms.map((form) => (isObject(form) ? form.type : undefined));
        if (JSON.stringify(kinds) === JSON.stringify(["string", "number", "boolean", "null", "array", "object"])) {
            renamed.set(name, "jsonValue");
        }
    }
    const rename = (node: unknown): unknown => {
        if (Array.isArray(node)) {
            return node.map(rename);
        }
        if (!isObject(node)) {
            return node;
        }
        return Object.fromEntries(
            Object.entries(node).map(([key, value]) => {
                const target = typeof value === "string" ? /^#\/definitions\/(.+)$/.exec(value)?.[1] : undefined;
                if (key === "$ref" && target !== undefined && renamed.has(target)) {
                    return [key, `#/definitions/${renamed.get(target)}`];
                }
                if (key === "definitions" && node === schema && isObject(value)) {
                    return [
                        key,
                        Object.fromEntries(Object.entries(value).map(([n, d]) => [renamed.get(n) ?? n, rename(d)])),
                    ];
                }
                return [key, rename(value)];
            }),
        );
    };
    return rename(schema) as JsonSchema;
}

export interface StackDescription {
    /** The JSON Schema of a whole stack file. */
    readonly schema: JsonSchema;
    /** Every key under the namespace, in schema order, described. */
    readonly keys: readonly ConfigKey[];
    /** The top-level keys the platform requires. */
    readonly required: readonly string[];
}

/** The stack file's schema and keys, for a project namespace, from the platform schema and its model. */
export function describeStack(platformSchema: z.ZodType, platform: TypeModel, project: string): StackDescription {
    const rendered = nameDefinitions(
        z.toJSONSchema(platformSchema, {
            io: "input",
            target: "draft-7",
            unrepresentable: "any",
            override: (ctx) => caselessPatterns(ctx as { zodSchema: unknown; jsonSchema: JsonSchema }),
        }) as JsonSchema,
    );
    const keys: ConfigKey[] = [];
    annotate(rendered, platform, "", "", keys);
    const properties = rendered.properties as Record<string, JsonSchema>;
    const required = (rendered.required as string[] | undefined) ?? [];
    const namespaced = (key: string) => `${project}:${key}`;
    // Not `-`: outside a class its escape is an error in the Unicode mode editors compile patterns in.
    const escaped = project.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const known = Object.keys(properties).join("|");
    const config: JsonSchema = {
        description: `The stack's configuration. The platform program reads the keys under "${project}:"; keys of other namespaces (azure-native:location, …) belong to their providers.`,
        type: "object",
        properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [namespaced(key), value])),
        // Any other key under the namespace is one the program refuses: a misspelling, most likely.
        patternProperties: { [`^${escaped}:(?!(?:${known})$)`]: false },
    };
    const schema: JsonSchema = {
        $schema: "http://json-schema.org/draft-07/schema#",
        $comment: "Generated by npm run gen:types from the zod schemas in src/model/ (platformSpec): do not edit.",
        title: `Pulumi stack file of the ${project} program`,
        description: `Pulumi.<stack>.yaml of the ${project} program: docs/config.md lists every key.`,
        type: "object",
        properties: {
            config,
            environment: {
                description:
                    "Pulumi ESC environments the stack imports; they may provide config values, so none is required then.",
            },
            secretsprovider: { description: "The stack's secrets provider.", type: "string" },
            encryptedkey: { description: "The stack's data key, encrypted by its secrets provider.", type: "string" },
            encryptionsalt: { description: "Salt of the passphrase secrets provider.", type: "string" },
        },
        // Keys an ESC environment may provide are not required of a stack that imports one.
        if: { not: { required: ["environment"] } },
        then: { properties: { config: { required: required.map(namespaced) } } },
        ...(isObject(rendered.definitions) ? { definitions: rendered.definitions } : {}),
    };
    return { schema, keys, required };
}
