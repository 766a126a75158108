import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigProblem } from "../model";
import { DEFAULT_PROJECT } from "../platform/stackConfig";

/** A Pulumi.<stack>.yaml read from disk: its project (from Pulumi.yaml beside it), stack and config entries. */
export interface StackFile {
    readonly file: string;
    readonly project: string;
    readonly stack: string;
    /** Full config keys to values, as YAML typed them. */
    readonly entries: Record<string, unknown>;
}

export type StackFileResult = { ok: true; stackFile: StackFile } | { ok: false; problems: ConfigProblem[] };

/**
 * The largest stack file the offline commands read: 1 MiB, hundreds of times a real platform's (the shipped prod stack
 * is a few KiB). A larger file is refused with one line instead of running the program out of memory.
 */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;

function readYaml(file: string): { ok: true; value: unknown } | { ok: false; message: string } {
    let text: string;
    try {
        const size = fs.statSync(file).size;
        if (size > MAX_STACK_FILE_BYTES) {
            return {
                ok: false,
                message: `${size} bytes is more than the ${MAX_STACK_FILE_BYTES} bytes (1 MiB) a stack file may have here; split the platform into several stacks or projects`,
            };
        }
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            ok: false,
            message: code === "ENOENT" ? "file not found" : `cannot read the file (${code ?? String(error)})`,
        };
    }
    try {
        return { ok: true, value: parse(text) };
    } catch (error) {
        // The yaml package's message ends with the line and a caret under the column: keep them, indented.
        const [first, ...context] = (error as Error).message.split("\n");
        const frame = context.filter((line) => line.trim() !== "").map((line) => `    ${line}`);
        return { ok: false, message: [`not valid YAML: ${first.replace(/:$/, "")}`, ...frame].join("\n") };
    }
}

/** The project name from the Pulumi.yaml next to a stack file; the platform's default when there is none. */
export function projectNameFor(stackFilePath: string): string {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
        const candidate = path.join(path.dirname(stackFilePath), name);
        if (fs.existsSync(candidate)) {
            const read = readYaml(candidate);
            const project = read.ok ? (read.value as { name?: unknown } | null)?.name : undefined;
            if (typeof project === "string" && project !== "") {
                return project;
            }
        }
    }
    return DEFAULT_PROJECT;
}

/**
 * Reads a stack file; problems (missing file, bad YAML, bad shape) come back with the file as their path. The
 * project is the one in the project directory (by default the file's own directory).
 */
export function readStackFile(file: string, projectDir?: string): StackFileResult {
    const base = path.basename(file);
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(base);
    if (match === null) {
        return {
            ok: false,
            problems: [{ path: file, message: `stack files are named Pulumi.<stack>.yaml, got "${base}"` }],
        };
    }
    const read = readYaml(file);
    if (!read.ok) {
        return { ok: false, problems: [{ path: file, message: read.message }] };
    }
    const document = (read.value ?? {}) as Record<string, unknown>;
    if (typeof document !== "object" || Array.isArray(document)) {
        return { ok: false, problems: [{ path: file, message: "a stack file is a YAML mapping with a config key" }] };
    }
    const config = document.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        return {
            ok: false,
            problems: [
                { path: "config", message: `config is a mapping of keys to values, got ${JSON.stringify(config)}` },
            ],
        };
    }
    return {
        ok: true,
        stackFile: {
            file,
            project: projectNameFor(projectDir !== undefined ? path.join(projectDir, base) : file),
            stack: match[1],
            entries: config as Record<string, unknown>,
        },
    };
}

/** Config entries in the form the engine passes them to a program: objects as JSON text, scalars as text. */
export function engineConfig(entries: Readonly<Record<string, unknown>>, project: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(entries)) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        out[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}
