import * as fs from "fs";
import * as path from "path";

const SRC = path.resolve(__dirname, "..", "src");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
    });
}

describe("architecture rules", () => {
    const files = sourceFiles(SRC);

    it("finds the sources", () => {
        expect(files.length).toBeGreaterThan(20);
    });

    it("imports azure-native only by submodule (the root index doubles type-check time and memory)", () => {
        const offenders = files.filter((file) =>
            /(from\s+|require\(\s*|import\(\s*)["']@pulumi\/azure-native["']/.test(fs.readFileSync(file, "utf8")),
        );
        expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
    });

    it("keeps index.ts files to re-exports", () => {
        for (const file of files.filter((f) => path.basename(f) === "index.ts")) {
            const statements = fs
                .readFileSync(file, "utf8")
                .split("\n")
                .filter((line) => line.trim() !== "" && !line.trim().startsWith("//"));
            expect(statements.filter((line) => !/^export \* from "\.\.?\/[\w/]+";$/.test(line))).toEqual([]);
        }
    });

    /** The folders a file under `from` imports, by their first segment under src/. */
    function importedFolders(file: string): string[] {
        const text = fs.readFileSync(file, "utf8");
        const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map(
            (m) => m[1],
        );
        return specifiers.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep)[0]);
    }

    it("keeps the provider host's code out of programs: components and dynamic resources load no host-side module", () => {
        const hostSide = /(Provider|Runtime|hostRuntime|dynamicProviders)$/;
        const programSide = files.filter((f) => {
            const rel = path.relative(SRC, f);
            const text = fs.readFileSync(f, "utf8");
            return rel.startsWith(`components${path.sep}`) || text.includes("extends HostedDynamicResource");
        });
        expect(programSide.length).toBeGreaterThan(10);
        const offenders = programSide.filter((f) =>
            [...fs.readFileSync(f, "utf8").matchAll(/^import (?!type )[^;]*?from ["'](\.{1,2}\/[^"']+)["']/gms)]
                .map((m) => path.basename(m[1]))
                .some((name) => hostSide.test(name)),
        );
        expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
    });

    it("keeps product code apart from test code: nothing outside src/testing imports it", () => {
        const offenders = files
            .filter((f) => !f.includes(`${path.sep}testing${path.sep}`))
            .filter((f) => importedFolders(f).includes("testing"));
        expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
    });

    it("keeps the library below the local rehearsal engine: only the CLI and src/testing import src/local", () => {
        const library = ["components", "providers", "azure", "model", "rules", "rollout", "assets", "platform"];
        const offenders = files
            .filter((f) => library.includes(path.relative(SRC, f).split(path.sep)[0]))
            .filter((f) => importedFolders(f).includes("local"));
        expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
    });

    it("keeps the domain model and the rules free of Pulumi (data flows down, never back up)", () => {
        const pure = files.filter((f) =>
            ["model", "rules", "rollout"].includes(path.relative(SRC, f).split(path.sep)[0]),
        );
        expect(pure.length).toBeGreaterThan(10);
        expect(pure.filter((f) => /@pulumi\//.test(fs.readFileSync(f, "utf8")))).toEqual([]);
    });
});
