import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../support/stackFiles";

/**
 * The built CLI loads only what a command needs: `@pulumi/pulumi` (and `typescript`, which it loads) are most of its
 * start-up time, and only a preview that runs uses them. Runs bin/ (so dist/ must be built, as for cli.test.ts) with
 * a preload that records every module the process loaded.
 */
const BIN = path.join(REPO_ROOT, "bin", "azureml-pulumi.js");
const PROBE = path.join(__dirname, "moduleProbe.js");
const HEAVY = /\/node_modules\/(@pulumi\/pulumi|typescript)\//;

function runProbed(argv: string[]): { status: number | null; stdout: string; stderr: string; loaded: string[] } {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "azureml-probe-")), "loaded.json");
    const result = spawnSync(process.execPath, ["-r", PROBE, BIN, ...argv], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, AZUREML_PULUMI_MODULE_PROBE: report },
    });
    const loaded: string[] = JSON.parse(fs.readFileSync(report, "utf8"));
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, loaded };
}

describe("the CLI's start-up cost", () => {
    it("validates without loading @pulumi/pulumi or typescript", () => {
        const { status, stdout, loaded } = runProbed(["validate", "Pulumi.prod.yaml"]);
        expect({ status, stdout }).toEqual({ status: 0, stdout: "Pulumi.prod.yaml: valid\n" });
        // The probe saw the validation itself run from dist/...
        expect(loaded).toContainEqual(expect.stringMatching(/\/dist\/src\/cli\/validateCommand\.js$/));
        expect(loaded).toContainEqual(expect.stringMatching(/\/node_modules\/zod\//));
        // ...and nothing of the Pulumi runtime, the components or the mock engine.
        expect(loaded.filter((file) => HEAVY.test(file))).toEqual([]);
        expect(loaded.filter((file) => /\/dist\/src\/(components|providers|local)\//.test(file))).toEqual([]);
    });

    it.each([
        [["--help"], 0],
        [["help"], 0],
        [["help", "preview"], 0],
        [["validate", "--help"], 0],
        [["preview", "--help"], 0],
        [["frobnicate"], 2],
        [["preview", "--stak", "prod"], 2],
        [["preview", "--stack", "missing"], 1],
        [["up", "--help"], 0],
        [["plan", "--help"], 0],
        [["diff", "--help"], 0],
        [["diff"], 2],
        [["import", "--help"], 0],
        [["init", "--help"], 0],
        [["destroy", "--help"], 0],
        [["up", "--stack", "dev"], 2],
        [["up", "--local", "--stack", "missing"], 1],
    ])("answers %j (exit %d) without loading @pulumi/pulumi or typescript", (argv, exit) => {
        const { status, loaded } = runProbed(argv);
        expect(status).toBe(exit);
        expect(loaded).toContainEqual(expect.stringMatching(/\/dist\/src\/cli\/main\.js$/));
        expect(loaded.filter((file) => HEAVY.test(file))).toEqual([]);
    });

    it("loads @pulumi/pulumi for a preview that runs (the probe sees it when it is there)", () => {
        const { status, stdout, loaded } = runProbed(["preview", "--stack", "dev"]);
        expect(status).toBe(0);
        expect(stdout).toContain("Offline preview of stack azureml-platform-dev");
        expect(loaded).toContainEqual(expect.stringMatching(/\/node_modules\/@pulumi\/pulumi\//));
        expect(loaded).toContainEqual(expect.stringMatching(/\/dist\/src\/cli\/previewEngine\.js$/));
    });
});
