import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { main } from "../../src/cli";
import { EXIT, UsageError } from "../../src/cli/commandLine";
import { IMPORT_EXIT, importCli } from "../../src/cli/importCommand";
import { REPO_ROOT, shippedConfig, writeStack } from "../support/stackFiles";
import { fixture, tempFolder } from "./importFixtures";

type Run = { code: number; lines: string[]; errors: string[] };

async function run(argv: string[]): Promise<Run> {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await main(
        argv,
        (line) => lines.push(...line.split("\n")),
        (line) => errors.push(...line.split("\n")),
    );
    return { code, lines, errors };
}

/**
 * `azureml-pulumi import ...` through the CLI's `main`. Until main.ts lists importCli among its commands, the
 * command is run the way main runs one (a UsageError is exit 2 with the message on stderr).
 */
let listed = false;
async function runImport(args: string[]): Promise<Run> {
    if (listed) {
        return run(["import", ...args]);
    }
    const lines: string[] = [];
    const errors: string[] = [];
    const output = {
        out: (l: string) => lines.push(...l.split("\n")),
        err: (l: string) => errors.push(...l.split("\n")),
    };
    try {
        return { code: await importCli.run(args, output), lines, errors };
    } catch (error) {
        if (!(error instanceof UsageError)) {
            throw error;
        }
        return { code: EXIT.usage, lines, errors: [...errors, `azureml-pulumi import: ${error.message}`] };
    }
}

beforeAll(async () => {
    listed = (await run(["help", "import"])).code === 0;
});

describe("azureml-pulumi import exit codes", () => {
    it("0: every field mapped; the stack config goes to stdout, the notes to stderr", async () => {
        const { code, lines, errors } = await runImport([fixture("dev-stack"), "--project-dir", REPO_ROOT]);
        expect(code).toBe(IMPORT_EXIT.ok);
        const written = parse(lines.join("\n"));
        expect(written.config["azureml-platform:onlineEndpoints"]).toEqual(
            shippedConfig("dev")["azureml-platform:onlineEndpoints"],
        );
        expect(errors[errors.length - 1]).toBe("5 entries imported, every field mapped");
        expect(errors).toContainEqual(expect.stringContaining("traffic: lands on onlineEndpoints.credit-dev.traffic"));
    });

    it("4: written, with the fields left out listed on stderr and in the file's comment", async () => {
        const { code, lines, errors } = await runImport([fixture("left-out"), "--project-dir", REPO_ROOT]);
        expect(code).toBe(IMPORT_EXIT.leftOut);
        expect(IMPORT_EXIT.leftOut).toBe(4);
        expect(errors).toContainEqual(
            `${fixture("left-out", "compute.yml")}:9: ssh_settings: the platform puts no SSH credentials on clusters (local auth stays disabled); remove ssh_settings, and use a compute instance for interactive access`,
        );
        expect(errors[errors.length - 1]).toBe("1 entry imported, 3 field(s) left out (listed above)");
        expect(lines).toContainEqual(expect.stringMatching(/^#\s+.*compute\.yml:9: ssh_settings: /));
        expect(parse(lines.join("\n")).config["azureml-platform:computes"]).toHaveProperty("gpu-cluster");
    });

    it("1: invalid input, nothing written", async () => {
        const { code, lines, errors } = await runImport([
            fixture("problems", "endpoint.yml"),
            fixture("problems", "wrong-type.yml"),
            "--project-dir",
            REPO_ROOT,
        ]);
        expect(code).toBe(IMPORT_EXIT.invalidInput);
        expect(lines).toEqual([]);
        expect(errors).toEqual([
            `${fixture("problems", "wrong-type.yml")}:10: instance_count: expected a whole number, got "two"; write a number such as 1`,
            "nothing written: 1 problem(s)",
        ]);
    });

    it("2: usage errors", async () => {
        expect((await runImport([])).code).toBe(EXIT.usage);
        expect((await runImport([fixture("dev-stack"), "--stak", "dev"])).code).toBe(EXIT.usage);
    });

    it("documents the exit codes in its help", async () => {
        const { code, lines } = await runImport(["--help"]);
        expect(code).toBe(0);
        expect(lines.join("\n")).toContain("4 written, with fields left out (listed)");
    });
});

describe("azureml-pulumi import --out and --stack", () => {
    let cleanup: (() => void)[] = [];
    afterEach(() => {
        cleanup.forEach((remove) => remove());
        cleanup = [];
    });

    it("writes a new file, and refuses to replace one that is not the stack file", async () => {
        const temp = tempFolder({ "existing.yaml": "keep: me\n" });
        cleanup.push(temp.remove);
        const out = path.join(temp.dir, "imported.yaml");
        const written = await runImport([fixture("batch"), "--project-dir", REPO_ROOT, "--out", out]);
        expect(written.code).toBe(0);
        expect(written.lines).toEqual([]);
        expect(parse(fs.readFileSync(out, "utf8")).config["azureml-platform:batchEndpoints"]).toHaveProperty(
            "mnist-batch",
        );
        const existing = path.join(temp.dir, "existing.yaml");
        const refused = await runImport([fixture("batch"), "--project-dir", REPO_ROOT, "--out", existing]);
        expect(refused.code).toBe(IMPORT_EXIT.invalidInput);
        expect(fs.readFileSync(existing, "utf8")).toBe("keep: me\n");
    });

    it("updates the stack file in place: the imported sections replace their keys, the rest stays", async () => {
        const config = shippedConfig("dev");
        delete config["azureml-platform:onlineEndpoints"];
        const stackFile = writeStack("dev", config);
        const project = path.dirname(stackFile);
        cleanup.push(() => fs.rmSync(project, { recursive: true, force: true }));
        const { code } = await runImport([
            fixture("dev-stack"),
            "--project-dir",
            project,
            "--stack",
            "dev",
            "--out",
            stackFile,
        ]);
        expect(code).toBe(0);
        const updated = parse(fs.readFileSync(stackFile, "utf8")).config;
        expect(updated["azureml-platform:onlineEndpoints"]).toEqual(
            shippedConfig("dev")["azureml-platform:onlineEndpoints"],
        );
        expect(updated["azureml-platform:batchJobs"]).toEqual(config["azureml-platform:batchJobs"]);
        expect(updated["azureml-platform:models"]["credit-default"]).toMatchObject({
            description: "Credit-default probability (logistic regression)",
        });
        expect((await run(["validate", stackFile])).code).toBe(0);
    });
});

describe("the import command's start-up cost", () => {
    it("loads neither @pulumi/pulumi nor the components when its module is loaded", () => {
        const probe = [
            "require('./src/cli/importCommand');",
            "const loaded = Object.keys(require.cache);",
            "console.log(JSON.stringify(loaded.filter((f) => /node_modules\\/@pulumi\\/pulumi\\/|\\/src\\/(components|providers|local)\\//.test(f))));",
        ].join("\n");
        const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", probe], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        expect(result.stderr).toBe("");
        expect(JSON.parse(result.stdout)).toEqual([]);
    });
});
