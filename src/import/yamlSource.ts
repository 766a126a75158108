import * as fs from "fs";
import * as path from "path";
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { ImportFinding } from "./findings";

/** A step of a path inside a YAML document: a mapping key or a sequence index. */
export type YamlPathKey = string | number;

/** One az ml YAML file, parsed: its value and the line of every key in it. */
export interface SourceFile {
    /** The file as named to the import (a folder's files joined to the folder's path). */
    readonly file: string;
    /** Its folder, absolute: az ml resolves the local paths a file names from here. */
    readonly directory: string;
    /** The document as plain data. */
    readonly value: unknown;
    /** The 1-based line of the key at a path, or of the nearest enclosing key that has one. */
    lineOf(at: readonly YamlPathKey[]): number;
}

export type SourceResult = { ok: true; source: SourceFile } | { ok: false; finding: ImportFinding };

const pathKey = (at: readonly YamlPathKey[]) => JSON.stringify(at);

/** Every key's (and sequence item's) line, walked from the document's nodes. */
function indexLines(root: Node | null, counter: LineCounter): Map<string, number> {
    const lines = new Map<string, number>();
    const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
    const walk = (node: unknown, at: YamlPathKey[]): void => {
        if (isMap(node)) {
            for (const pair of node.items) {
                if (!isPair(pair)) {
                    continue;
                }
                const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
                const keyNode = pair.key as Node | null;
                lines.set(pathKey([...at, key]), lineAt(keyNode?.range?.[0]));
                walk(pair.value, [...at, key]);
            }
        } else if (isSeq(node)) {
            node.items.forEach((item, i) => {
                lines.set(pathKey([...at, i]), lineAt((item as Node | null)?.range?.[0]));
                walk(item, [...at, i]);
            });
        }
    };
    walk(root, []);
    return lines;
}

/** Reads and parses one file; a read or syntax error comes back as an invalid finding with its line. */
export function readSourceFile(absolute: string, named: string): SourceResult {
    let text: string;
    try {
        text = fs.readFileSync(absolute, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            ok: false,
            finding: {
                kind: "invalid",
                file: named,
                field: "(file)",
                message:
                    code === "ENOENT"
                        ? "no such file; name an az ml YAML file or a folder of them"
                        : `cannot read the file (${code ?? String(error)})`,
            },
        };
    }
    const counter = new LineCounter();
    const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    const error = document.errors[0];
    if (error !== undefined) {
        return {
            ok: false,
            finding: {
                kind: "invalid",
                file: named,
                line: counter.linePos(error.pos[0]).line,
                field: "(file)",
                message: `not valid YAML: ${error.message.split("\n")[0]}; fix the syntax`,
            },
        };
    }
    const lines = indexLines(document.contents as Node | null, counter);
    return {
        ok: true,
        source: {
            file: named,
            directory: path.dirname(path.resolve(absolute)),
            value: document.toJS({ maxAliasCount: 100 }) as unknown,
            lineOf(at) {
                for (let n = at.length; n > 0; n--) {
                    const line = lines.get(pathKey(at.slice(0, n)));
                    if (line !== undefined) {
                        return line;
                    }
                }
                return 1;
            },
        },
    };
}
