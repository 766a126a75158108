import { ConfigProblem, platformSpec, validate } from "../model";
import * as path from "path";
import { localPathProblems } from "../platform/preflight";
import { projectConfig } from "../platform/stackConfig";
import { EXIT, parseCommandLine, UsageError, defineCommand } from "./commandLine";
import { ProjectProgram, projectProgram } from "./projectProgram";
import { readStackFile } from "./stackFile";

/**
 * Every problem of one stack file, with config key paths (`azureml-platform:workspace.sku`). Local paths resolve
 * from the project directory (by default the file's own directory, where Pulumi keeps stack files).
 */
export function validateStackFile(file: string, projectDir?: string): ConfigProblem[] {
    const read = readStackFile(file, projectDir);
    if (!read.ok) {
        return read.problems;
    }
    const notPlatform = notPlatformProblem(file, projectDir ?? path.dirname(file), read.stackFile.project);
    if (notPlatform !== undefined) {
        return [notPlatform];
    }
    const { project, entries } = read.stackFile;
    const { config, problems } = projectConfig(project, entries);
    const result = validate(platformSpec, config, `${project}:`);
    // Local paths are checked whatever else is wrong, so one run reports everything.
    const paths = localPathProblems(
        result.ok ? result.value : config,
        path.resolve(projectDir ?? path.dirname(file)),
        `${project}:`,
    );
    const known = new Set((result.ok ? [] : result.problems).map((p) => p.path));
    return [...problems, ...(result.ok ? [] : result.problems), ...paths.filter((p) => !known.has(p.path))];
}

/** Why a stack file is not one this command checks: its project runs a program of its own. */
function notPlatformProblem(file: string, projectDir: string, project: string): ConfigProblem | undefined {
    let program: ProjectProgram;
    try {
        program = projectProgram(projectDir);
    } catch (error) {
        return { path: file, message: (error as Error).message };
    }
    if (program.kind === "platform") {
        return undefined;
    }
    return {
        path: file,
        message: `belongs to project "${project}", whose program (${path.relative(projectDir, program.main)}) does not run the azureml platform program; validate and preview check the stack files of projects that do (azureml-pulumi init writes one). Its own program validates its config when it runs (azureml-pulumi up --local rehearses it)`,
    };
}

/**
 * `validate --format json`: one document, every file with its problems as objects (file, key path, message), so CI
 * can annotate the lines of a pull request. Exit codes as for text.
 */
export function validateJson(files: readonly string[], write: (line: string) => void): number {
    const results = files.map((file) => ({
        file,
        problems: validateStackFile(file).map((p) => ({ file, path: p.path, message: p.message })),
    }));
    const valid = results.every((r) => r.problems.length === 0);
    write(JSON.stringify({ valid, files: results }, null, 2));
    return valid ? EXIT.ok : EXIT.invalidInput;
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
    return failed ? EXIT.invalidInput : EXIT.ok;
}

const USAGE = `usage: azureml-pulumi validate [options] <Pulumi.<stack>.yaml>...

options:
  --format <text|json>   text: one line per problem (default); json: one document with every problem as an object
                         { file, path, message } for CI annotations
  -h, --help             show this help`;

const HELP = `azureml-pulumi validate: check stack files offline, before pulumi preview or up

Reads each stack file with the Pulumi.yaml beside it, validates its config against the domain model and checks
that the local asset paths it names exist. Every problem is printed at once, one line each, as the config key path
\`pulumi config set --path\` takes, the value received and the fix. Nothing is deployed and no credentials are read.

${USAGE}

exit codes: 0 every file is valid, 1 a file has problems, 2 usage error

example:
  azureml-pulumi validate Pulumi.dev.yaml Pulumi.prod.yaml`;

export const validateCli = defineCommand({
    name: "validate",
    summary: "check stack files (Pulumi.<stack>.yaml) offline and list every problem",
    usage: USAGE,
    help: HELP,
    async run(args, { out }) {
        const { values, positionals } = parseCommandLine({
            args,
            options: { format: { type: "string", default: "text" } },
            allowPositionals: true,
        });
        if (positionals.length === 0) {
            throw new UsageError("name at least one stack file");
        }
        if (values.format !== "text" && values.format !== "json") {
            throw new UsageError(`--format is text or json, got "${values.format}"`);
        }
        return values.format === "json" ? validateJson(positionals, out) : validateCommand(positionals, out);
    },
});
