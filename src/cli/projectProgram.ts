import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** The program a Pulumi project runs: this package's platform program, or the project's own entry file. */
export type ProjectProgram = { kind: "platform" } | { kind: "own"; main: string };

/** The root program of this package, as this repository's Pulumi.yaml names it. */
const PLATFORM_MAIN = /(^|\/)src\/platform\/main\.ts$/;

/** A project's one-line program that runs the platform from the installed package (what `init` writes). */
const PLATFORM_IMPORT = /@azureml-pulumi\/components\/platform["']/;

/**
 * Reads Pulumi.yaml's `main` (default: the directory's index): a project whose main is this package's platform
 * program (src/platform/main.ts) runs it from stack config; any other project runs its own program file.
 */
export function projectProgram(projectDir: string): ProjectProgram {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
    if (file === undefined) {
        // Stack files alone (a directory of Pulumi.<stack>.yaml): the platform program reads them.
        return { kind: "platform" };
    }
    const document = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { main?: unknown };
    const main = typeof document.main === "string" ? document.main : ".";
    if (PLATFORM_MAIN.test(main.replace(/\\/g, "/"))) {
        return { kind: "platform" };
    }
    const entry = path.resolve(projectDir, main);
    const candidates =
        fs.existsSync(entry) && fs.statSync(entry).isDirectory()
            ? ["index.ts", "index.js"].map((f) => path.join(entry, f))
            : [entry];
    const found = candidates.find((f) => fs.existsSync(f));
    if (found === undefined && typeof document.main !== "string") {
        // A Pulumi.yaml with no program beside it: stack files kept for the platform program.
        return { kind: "platform" };
    }
    if (found !== undefined && PLATFORM_IMPORT.test(fs.readFileSync(found, "utf8"))) {
        return { kind: "platform" };
    }
    if (found === undefined) {
        throw new Error(
            `${path.basename(file)}: main "${main}" names no program file (looked for ${candidates.map((c) => path.relative(projectDir, c)).join(", ")})`,
        );
    }
    return { kind: "own", main: found };
}

/**
 * Loads a project's own program as the Pulumi Node.js runtime does: TypeScript through ts-node (the project's, or
 * this package's), transpiled only; what the module exports becomes the stack outputs.
 */
export function loadOwnProgram(main: string, projectDir: string): unknown {
    if (main.endsWith(".ts")) {
        let tsNode: string;
        try {
            tsNode = require.resolve("ts-node", { paths: [projectDir, __dirname] });
        } catch {
            throw new Error(
                `${path.relative(projectDir, main)} is TypeScript: rehearsing it needs ts-node and typescript, as \`pulumi up\` does (npm install --save-dev ts-node typescript)`,
            );
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require(tsNode) as { register(options: object): void }).register({
            transpileOnly: true,
            compilerOptions: { module: "commonjs" },
        });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(main);
}
