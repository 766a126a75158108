import * as path from "path";
import { EXIT, parseCommandLine, PROJECT_OPTIONS, defineCommand } from "./commandLine";
import { readStackFile } from "./stackFile";
import { validateStackFile } from "./validateCommand";

/**
 * `azureml-pulumi preview --stack <name>`: evaluates the root program for a stack under the mock engine, offline,
 * and prints the resource tree it would create. Invalid config prints its problems instead (exit 1).
 *
 * This module stays free of `@pulumi/pulumi`: main.ts imports it for the command's help, and the Pulumi runtime,
 * the components and the mock engine (previewEngine.ts) are loaded only once a valid stack is previewed.
 */
export async function previewCommand(stack: string, directory: string, write: (line: string) => void): Promise<number> {
    directory = path.resolve(directory);
    const file = path.join(directory, `Pulumi.${stack}.yaml`);
    const problems = validateStackFile(file);
    if (problems.length > 0) {
        problems.forEach((p) => write(`${p.path}: ${p.message}`));
        return EXIT.invalidInput;
    }
    const read = readStackFile(file);
    if (!read.ok) {
        return EXIT.invalidInput;
    }
    const { previewStack } = await import("./previewEngine");
    return previewStack(read.stackFile, directory, write);
}

const USAGE = `usage: azureml-pulumi preview [options]

options:
  --stack <name>   the stack to preview: reads Pulumi.<name>.yaml (default: dev)
  --dir <path>     the project directory, with Pulumi.yaml and the stack file (default: the current directory)
  -h, --help       show this help`;

const HELP = `azureml-pulumi preview: print what a stack would create, offline

Evaluates the root program (src/platform) for one stack under a mock engine and prints the resource tree
\`pulumi up\` would create, then the stack outputs: asset versions are the real content hashes, ids and names are
stand-ins, secrets are masked. Nothing is created and no credentials are read. A stack file with problems prints
them instead, as validate does.

${USAGE}

exit codes: 0 previewed, 1 the stack file has problems, 2 usage error

example:
  azureml-pulumi preview --stack prod --dir ./platform`;

export const previewCli = defineCommand({
    name: "preview",
    summary: "print the resource tree a stack would create, under a mock engine (offline)",
    usage: USAGE,
    help: HELP,
    async run(args, { out }) {
        const { values } = parseCommandLine({
            args,
            options: {
                ...PROJECT_OPTIONS,
            },
        });
        return previewCommand(values.stack, values.dir, out);
    },
});
