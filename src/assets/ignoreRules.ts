import * as fs from "fs";
import * as path from "path";
import ignore, { Ignore } from "ignore";

/** Directories never part of an asset. */
export const ALWAYS_IGNORED = [".git"];

/**
 * The ignore rules of one directory, as az ml reads them: `.amlignore` when present, else `.gitignore`. Rules of
 * a directory apply to everything below it, relative to it.
 */
export function readIgnoreRules(directory: string): Ignore | undefined {
    for (const file of [".amlignore", ".gitignore"]) {
        const full = path.join(directory, file);
        if (fs.existsSync(full)) {
            return ignore().add(fs.readFileSync(full, "utf8"));
        }
    }
    return undefined;
}

/** Rules in force at some directory: each ancestor's rules with the directory they came from. */
export type IgnoreStack = readonly { readonly base: string; readonly rules: Ignore }[];

/** Whether a path (relative to the asset root, posix separators) is ignored by any rule in force. */
export function isIgnored(stack: IgnoreStack, relativePath: string, isDirectory: boolean): boolean {
    const name = relativePath.split("/").pop() ?? relativePath;
    if (isDirectory && ALWAYS_IGNORED.includes(name)) {
        return true;
    }
    return stack.some(({ base, rules }) => {
        const local = base === "" ? relativePath : relativePath.slice(base.length + 1);
        return rules.ignores(isDirectory ? `${local}/` : local);
    });
}
