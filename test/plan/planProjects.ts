import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main } from "../../src/cli";
import type { PlanDocument } from "../../src/plan";
import { REPO_ROOT, shippedConfig } from "../support/stackFiles";

/** Runs the CLI in-process as the bin would: exit code, stdout lines and stderr lines. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
        argv,
        (line) => out.push(line),
        (line) => err.push(...line.split("\n")),
    );
    return { code, out, err };
}

/** Temp folders made by a test file, removed by `removeProjects` (call it in afterAll). */
const made: string[] = [];

export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

export function removeProjects(): void {
    for (const dir of made.splice(0)) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * A project directory of its own: the root Pulumi.yaml, one stack file with the shipped config changed by `change`,
 * and copies (not links) of the asset folders the shipped stacks and the rehearsal's second model version name.
 */
export function writeProject(
    stack: "dev" | "prod",
    change: (config: Record<string, any>) => void = () => undefined,
    dir = tempDir(`azureml-plan-${stack}-`),
): string {
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const folder of ["examples/assets", "examples/rehearsal/credit-model-v2"]) {
        fs.cpSync(path.join(REPO_ROOT, folder), path.join(dir, folder), { recursive: true });
    }
    const config = shippedConfig(stack);
    change(config);
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    return dir;
}

/** Plans a project's stack through the CLI into a file of the project; returns the file and the parsed plan. */
export async function planProject(dir: string, stack: string, extra: string[] = []) {
    const file = path.join(dir, `plan-${stack}.json`);
    const run = await runCli(["plan", "--stack", stack, "--dir", dir, "--out", file, ...extra]);
    if (run.code !== 0) {
        throw new Error(`plan failed (${run.code}): ${run.err.join("\n")}`);
    }
    return {
        file,
        text: fs.readFileSync(file, "utf8"),
        plan: JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument,
    };
}

/** The prod stack's endpoint config, to change in place. */
export const prodEndpoint = (config: Record<string, any>) => config["azureml-platform:onlineEndpoints"]["credit-prod"];

/** Adds a green deployment like blue but running the rehearsal's second model version. */
export function addGreen(endpoint: Record<string, any>, config: Record<string, any>): void {
    config["azureml-platform:models"]["credit-default-v2"] = {
        name: "credit-default",
        manageContainer: false,
        path: "examples/rehearsal/credit-model-v2",
    };
    endpoint.deployments.green = { ...endpoint.deployments.blue, model: "credit-default-v2" };
}
