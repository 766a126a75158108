import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/stackFiles";

/** The README's TypeScript blocks, each type-checked as a program of its own against the package's public entry. */
function snippets(): { line: number; code: string }[] {
    const text = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const found: { line: number; code: string }[] = [];
    const fence = /^```(?:ts|typescript)\n([\s\S]*?)^```/gm;
    for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
        found.push({ line: text.slice(0, match.index).split("\n").length, code: match[1] });
    }
    return found;
}

describe("the README's TypeScript", () => {
    it("has snippets, and every one compiles as a user would write it", () => {
        const blocks = snippets();
        expect(blocks.length).toBeGreaterThan(0);
        const dir = fs.mkdtempSync(path.join(REPO_ROOT, "node_modules", ".readme-snippets-"));
        try {
            const files = blocks.map((b, i) => {
                const file = path.join(dir, `snippet${i}.ts`);
                // Each block is a module of its own (imports at top, as written).
                fs.writeFileSync(file, `${b.code}\nexport {};\n`);
                return file;
            });
            const program = ts.createProgram(files, {
                noEmit: true,
                strict: true,
                target: ts.ScriptTarget.ES2022,
                module: ts.ModuleKind.CommonJS,
                moduleResolution: ts.ModuleResolutionKind.Node10,
                esModuleInterop: true,
                skipLibCheck: true,
                types: ["node"],
                baseUrl: REPO_ROOT,
                paths: {
                    "@azureml-pulumi/components": ["src/index.ts"],
                    "@azureml-pulumi/components/*": ["src/*"],
                },
            });
            const problems = ts
                .getPreEmitDiagnostics(program)
                .filter((d) => d.file !== undefined && files.includes(path.resolve(d.file.fileName)))
                .map((d) => {
                    const index = files.indexOf(path.resolve(d.file!.fileName));
                    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
                    return `README.md:${blocks[index].line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
                });
            expect(problems).toEqual([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 120_000);
});
