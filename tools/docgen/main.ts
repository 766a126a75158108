import * as fs from "fs";
import * as path from "path";
import { GeneratedFile, TYPES_DIRECTORY, generate } from "./generate";

/**
 * `npm run gen:types`: writes the generated input types (src/model/generated/), the stack file's JSON Schema and
 * docs/config.md from the zod schemas in src/model/. With `--check`, writes nothing and fails when any of them is
 * out of date.
 */

/** Generated files whose content differs from what is on disk, and generated-looking files nothing generates. */
export function staleFiles(repoRoot: string, files: readonly GeneratedFile[]): string[] {
    const expected = new Set(files.map((f) => f.path));
    const typesDirectory = path.join(repoRoot, TYPES_DIRECTORY);
    const present = fs.existsSync(typesDirectory)
        ? fs.readdirSync(typesDirectory).map((name) => `${TYPES_DIRECTORY}/${name}`)
        : [];
    const orphans = present.filter((p) => !expected.has(p));
    const changed = files
        .filter((f) => {
            const file = path.join(repoRoot, f.path);
            return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== f.content;
        })
        .map((f) => f.path);
    return [...changed, ...orphans];
}

function main(): void {
    const repoRoot = path.resolve(__dirname, "..", "..");
    const files = generate(repoRoot);
    const stale = staleFiles(repoRoot, files);
    if (process.argv.includes("--check")) {
        if (stale.length > 0) {
            console.error(`out of date (run npm run gen:types):\n  ${stale.join("\n  ")}`);
            process.exitCode = 1;
        }
        return;
    }
    const expected = new Set(files.map((f) => f.path));
    for (const orphan of stale.filter((p) => !expected.has(p))) {
        fs.rmSync(path.join(repoRoot, orphan));
        console.log(`removed ${orphan}`);
    }
    for (const file of files.filter((f) => stale.includes(f.path))) {
        fs.mkdirSync(path.dirname(path.join(repoRoot, file.path)), { recursive: true });
        fs.writeFileSync(path.join(repoRoot, file.path), file.content);
        console.log(`wrote ${file.path}`);
    }
    if (stale.length === 0) {
        console.log("generated files are up to date");
    }
}

if (require.main === module) {
    main();
}
