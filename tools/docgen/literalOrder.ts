import type { TypeModel } from "./schemaModel";

/**
 * TypeScript keeps the members of a union of literals in the order it first met each literal, anywhere in the
 * program; the generated types list them in the order the schema does (`"managed" | "kubernetes"`), read from
 * the zod schemas themselves.
 */

interface ZodLike {
    readonly _zod: { readonly def: { readonly type: string } & Record<string, unknown> };
}

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);

/** The schema under optional, default, refinements and, for a transform, its input side. */
function unwrap(schema: ZodLike): ZodLike {
    let s = schema;
    for (;;) {
        const def = s._zod.def;
        if (WRAPPERS.has(def.type)) {
            s = def.innerType as ZodLike;
        } else if (def.type === "pipe") {
            s = def.in as ZodLike;
        } else {
            return s;
        }
    }
}

/** The literal values a schema allows, in its order: an enum's, a literal's, or a union's of those. */
function literalValues(schema: ZodLike): unknown[] {
    const def = unwrap(schema)._zod.def;
    if (def.type === "enum") {
        return Object.values(def.entries as Record<string, unknown>);
    }
    if (def.type === "literal") {
        return [...(def.values as unknown[])];
    }
    if (def.type === "union") {
        return (def.options as ZodLike[]).flatMap(literalValues);
    }
    return [];
}

function shapeKeys(schema: ZodLike): string[] | undefined {
    const def = unwrap(schema)._zod.def;
    return def.type === "object" ? Object.keys(def.shape as object).sort() : undefined;
}

/** Puts the literal members of every union in the model in the order of the zod schema it was inferred from. */
export function orderLiterals(type: TypeModel, schema: ZodLike, seen = new Set<unknown>()): void {
    if (seen.has(type)) {
        return;
    }
    seen.add(type);
    const def = unwrap(schema)._zod.def;
    switch (type.kind) {
        case "object":
            if (def.type === "object" && !seen.has(type.object)) {
                seen.add(type.object);
                const shape = def.shape as Record<string, ZodLike>;
                for (const property of type.object.properties) {
                    if (shape[property.name] !== undefined) {
                        orderLiterals(property.type, shape[property.name], seen);
                    }
                }
            }
            return;
        case "record":
            if (def.type === "record") {
                orderLiterals(type.value, def.valueType as ZodLike, seen);
            }
            return;
        case "array":
            if (def.type === "array") {
                orderLiterals(type.element, def.element as ZodLike, seen);
            }
            return;
        case "alias":
        case "union": {
            const members = type.kind === "alias" ? type.alias.members : type.members;
            const options = def.type === "union" ? (def.options as ZodLike[]) : [];
            for (const member of members) {
                if (member.kind === "object") {
                    const keys = JSON.stringify(member.object.properties.map((p) => p.name).sort());
                    const option = options.find((o) => JSON.stringify(shapeKeys(o)) === keys);
                    if (option !== undefined) {
                        orderLiterals(member, option, seen);
                    }
                }
            }
            const order = literalValues(schema).map((v) => JSON.stringify(v));
            const rank = (m: TypeModel) => (m.kind === "scalar" ? order.indexOf(m.text) : -1);
            if (members.every((m) => rank(m) >= 0)) {
                (members as TypeModel[]).sort((a, b) => rank(a) - rank(b));
            }
            return;
        }
        default:
            return;
    }
}
