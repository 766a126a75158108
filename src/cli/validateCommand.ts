import { ConfigProblem, platformSpec, validate } from "../model";
import * as path from "path";
import { localPathProblems } from "../platform/preflight";
import { projectConfig } from "../platform/stackConfig";
import { readStackFile } from "./stackFile";

/** Every problem of one stack file, with config key paths (`azureml-platform:workspace.sku`). */
export function validateStackFile(file: string): ConfigProblem[] {
    const read = readStackFile(file);
    if (!read.ok) {
        return read.problems;
    }
    const { project, entries } = read.stackFile;
    const result = validate(platformSpec, projectConfig(project, entries), `${project}:`);
    return result.ok
        ? localPathProblems(result.value, path.dirname(path.resolve(file)), `${project}:`)
        : result.problems;
}

/** `azureml-pulumi validate <Pulumi.stack.yaml>...`: exit 0 when every file is valid, else 1. */
export function validateCommand(files: readonly string[], write: (line: string) => void): number {
    let failed = false;
    for (const file of files) {
        const problems = validateStackFile(file);
        if (files.length > 1) {
            write(`# ${file}: ${problems.length === 0 ? "valid" : `${problems.length} problem(s)`}`);
        } else if (problems.length === 0) {
            write(`${file}: valid`);
        }
        for (const problem of problems) {
            write(`${problem.path}: ${problem.message}`);
        }
        failed ||= problems.length > 0;
    }
    return failed ? 1 : 0;
}
