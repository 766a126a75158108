import * as path from "path";
import * as ts from "typescript";

/**
 * The input types of the zod schemas in src/model/, read with the TypeScript checker: `z.input<typeof schema>` of
 * every exported schema whose input is an object (or a union of objects), with the JSDoc written on its zod fields.
 * The types come from zod's own inference and the docs from the schema source, so the generated files restate
 * both without a second copy anyone edits.
 */

/** A field's documentation: its description and its `@default`, as written on the zod field. */
export interface FieldDoc {
    /** Paragraphs of the description, each on one line. */
    readonly paragraphs: readonly string[];
    /** The text of the `@default` tag, on one line. */
    readonly defaultText?: string;
}

export type TypeModel =
    | { readonly kind: "object"; readonly object: ObjectModel }
    | { readonly kind: "alias"; readonly alias: AliasModel }
    | { readonly kind: "record"; readonly value: TypeModel }
    | { readonly kind: "array"; readonly element: TypeModel }
    | { readonly kind: "union"; readonly members: readonly TypeModel[] }
    | { readonly kind: "json" }
    | { readonly kind: "scalar"; readonly text: string };

export interface PropertyModel {
    readonly name: string;
    readonly optional: boolean;
    readonly doc: FieldDoc;
    readonly type: TypeModel;
}

/** An object schema (`z.strictObject({...})`): one generated type. */
export interface ObjectModel {
    readonly name: string;
    /** The src/model file (without extension) the schema is written in, and so the generated file it goes to. */
    readonly file: string;
    /** Where in that file, to keep the generated declarations in source order. */
    readonly position: number;
    readonly doc: FieldDoc;
    /** Filled once its property types are read (object types can refer to each other). */
    readonly properties: PropertyModel[];
}

/** An exported union of object schemas (`computeSpec`, `workspaceStorage`): a generated union type. */
export interface AliasModel {
    readonly name: string;
    readonly file: string;
    readonly position: number;
    readonly doc: FieldDoc;
    readonly members: readonly TypeModel[];
}

/** What the generator reads: every generated declaration, and the root schemas by their exported name. */
export interface SchemaModel {
    readonly objects: readonly ObjectModel[];
    readonly aliases: readonly AliasModel[];
    /** Exported schema name (e.g. `platformSpec`) → the model of its input type. */
    readonly roots: ReadonlyMap<string, TypeModel>;
}

const EMPTY_DOC: FieldDoc = { paragraphs: [] };

/** `modelSpec` → `ModelSpecInput`. */
function typeName(variable: string, suffix = "Input"): string {
    return variable.charAt(0).toUpperCase() + variable.slice(1) + suffix;
}

function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

/** A JSDoc comment as description paragraphs and its `@default`; other tags are not carried. */
function readDoc(node: ts.Node): FieldDoc {
    const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const jsDoc = docs[docs.length - 1];
    if (jsDoc === undefined) {
        return EMPTY_DOC;
    }
    const description = ts.getTextOfJSDocComment(jsDoc.comment) ?? "";
    const paragraphs = description
        .split(/\n\s*\n/)
        .map(oneLine)
        .filter((p) => p !== "");
    const defaultTag = jsDoc.tags?.find((t) => t.tagName.text === "default");
    const defaultText =
        defaultTag === undefined ? undefined : oneLine(ts.getTextOfJSDocComment(defaultTag.comment) ?? "");
    return defaultText === undefined ? { paragraphs } : { paragraphs, defaultText };
}

/** The chain `a.b(...).c(...)` down to its first identifier: `count(1).default(1)` → `count`. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
    let e: ts.Expression = expression;
    for (;;) {
        if (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) {
            e = e.expression;
        } else if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
            e = e.expression;
        } else {
            return ts.isIdentifier(e) ? e : undefined;
        }
    }
}

/** `z.strictObject({...})`, `z.object({...})` or `z.looseObject({...})`: the object literal is a zod shape. */
function isZodShape(literal: ts.ObjectLiteralExpression): boolean {
    const call = literal.parent;
    return (
        ts.isCallExpression(call) &&
        call.arguments[0] === literal &&
        ts.isPropertyAccessExpression(call.expression) &&
        ["strictObject", "object", "looseObject"].includes(call.expression.name.text)
    );
}

export function buildSchemaModel(program: ts.Program, modelDirectory: string): SchemaModel {
    const checker = program.getTypeChecker();
    const objects = new Map<ts.ObjectLiteralExpression, ObjectModel>();
    const aliases: AliasModel[] = [];
    const roots = new Map<string, TypeModel>();
    const names = new Map<string, ts.Node>();

    const fileOf = (node: ts.Node): string => {
        const fileName = node.getSourceFile().fileName;
        if (path.resolve(path.dirname(fileName)) !== path.resolve(modelDirectory)) {
            throw new Error(`${fileName}: schemas with generated input types belong in ${modelDirectory}`);
        }
        return path.basename(fileName, ".ts");
    };

    const claim = (name: string, node: ts.Node): string => {
        const earlier = names.get(name);
        if (earlier !== undefined && earlier !== node) {
            throw new Error(
                `two schemas would both generate ${name} (${fileOf(earlier)}.ts and ${fileOf(node)}.ts): rename one of their variables`,
            );
        }
        names.set(name, node);
        return name;
    };

    /** The JSDoc of the variable an identifier names, when it is a schema constant of the model. */
    const variableDoc = (identifier: ts.Identifier | undefined, shorthand?: ts.ShorthandPropertyAssignment) => {
        let symbol =
            shorthand !== undefined
                ? checker.getShorthandAssignmentValueSymbol(shorthand)
                : identifier && checker.getSymbolAtLocation(identifier);
        if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) {
            symbol = checker.getAliasedSymbol(symbol);
        }
        const declaration = symbol?.valueDeclaration;
        // Only the model's own constants: `z` of `z.string()` is zod's, and its doc is not the field's.
        const inModel =
            declaration !== undefined &&
            path.resolve(path.dirname(declaration.getSourceFile().fileName)) === path.resolve(modelDirectory);
        return inModel && ts.isVariableDeclaration(declaration) ? readDoc(declaration) : EMPTY_DOC;
    };

    /**
     * A field's doc. A field written without a description takes the one of the schema constant it is built from
     * (`tags: tags.optional()` reads "Azure tags: at most 50 per resource…"), keeping its own `@default`.
     */
    const fieldDoc = (declaration: ts.Node): FieldDoc => {
        const own = readDoc(declaration);
        if (own.paragraphs.length > 0) {
            return own;
        }
        const fallback = ts.isShorthandPropertyAssignment(declaration)
            ? variableDoc(undefined, declaration)
            : ts.isPropertyAssignment(declaration)
              ? variableDoc(rootIdentifier(declaration.initializer))
              : EMPTY_DOC;
        return own.defaultText === undefined
            ? { paragraphs: fallback.paragraphs }
            : { paragraphs: fallback.paragraphs, defaultText: own.defaultText };
    };

    /**
     * The generated name of an object schema, from where it is written: a variable's own (`probeSpec` →
     * `ProbeSpecInput`); a schema inside a variable's union or array, the variable's with "Settings"
     * (`workspaceStorage` → `WorkspaceStorageSettingsInput`); a schema written inline as a field, its owner's with
     * the field's name (`retrySettings` of `batchDeploymentSpec` → `BatchDeploymentRetrySettingsInput`), singular
     * for the entries of a record or an array.
     */
    const objectName = (literal: ts.ObjectLiteralExpression): string => {
        let node: ts.Node = literal.parent;
        let wrapped = false;
        let direct = true;
        for (;;) {
            const parent = node.parent;
            if (ts.isPropertyAccessExpression(parent) && ts.isCallExpression(parent.parent)) {
                // A method of the schema: .optional(), .default(...), .superRefine(...), .transform(...)
                node = parent.parent;
            } else if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
                // An argument: z.record(key, HERE), z.array(HERE), z.union([HERE, ...])
                const callee = parent.expression;
                const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
                wrapped ||= method === "record" || method === "array";
                direct = false;
                node = parent;
            } else if (ts.isArrayLiteralExpression(parent)) {
                direct = false;
                node = parent;
            } else if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
                return claim(typeName(parent.name.text, direct ? "Input" : "SettingsInput"), literal);
            } else if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) {
                const owner = parent.parent;
                if (!ts.isObjectLiteralExpression(owner) || !isZodShape(owner)) {
                    break;
                }
                const base = objectName(owner)
                    .replace(/Input$/, "")
                    .replace(/Spec$/, "");
                let field = parent.name.text;
                if (wrapped && /[^s]s$/.test(field)) {
                    field = field.slice(0, -1);
                }
                return claim(typeName(base + typeName(field, ""), "").replace(/(Input)?$/, "Input"), literal);
            } else {
                break;
            }
        }
        throw new Error(`${fileOf(literal)}.ts: cannot name the schema at ${literal.getStart()}`);
    };

    /** The zod shape an object type was inferred from, found through its properties' declarations. */
    const shapeOf = (type: ts.Type): ts.ObjectLiteralExpression | undefined => {
        const literals = new Set<ts.ObjectLiteralExpression>();
        for (const property of checker.getPropertiesOfType(type)) {
            const declaration = property.declarations?.[0];
            const literal = declaration?.parent;
            if (literal === undefined || !ts.isObjectLiteralExpression(literal) || !isZodShape(literal)) {
                return undefined;
            }
            literals.add(literal);
        }
        return literals.size === 1 ? [...literals][0] : undefined;
    };

    const objectModel = (type: ts.Type, literal: ts.ObjectLiteralExpression): ObjectModel => {
        const known = objects.get(literal);
        if (known !== undefined) {
            return known;
        }
        const name = objectName(literal);
        const declared = findDeclaration(literal);
        const model: ObjectModel = {
            name,
            file: fileOf(literal),
            position: literal.getStart(),
            doc: declared !== undefined ? readDoc(declared) : EMPTY_DOC,
            properties: [],
        };
        objects.set(literal, model);
        const properties = checker
            .getPropertiesOfType(type)
            .map((p) => ({ symbol: p, declaration: p.declarations![0] }))
            .sort((a, b) => a.declaration.getStart() - b.declaration.getStart());
        for (const { symbol, declaration } of properties) {
            const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
            const propertyType = checker.getTypeOfSymbol(symbol);
            model.properties.push({
                name: symbol.name,
                optional,
                doc: fieldDoc(declaration),
                type: typeModel(propertyType, optional),
            });
        }
        return model;
    };

    /** The variable (or field) whose JSDoc documents a schema as a whole. */
    const findDeclaration = (literal: ts.ObjectLiteralExpression): ts.Node | undefined => {
        let node: ts.Node = literal;
        while (node.parent !== undefined && !ts.isSourceFile(node.parent)) {
            node = node.parent;
            if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) {
                return node;
            }
        }
        return undefined;
    };

    const sameMembers = (a: readonly ts.Type[], b: readonly ts.Type[]) =>
        a.length === b.length && a.every((t) => b.includes(t));
    const aliasTypes: { types: readonly ts.Type[]; alias: AliasModel }[] = [];

    const typeModel = (type: ts.Type, dropUndefined: boolean): TypeModel => {
        if (type.aliasSymbol?.name === "JSONType") {
            return { kind: "json" };
        }
        if (type.isUnion()) {
            const members = type.types.filter((t) => !(dropUndefined && t.flags & ts.TypeFlags.Undefined));
            const alias = aliasTypes.find((a) => sameMembers(a.types, members));
            if (alias !== undefined) {
                return { kind: "alias", alias: alias.alias };
            }
            if (members.length === 1) {
                return typeModel(members[0], false);
            }
            const models: TypeModel[] = [];
            const hasTrue = members.some(
                (t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === "true",
            );
            const hasFalse = members.some(
                (t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === "false",
            );
            let booleanPlaced = false;
            for (const member of members) {
                if (member.flags & ts.TypeFlags.BooleanLiteral && hasTrue && hasFalse) {
                    if (!booleanPlaced) {
                        models.push({ kind: "scalar", text: "boolean" });
                        booleanPlaced = true;
                    }
                    continue;
                }
                models.push(typeModel(member, false));
            }
            return models.length === 1 ? models[0] : { kind: "union", members: models };
        }
        if (checker.isArrayType(type)) {
            return { kind: "array", element: typeModel(checker.getTypeArguments(type as ts.TypeReference)[0], false) };
        }
        if (type.flags & ts.TypeFlags.Object) {
            const properties = checker.getPropertiesOfType(type);
            const indexInfos = checker.getIndexInfosOfType(type);
            if (
                properties.length === 0 &&
                indexInfos.length === 1 &&
                indexInfos[0].keyType.flags & ts.TypeFlags.String
            ) {
                return { kind: "record", value: typeModel(indexInfos[0].type, false) };
            }
            const literal = shapeOf(type);
            if (literal !== undefined && indexInfos.length === 0) {
                return { kind: "object", object: objectModel(type, literal) };
            }
            throw new Error(`cannot generate a declaration for ${checker.typeToString(type)}`);
        }
        return { kind: "scalar", text: checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation) };
    };

    /** The input type of a zod schema's type: its `_zod.input`, which is what `z.input` reads. */
    const inputType = (schemaType: ts.Type, at: ts.Node): ts.Type | undefined => {
        const internals = schemaType.getProperty("_zod");
        const input = internals && checker.getTypeOfSymbolAtLocation(internals, at).getProperty("input");
        return input && checker.getTypeOfSymbolAtLocation(input, at);
    };

    const modelFiles = program
        .getSourceFiles()
        .filter((f) => path.resolve(path.dirname(f.fileName)) === path.resolve(modelDirectory))
        .sort((a, b) => a.fileName.localeCompare(b.fileName));
    const candidates: { name: string; declaration: ts.VariableDeclaration; input: ts.Type }[] = [];
    for (const file of modelFiles) {
        for (const statement of file.statements) {
            const exported = ts.canHaveModifiers(statement)
                ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
                : false;
            if (!ts.isVariableStatement(statement) || !exported) {
                continue;
            }
            for (const declaration of statement.declarationList.declarations) {
                if (!ts.isIdentifier(declaration.name)) {
                    continue;
                }
                const input = inputType(checker.getTypeAtLocation(declaration.name), declaration);
                if (input !== undefined) {
                    candidates.push({ name: declaration.name.text, declaration, input });
                }
            }
        }
    }
    // Unions of object schemas first, so that fields typed by them print the union's name.
    for (const { name, declaration, input } of candidates) {
        if (input.isUnion() && input.types.every((t) => t.flags & ts.TypeFlags.Object && shapeOf(t) !== undefined)) {
            const alias: AliasModel = {
                name: claim(typeName(name), declaration),
                file: fileOf(declaration),
                position: declaration.getStart(),
                doc: readDoc(declaration),
                members: [],
            };
            aliasTypes.push({ types: input.types, alias });
            aliases.push(alias);
        }
    }
    for (const { types, alias } of aliasTypes) {
        (alias.members as TypeModel[]).push(...types.map((t) => typeModel(t, false)));
    }
    for (const { name, input } of candidates) {
        const isObject =
            input.flags & ts.TypeFlags.Object && shapeOf(input) !== undefined && !checker.isArrayType(input);
        const alias = aliasTypes.find((a) => input.isUnion() && sameMembers(a.types, input.types));
        if (alias !== undefined) {
            roots.set(name, { kind: "alias", alias: alias.alias });
        } else if (isObject) {
            roots.set(name, typeModel(input, false));
        }
    }
    return { objects: [...objects.values()], aliases, roots };
}
