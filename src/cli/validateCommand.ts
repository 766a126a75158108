import { ConfigProblem, platformSpec, validate } from "../model";
import * as path from "path";
import { localPathProblems } from "../platform/preflight";
import { projectConfig } from "../platform/stackConfig";
import { Command, EXIT, parseCommandLine, UsageError } from "./commandLine";
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
    const { project, entries } = read.stackFile;
    const { config, problems } = projectConfig(project, entries);
    const result = validate(platformSpec, config, `${project}:`);
    if (!result.ok) {
        return [...problems, ...result.problems];
    }
    return [
        ...problems,
        ...localPathProblems(result.value, path.resolve(projectDir ?? path.dirname(file)), `${project}:`),
    ];
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
  -h, --help   show this help`;

const HELP = `azureml-pulumi validate: check stack files offline, before pulumi preview or up

Reads each stack file with the Pulumi.yaml beside it, validates its config against the domain model and checks
that the local asset paths it names exist. Every problem is printed at once, one line each, as the config key path
\`pulumi config set --path\` takes, the value received and the fix. Nothing is deployed and no credentials are read.

${USAGE}

exit codes: 0 every file is valid, 1 a file has problems, 2 usage error

example:
  azureml-pulumi validate Pulumi.dev.yaml Pulumi.prod.yaml`;

export const validateCli: Command = {
    name: "validate",
    summary: "check stack files (Pulumi.<stack>.yaml) offline and list every problem",
    usage: USAGE,
    help: HELP,
    async run(args, { out }) {
        const { values, positionals } = parseCommandLine({
            args,
            options: { help: { type: "boolean", short: "h" } },
            allowPositionals: true,
        });
        if (values.help) {
            out(HELP);
            return EXIT.ok;
        }
        if (positionals.length === 0) {
            throw new UsageError("name at least one stack file");
        }
        return validateCommand(positionals, out);
    },
};
