import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The config map of one of the shipped stack files, as a fresh object to mutate. */
export function shippedConfig(stack: "dev" | "prod"): Record<string, any> {
    return parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")).config;
}

/** Writes a project (copy of the root Pulumi.yaml) with one stack file into a temp dir; returns the stack file. */
export function writeStack(stack: string, config: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azureml-stack-"));
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    // The shipped stacks name asset folders relative to the project directory.
    fs.symlinkSync(path.join(REPO_ROOT, "examples"), path.join(dir, "examples"));
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringify({ config }));
    return file;
}
