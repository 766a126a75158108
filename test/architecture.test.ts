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
            expect(statements.filter((line) => !/^export \* from "\.\/[\w/]+";$/.test(line))).toEqual([]);
        }
    });

    it("keeps the spec layer free of Pulumi (data flows down, never back up)", () => {
        const specFiles = files.filter((f) => f.includes(`${path.sep}spec${path.sep}`));
        expect(specFiles.filter((f) => /@pulumi\//.test(fs.readFileSync(f, "utf8")))).toEqual([]);
    });
});
