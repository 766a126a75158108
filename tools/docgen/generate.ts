import { spawnSync } from "child_process";
import * as path from "path";
import * as schemas from "../../src/model";
import { configReference } from "./configReference";
import { orderLiterals } from "./literalOrder";
import { modelProgram } from "./program";
import { buildSchemaModel } from "./schemaModel";
import { describeStack } from "./stackSchema";
import { renderTypeFiles } from "./typeFiles";

/** How the generated files name what made them. */
export const GENERATOR = "`npm run gen:types` (tools/docgen)";

/** The project whose namespace the stack schema and the reference describe (Pulumi.yaml). */
export const PROJECT = "azureml-platform";

/** Where the generated files go, relative to the repository root (with `/`). */
export const TYPES_DIRECTORY = "src/model/generated";
export const CONFIG_REFERENCE = "docs/config.md";
export const STACK_SCHEMA = "schema/stack-config.schema.json";

export interface GeneratedFile {
    /** Relative to the repository root, with `/`. */
    readonly path: string;
    readonly content: string;
}

/**
 * Formats files the way `npm run lint` checks them, with the project's prettier settings. Prettier runs in a child
 * process: its API loads plugins with dynamic imports, which a test runner's module system may not allow.
 */
function format(repoRoot: string, files: GeneratedFile[]): GeneratedFile[] {
    const script = `
        const prettier = require("prettier");
        let input = "";
        process.stdin.on("data", (chunk) => (input += chunk));
        process.stdin.on("end", async () => {
            const out = [];
            for (const file of JSON.parse(input)) {
                const options = (await prettier.resolveConfig(file.path)) ?? {};
                out.push({ path: file.path, content: await prettier.format(file.content, { ...options, filepath: file.path }) });
            }
            process.stdout.write(JSON.stringify(out));
        });`;
    const absolute = files.map((f) => ({ path: path.join(repoRoot, f.path), content: f.content }));
    const result = spawnSync(process.execPath, ["-e", script], {
        cwd: repoRoot,
        input: JSON.stringify(absolute),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
        throw new Error(`prettier failed: ${result.stderr}`);
    }
    const formatted = JSON.parse(result.stdout) as GeneratedFile[];
    return formatted.map((f, i) => ({ path: files[i].path, content: f.content }));
}

/** Every generated file, formatted: the input types with their docs, the stack schema and the config reference. */
export function generate(repoRoot: string): GeneratedFile[] {
    const modelDirectory = path.join(repoRoot, "src", "model");
    const model = buildSchemaModel(modelProgram(repoRoot), modelDirectory);
    for (const [name, type] of model.roots) {
        orderLiterals(type, (schemas as unknown as Record<string, Parameters<typeof orderLiterals>[1]>)[name]);
    }
    const platform = model.roots.get("platformSpec");
    if (platform === undefined) {
        throw new Error("src/model has no platformSpec: nothing describes a stack file");
    }
    const types = [...renderTypeFiles(model, GENERATOR)].map(([name, content]) => ({
        path: `${TYPES_DIRECTORY}/${name}`,
        content,
    }));
    const stack = describeStack(schemas.platformSpec, platform, PROJECT);
    const schemaLink = path.posix.relative(path.posix.dirname(CONFIG_REFERENCE), STACK_SCHEMA);
    const formatted = format(repoRoot, [
        ...types,
        { path: STACK_SCHEMA, content: `${JSON.stringify(stack.schema, null, 2)}\n` },
    ]);
    // Markdown is not formatted by prettier here (.prettierignore): the reference is written as it should read.
    return [...formatted, { path: CONFIG_REFERENCE, content: configReference(stack, PROJECT, schemaLink, GENERATOR) }];
}
