import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli";
import { REPO_ROOT } from "../support/stackFiles";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
        argv,
        (l) => out.push(l),
        (l) => err.push(l),
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "azureml-init-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("azureml-pulumi init", () => {
    it("writes a project whose dev stack validates and previews as written", async () => {
        const project = path.join(dir, "ml-platform");
        const init = await run(["init", "--dir", project, "--name", "ml-platform"]);
        expect(init.code).toBe(0);
        expect(fs.readdirSync(project).sort()).toEqual([
            ".gitignore",
            "Pulumi.dev.yaml",
            "Pulumi.yaml",
            "index.js",
            "package.json",
        ]);
        expect(fs.readFileSync(path.join(project, "index.js"), "utf8")).toContain(
            'require("@azureml-pulumi/components/platform").runPlatform()',
        );
        const manifest = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8"));
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        expect(manifest.dependencies["@azureml-pulumi/components"]).toBe(`^${version}`);

        const validate = await run(["validate", path.join(project, "Pulumi.dev.yaml")]);
        expect(validate).toMatchObject({ code: 0, out: `${path.join(project, "Pulumi.dev.yaml")}: valid` });
        const cwd = process.cwd();
        try {
            const preview = await run(["preview", "--stack", "dev", "--dir", project]);
            expect(preview.code).toBe(0);
            expect(preview.out).toContain("azure-native:machinelearningservices:Workspace");
            expect(preview.out).toContain("cpu-cluster-compute");
        } finally {
            process.chdir(cwd);
        }
    });

    it("keeps a package.json that is already there, and overwrites nothing", async () => {
        fs.writeFileSync(path.join(dir, "package.json"), '{"name":"mine"}\n');
        expect((await run(["init", "--dir", dir])).code).toBe(0);
        expect(fs.readFileSync(path.join(dir, "package.json"), "utf8")).toBe('{"name":"mine"}\n');
        const again = await run(["init", "--dir", dir]);
        expect(again.code).toBe(1);
        expect(again.err).toContain("already has Pulumi.yaml, index.js, Pulumi.dev.yaml, .gitignore");
    });

    it("names the project after the folder, and refuses a name Pulumi does not accept (exit 2)", async () => {
        const project = path.join(dir, "My ML Platform");
        expect((await run(["init", "--dir", project])).code).toBe(0);
        expect(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).toMatch(/^name: my-ml-platform$/m);
        expect(fs.readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8")).toContain("my-ml-platform:location:");
        const bad = await run(["init", "--dir", path.join(dir, "x"), "--name", "no spaces"]);
        expect(bad.code).toBe(2);
        expect(bad.err).toContain('--name "no spaces" is not a Pulumi project name');
    });
});

describe("validate and the CLI's conventions", () => {
    it("prints the package version", async () => {
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        expect(await run(["--version"])).toEqual({ code: 0, out: version, err: "" });
    });

    it("says a stack file belongs to a project with a program of its own instead of listing missing keys", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: other\nruntime: nodejs\nmain: index.js\n");
        fs.writeFileSync(path.join(dir, "index.js"), "module.exports = {};\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  other:region: westeurope\n");
        const result = await run(["validate", path.join(dir, "Pulumi.dev.yaml")]);
        expect(result.code).toBe(1);
        expect(result.out.split("\n")).toEqual([
            expect.stringContaining(
                'belongs to project "other", whose program (index.js) does not run the azureml platform program',
            ),
        ]);
    });

    it("emits every problem as an object with --format json", async () => {
        fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const file = path.join(dir, "Pulumi.dev.yaml");
        fs.writeFileSync(file, "config:\n  azureml-platform:location: West Europe\n  azureml-platform:wrkspace: {}\n");
        const result = await run(["validate", "--format", "json", file]);
        expect(result.code).toBe(1);
        const doc = JSON.parse(result.out);
        expect(doc.valid).toBe(false);
        expect(doc.files[0].problems.map((p: { path: string }) => p.path)).toEqual(
            expect.arrayContaining(["azureml-platform:location", "azureml-platform:wrkspace"]),
        );
        expect(doc.files[0].problems.every((p: { file: string }) => p.file === file)).toBe(true);
        expect((await run(["validate", "--format", "xml", file])).code).toBe(2);
    });

    it("shows a YAML syntax error's line with a caret, and refuses an oversized stack file in one line", async () => {
        fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const broken = path.join(dir, "Pulumi.broken.yaml");
        fs.writeFileSync(broken, "config:\n  azureml-platform:location: westeurope\n   oops: 1\n");
        const syntax = await run(["validate", broken]);
        expect(syntax.code).toBe(1);
        expect(syntax.out).toMatch(
            /not valid YAML: .* at line 2, column \d+\n {4}.*azureml-platform:location: westeurope\n {4}\s*\^/,
        );
        const huge = path.join(dir, "Pulumi.huge.yaml");
        fs.writeFileSync(huge, `config:\n  azureml-platform:tags:\n    note: "${"x".repeat(1024 * 1024)}"\n`);
        const big = await run(["validate", huge]);
        expect(big.code).toBe(1);
        expect(big.out.split("\n")).toEqual([expect.stringMatching(/is more than the 1048576 bytes \(1 MiB\)/)]);
    });
});
