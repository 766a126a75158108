import { describeValue, suggestKey } from "../model";
import { FindingKind, FindingSink } from "./findings";
import type { SourceFile, YamlPathKey } from "./yamlSource";

/** Where a config value came from. */
export interface Origin {
    readonly file: string;
    readonly line: number;
}

/** "a model", "an attached Kubernetes compute": the article a kind's name takes. */
export const withArticle = (what: string): string => `${/^[aeiou]/i.test(what) ? "an" : "a"} ${what}`;

const isMapping = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * One mapping of an az ml file as a mapper reads it: typed reads that report a wrong type with file and line, and
 * a record of which keys were asked for, so that `finish` reports every key nobody read as unknown.
 */
export class Fields {
    private readonly asked = new Set<string>();

    constructor(
        readonly source: SourceFile,
        /** The mapping's path in the document. */
        readonly at: readonly YamlPathKey[],
        readonly value: Record<string, unknown>,
        readonly sink: FindingSink,
        /** What the mapping is, for messages: "managed online deployment", "request_settings". */
        readonly what: string,
    ) {}

    /** Reads a whole file's top-level mapping; a file that is not a mapping is reported. */
    static ofFile(source: SourceFile, sink: FindingSink, what: string): Fields | undefined {
        if (!isMapping(source.value)) {
            sink.add({
                kind: "invalid",
                file: source.file,
                line: 1,
                field: "(file)",
                message: `an az ml ${what} file is a mapping of fields, got ${describeValue(source.value)}`,
            });
            return undefined;
        }
        return new Fields(source, [], source.value, sink, what);
    }

    /** The field's dotted path in the file, as messages name it. */
    field(key?: string): string {
        const parts = key === undefined ? this.at : [...this.at, key];
        return parts.length === 0 ? "(file)" : parts.map(String).join(".");
    }

    line(key?: string): number {
        return this.source.lineOf(key === undefined ? this.at : [...this.at, key]);
    }

    origin(key?: string): Origin {
        return { file: this.source.file, line: this.line(key) };
    }

    has(key: string): boolean {
        this.asked.add(key);
        return Object.hasOwn(this.value, key) && this.value[key] !== null && this.value[key] !== undefined;
    }

    raw(key: string): unknown {
        return this.has(key) ? this.value[key] : undefined;
    }

    report(kind: FindingKind, key: string | undefined, message: string): void {
        this.sink.add({ kind, file: this.source.file, line: this.line(key), field: this.field(key), message });
    }

    private wrongType(key: string, expected: string, fix: string): undefined {
        this.report("invalid", key, `expected ${expected}, got ${describeValue(this.value[key])}; ${fix}`);
        return undefined;
    }

    /** Text; `numbers` also takes a number as its text (versions and tag values, which YAML may read as numbers). */
    text(key: string, options: { numbers?: boolean } = {}): string | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        if (typeof value === "string") {
            return value;
        }
        if (options.numbers && typeof value === "number") {
            return String(value);
        }
        return this.wrongType(key, "text", "quote the value");
    }

    /** A whole number (az ml also takes one written as text). */
    integer(key: string): number | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        const number = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
        if (typeof number === "number" && Number.isInteger(number)) {
            return number;
        }
        return this.wrongType(key, "a whole number", "write a number such as 1");
    }

    number(key: string): number | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        if (typeof number === "number" && Number.isFinite(number)) {
            return number;
        }
        return this.wrongType(key, "a number", "write a number such as 0.5");
    }

    /** true or false; az ml also reads 'True' and 'False' written as text. */
    boolean(key: string): boolean | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        if (typeof value === "boolean") {
            return value;
        }
        if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) {
            return value.trim().toLowerCase() === "true";
        }
        return this.wrongType(key, "true or false", "write true or false");
    }

    /** One of a set of values, compared without case (as az ml compares them); returns the platform's spelling. */
    choice<T extends string>(key: string, allowed: Readonly<Record<string, T>>): T | undefined {
        const value = this.text(key);
        if (value === undefined) {
            return undefined;
        }
        const found = allowed[value.trim().toLowerCase()];
        if (found === undefined) {
            this.report(
                "invalid",
                key,
                `expected one of ${[...new Set(Object.keys(allowed))].join(", ")}, got ${describeValue(value)}; use one of them`,
            );
        }
        return found;
    }

    /** A nested mapping to read field by field. */
    nested(key: string, what = key): Fields | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        if (!isMapping(value)) {
            return this.wrongType(key, "a mapping of fields", `indent the fields of ${key} under it`);
        }
        return new Fields(this.source, [...this.at, key], value, this.sink, what);
    }

    /** A list. */
    list(key: string): unknown[] | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        if (!Array.isArray(value)) {
            return this.wrongType(key, "a list", "write one item per line, each starting with '- '");
        }
        return value;
    }

    /** Text values by name (tags, properties, environment variables): numbers and booleans become their text. */
    textMap(key: string): Record<string, string> | undefined {
        const value = this.raw(key);
        if (value === undefined) {
            return undefined;
        }
        if (!isMapping(value)) {
            return this.wrongType(key, "a mapping of names to values", "write one 'name: value' per line");
        }
        const out: Record<string, string> = {};
        let ok = true;
        for (const [name, item] of Object.entries(value)) {
            if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
                out[name] = String(item);
            } else {
                ok = false;
                this.sink.add({
                    kind: "invalid",
                    file: this.source.file,
                    line: this.source.lineOf([...this.at, key, name]),
                    field: `${this.field(key)}.${name}`,
                    message: `expected text, got ${describeValue(item)}; quote the value`,
                });
            }
        }
        return ok ? out : undefined;
    }

    /** A field az ml knows that the stack configuration has no place for: reported when present. */
    leftOut(key: string, why: string): void {
        if (this.has(key)) {
            this.report("leftOut", key, why);
        }
    }

    /** Fields Azure ML sets (ids, states, URIs): reported as notes when present, nothing to carry over. */
    readOnly(...keys: string[]): void {
        for (const key of keys) {
            if (this.has(key)) {
                this.report("note", key, "read-only: Azure ML sets it; nothing to carry over");
            }
        }
    }

    /** Marks keys as read without a finding (`$schema`, the name that became the config key). */
    consumed(...keys: string[]): void {
        keys.forEach((key) => this.asked.add(key));
    }

    /** Reports every key nobody asked for: az ml refuses unknown fields, so they are invalid here too. */
    finish(): void {
        const known = [...this.asked];
        for (const key of Object.keys(this.value)) {
            if (this.asked.has(key)) {
                continue;
            }
            const hint = suggestKey(key, known);
            this.report(
                "invalid",
                key,
                `unknown field ${this.at.length > 0 ? `in ${this.field()}` : `for ${withArticle(this.what)}`} (az ml refuses it too); ${
                    hint !== undefined ? `did you mean '${hint}'?` : `remove it (known fields: ${known.join(", ")})`
                }`,
            );
        }
    }
}

/** A config value under construction, with where each of its fields came from. */
export class Draft {
    readonly value: Record<string, unknown> = {};
    readonly origins: { readonly path: readonly string[]; readonly origin: Origin }[] = [];

    /** Sets a value at a path (creating the mappings on the way); undefined sets nothing. */
    put(at: readonly string[], value: unknown, origin: Origin): void {
        if (value === undefined) {
            return;
        }
        let target = this.value;
        for (const key of at.slice(0, -1)) {
            if (!isMapping(target[key])) {
                target[key] = {};
            }
            target = target[key] as Record<string, unknown>;
        }
        target[at[at.length - 1]] = value;
        this.origins.push({ path: at, origin });
    }

    /** Records where a path came from without setting it (a mapping filled field by field). */
    mark(at: readonly string[], origin: Origin): void {
        this.origins.push({ path: at, origin });
    }
}
