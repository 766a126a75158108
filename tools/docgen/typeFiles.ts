import type { AliasModel, FieldDoc, ObjectModel, SchemaModel, TypeModel } from "./schemaModel";

/**
 * The generated src/model/generated/*.ts: one file per schema file, each object schema's input as a type with the
 * JSDoc of its fields, so that the published .d.ts carry the docs `z.input` loses. They are type aliases of object
 * types, like the `z.input` types they restate, so that they stay assignable wherever those were (an index
 * signature included).
 */

const WIDTH = 120;

/** The generated files' own helper: zod's JSON value type, which zod does not export by a name users can import. */
const JSON_VALUE = "JsonValue";
const JSON_VALUE_FILE = "common";

/** Words of a paragraph wrapped to a width. */
function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
        if (line !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    if (line !== "") {
        lines.push(line);
    }
    return lines;
}

/** A JSDoc block at an indentation: the description, then `@default` on a line of its own. */
export function docComment(doc: FieldDoc, indent: string): string {
    const width = WIDTH - indent.length - 3;
    const body: string[] = [];
    doc.paragraphs.forEach((p, i) => {
        if (i > 0) {
            body.push("");
        }
        body.push(...wrap(p.replace(/\*\//g, "*\\/"), width));
    });
    if (doc.defaultText !== undefined) {
        const [first, ...rest] = wrap(`@default ${doc.defaultText}`.replace(/\*\//g, "*\\/"), width);
        body.push(first, ...rest.map((l) => `    ${l}`));
    }
    if (body.length === 0) {
        return "";
    }
    if (body.length === 1 && indent.length + body[0].length + 7 <= WIDTH) {
        return `${indent}/** ${body[0]} */\n`;
    }
    return `${indent}/**\n${body.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

interface FileContext {
    readonly file: string;
    /** Generated file → names imported from it. */
    readonly imports: Map<string, Set<string>>;
}

function reference(name: string, file: string, context: FileContext): string {
    if (file !== context.file) {
        const names = context.imports.get(file) ?? new Set<string>();
        names.add(name);
        context.imports.set(file, names);
    }
    return name;
}

function typeText(type: TypeModel, context: FileContext): string {
    switch (type.kind) {
        case "object":
            return reference(type.object.name, type.object.file, context);
        case "alias":
            return reference(type.alias.name, type.alias.file, context);
        case "record":
            return `Record<string, ${typeText(type.value, context)}>`;
        case "array": {
            const element = typeText(type.element, context);
            return type.element.kind === "union" ? `(${element})[]` : `${element}[]`;
        }
        case "union":
            return type.members.map((m) => typeText(m, context)).join(" | ");
        case "json":
            return reference(JSON_VALUE, JSON_VALUE_FILE, context);
        case "scalar":
            return type.text;
    }
}

function usesJson(type: TypeModel): boolean {
    switch (type.kind) {
        case "json":
            return true;
        case "record":
            return usesJson(type.value);
        case "array":
            return usesJson(type.element);
        case "union":
            return type.members.some(usesJson);
        default:
            return false;
    }
}

const propertyKey = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));

function objectDeclaration(object: ObjectModel, context: FileContext): string {
    const properties = object.properties
        .map(
            (p) =>
                `${docComment(p.doc, "    ")}    ${propertyKey(p.name)}${p.optional ? "?" : ""}: ${typeText(p.type, context)};\n`,
        )
        .join("");
    return `${docComment({ paragraphs: object.doc.paragraphs }, "")}export type ${object.name} = {\n${properties}};\n`;
}

function aliasDeclaration(alias: AliasModel, context: FileContext): string {
    const members = alias.members.map((m) => typeText(m, context)).join(" | ");
    return `${docComment({ paragraphs: alias.doc.paragraphs }, "")}export type ${alias.name} = ${members};\n`;
}

/** The generated files by name (`model.ts`, …, `index.ts`), before formatting. */
export function renderTypeFiles(model: SchemaModel, generator: string): Map<string, string> {
    type Declaration = {
        readonly file: string;
        readonly position: number;
        readonly render: (c: FileContext) => string;
    };
    const declarations: Declaration[] = [
        ...model.objects.map((o) => ({
            file: o.file,
            position: o.position,
            render: (c: FileContext) => objectDeclaration(o, c),
        })),
        ...model.aliases.map((a) => ({
            file: a.file,
            position: a.position,
            render: (c: FileContext) => aliasDeclaration(a, c),
        })),
    ];
    const needsJson = model.objects.some((o) => o.properties.some((p) => usesJson(p.type)));
    if (needsJson) {
        declarations.push({
            file: JSON_VALUE_FILE,
            position: -1,
            render: () =>
                `/** Any JSON value: what zod's \`z.json()\` accepts. */\nexport type ${JSON_VALUE} = string | number | boolean | null | ${JSON_VALUE}[] | { [key: string]: ${JSON_VALUE} };\n`,
        });
    }
    const files = [...new Set(declarations.map((d) => d.file))].sort();
    const out = new Map<string, string>();
    for (const file of files) {
        const context: FileContext = { file, imports: new Map() };
        const body = declarations
            .filter((d) => d.file === file)
            .sort((a, b) => a.position - b.position)
            .map((d) => d.render(context))
            .join("\n");
        const imports = [...context.imports.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([from, names]) => `import type { ${[...names].sort().join(", ")} } from "./${from}";\n`)
            .join("");
        const header = wrap(
            `Generated by ${generator} from src/model/${file}.ts: the input types of its zod schemas, with the JSDoc ` +
                "written on their fields. Edit the schemas and regenerate; do not edit this file.",
            WIDTH - 3,
        )
            .map((line) => `// ${line}\n`)
            .join("");
        out.set(`${file}.ts`, `${header}${imports === "" ? "" : `\n${imports}`}\n${body}`);
    }
    const index = files.map((f) => `export * from "./${f}";\n`).join("");
    out.set(
        "index.ts",
        `// Generated by ${generator}: the input types of the schemas in src/model/, with their docs.\n\n${index}`,
    );
    return out;
}
