import { spawnSync } from "child_process";
import * as path from "path";
import { main } from "../../src/cli";
import { REPO_ROOT } from "../support/stackFiles";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
        argv,
        (line) => out.push(line),
        (line) => err.push(line),
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("azureml-pulumi --help", () => {
    it("describes the commands, the exit codes and an example on stdout, exit 0", async () => {
        for (const argv of [["--help"], ["-h"], ["help"]]) {
            const { code, out, err } = await run(argv);
            expect({ code, err }).toEqual({ code: 0, err: "" });
            expect(out).toContain("usage: azureml-pulumi <command> [options]");
            expect(out).toMatch(/^ {2}validate +check stack files/m);
            expect(out).toMatch(/^ {2}preview +print the resource tree/m);
            expect(out).toMatch(/^ {2}up +rehearse a stack against the local Azure ML emulator/m);
            expect(out).toMatch(/^ {2}destroy +remove a stack's local rehearsal/m);
            expect(out).toContain(
                "exit codes: 0 ok, 1 invalid input (a stack or scenario file has problems) or a failed rehearsal, 2 usage error,\n4 import wrote its output with fields left out (each listed)",
            );
            expect(out).toContain("example:\n  azureml-pulumi validate Pulumi.dev.yaml");
        }
    });

    it("gives validate its own help: what it does, its options, exit codes and an example", async () => {
        const { code, out, err } = await run(["validate", "--help"]);
        expect({ code, err }).toEqual({ code: 0, err: "" });
        expect(out).toContain("usage: azureml-pulumi validate [options] <Pulumi.<stack>.yaml>...");
        expect(out).toContain("-h, --help");
        expect(out).toContain("exit codes: 0 every file is valid, 1 a file has problems, 2 usage error");
        expect(out).toContain("example:\n  azureml-pulumi validate Pulumi.dev.yaml Pulumi.prod.yaml");
        // Help wins over the files named with it: nothing is validated.
        expect((await run(["validate", "/nonexistent/Pulumi.dev.yaml", "-h"])).out).toBe(out);
    });

    it("gives preview its own help, with the defaults of its options", async () => {
        const { code, out, err } = await run(["preview", "--help"]);
        expect({ code, err }).toEqual({ code: 0, err: "" });
        expect(out).toContain("usage: azureml-pulumi preview [options]");
        expect(out).toMatch(/--stack <name> .*\(default: dev\)/);
        expect(out).toMatch(/--dir <path> .*\(default: the current directory\)/);
        expect(out).toContain("example:\n  azureml-pulumi preview --stack prod");
    });

    it("answers `help <command>` and `--help <command>` with that command's help", async () => {
        const preview = (await run(["preview", "--help"])).out;
        expect((await run(["help", "preview"])).out).toBe(preview);
        expect((await run(["--help", "preview"])).out).toBe(preview);
        expect((await run(["help", "validate"])).out).toBe((await run(["validate", "-h"])).out);
    });
});

describe("azureml-pulumi usage errors", () => {
    it("names an unknown flag, shows the command's usage on stderr and exits 2", async () => {
        const { code, out, err } = await run(["preview", "--stak", "prod"]);
        expect(code).toBe(2);
        expect(out).toBe("");
        const lines = err.split("\n");
        expect(lines[0]).toBe("azureml-pulumi preview: Unknown option '--stak'");
        expect(lines).toContain("usage: azureml-pulumi preview [options]");
        expect(err).toMatch(/--stack <name> .*\(default: dev\)/);
        expect(lines[lines.length - 1]).toBe("more: azureml-pulumi preview --help");
    });

    it.each([
        [["validate", "--strict", "Pulumi.dev.yaml"], "azureml-pulumi validate: Unknown option '--strict'"],
        [["validate"], "azureml-pulumi validate: name at least one stack file"],
        [["preview", "--stack"], "azureml-pulumi preview: Option '--stack <value>' argument missing"],
        [["preview", "prod"], "azureml-pulumi preview: Unexpected argument 'prod'"],
        [["preview", "--help=yes"], "azureml-pulumi preview: Option '-h, --help' does not take an argument"],
        [["--verbose", "validate", "Pulumi.dev.yaml"], "azureml-pulumi: Unknown option '--verbose'"],
        [["frobnicate"], 'azureml-pulumi: unknown command "frobnicate"'],
        [["help", "frobnicate"], 'azureml-pulumi: unknown command "frobnicate"'],
        [[], "azureml-pulumi: name a command"],
    ])("%j: exit 2 with %s", async (argv, message) => {
        const { code, out, err } = await run(argv);
        expect({ code, out, first: err.split("\n")[0] }).toEqual({ code: 2, out: "", first: message });
        expect(err).toContain("usage: azureml-pulumi");
    });

    it("passes --stack and --dir through to preview, in either spelling", async () => {
        for (const argv of [
            ["preview", "--stack", "missing", "--dir", REPO_ROOT],
            ["preview", `--dir=${REPO_ROOT}`, "--stack=missing"],
        ]) {
            expect(await run(argv)).toEqual({
                code: 1,
                out: `${path.join(REPO_ROOT, "Pulumi.missing.yaml")}: file not found`,
                err: "",
            });
        }
    });
});

describe("the installed bin's usage", () => {
    const bin = path.join(REPO_ROOT, "bin", "azureml-pulumi.js");
    const runBin = (...argv: string[]) => spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8" });

    it("answers preview --help with exit 0", () => {
        const result = runBin("preview", "--help");
        expect(result.status).toBe(0);
        expect(result.stdout).toContain("usage: azureml-pulumi preview [options]");
        expect(result.stderr).toBe("");
    });

    it("exits 2 for an unknown flag, naming it on stderr without a stack trace", () => {
        const result = runBin("validate", "--fix", "Pulumi.dev.yaml");
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr.split("\n")[0]).toBe("azureml-pulumi validate: Unknown option '--fix'");
        expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
});
