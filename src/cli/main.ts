import { Command, EXIT, Output, parseCommandLine, UsageError } from "./commandLine";
import { destroyCli } from "./destroyCommand";
import { diffCli } from "./diffCommand";
import { importCli } from "./importCommand";
import { initCli } from "./initCommand";
import { planCli } from "./planCommand";
import { packageVersion } from "./packageInfo";
import { previewCli } from "./previewCommand";
import { upCli } from "./upCommand";
import { validateCli } from "./validateCommand";

/**
 * Every command's name, summary, usage and help, loaded for any invocation: the modules imported here must not
 * load `@pulumi/pulumi` (it and the typescript it loads are most of a cold start). A command whose implementation
 * needs the Pulumi runtime imports it inside its run, as preview does (previewEngine.ts);
 * test/cli/lazyLoading.test.ts checks what the built CLI loads.
 */
const COMMANDS: readonly Command[] = [initCli, validateCli, previewCli, planCli, diffCli, upCli, destroyCli, importCli];

const USAGE = `usage: azureml-pulumi <command> [options]
       azureml-pulumi <command> --help

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n")}

options:
  -h, --help   show this help
  --version    print the package version`;

const HELP = `azureml-pulumi: check, preview and rehearse Azure Machine Learning platform stacks, offline

${USAGE}

exit codes: 0 ok, 1 invalid input (a stack or scenario file has problems) or a failed rehearsal, 2 usage error,
4 import wrote its output with fields left out (each listed)

example:
  azureml-pulumi validate Pulumi.dev.yaml Pulumi.prod.yaml && azureml-pulumi preview --stack dev
  azureml-pulumi up --local --stack dev     # a rehearsal against the local emulator, not a deployment`;

/** A bad invocation: what is wrong, the usage of the command it was meant for, and where the rest is. */
function usageError(output: Output, message: string, command?: Command): number {
    const name = command === undefined ? "azureml-pulumi" : `azureml-pulumi ${command.name}`;
    output.err(`${name}: ${message}`);
    output.err("");
    output.err(command?.usage ?? USAGE);
    output.err("");
    output.err(`more: ${name} --help`);
    return EXIT.usage;
}

async function runCommand(command: Command, args: readonly string[], output: Output): Promise<number> {
    try {
        return await command.run(args, output);
    } catch (error) {
        if (error instanceof UsageError) {
            return usageError(output, error.message, command);
        }
        throw error;
    }
}

/** Global options come before the command; everything after the command's name is the command's to parse. */
async function dispatch(argv: readonly string[], output: Output): Promise<number> {
    const commandAt = argv.findIndex((arg) => !arg.startsWith("-"));
    const globalArgs = commandAt === -1 ? argv : argv.slice(0, commandAt);
    const { values } = parseCommandLine({
        args: globalArgs,
        options: { help: { type: "boolean", short: "h" }, version: { type: "boolean" } },
    });
    if (values.version) {
        output.out(packageVersion());
        return EXIT.ok;
    }
    const name = commandAt === -1 ? undefined : argv[commandAt];
    const rest = commandAt === -1 ? [] : argv.slice(commandAt + 1);
    if (name === undefined && !values.help) {
        return usageError(output, "name a command");
    }
    if (name === undefined) {
        output.out(HELP);
        return EXIT.ok;
    }
    if (name === "help") {
        // `help validate` reads as naturally as `validate --help`.
        const topic = rest.length === 0 ? undefined : COMMANDS.find((c) => c.name === rest[0]);
        if (rest.length > 0 && topic === undefined) {
            return usageError(output, `unknown command "${rest[0]}"`);
        }
        output.out(topic?.help ?? HELP);
        return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
        return usageError(output, `unknown command "${name}"`);
    }
    return runCommand(command, values.help ? ["--help"] : rest, output);
}

/**
 * The azureml-pulumi command line. Returns the exit code; bad input never ends in a stack trace. Results go to
 * `write`, usage errors to `writeError`.
 */
export async function main(
    argv: readonly string[],
    write: (line: string) => void = (l) => console.log(l),
    writeError: (line: string) => void = (l) => console.error(l),
): Promise<number> {
    const output = { out: write, err: writeError };
    try {
        return await dispatch(argv, output);
    } catch (error) {
        if (error instanceof UsageError) {
            return usageError(output, error.message);
        }
        throw error;
    }
}
