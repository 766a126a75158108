import { parseArgs, ParseArgsConfig } from "node:util";

/**
 * Exit codes of azureml-pulumi; the bin adds 3 for an unexpected failure. A rehearsal that fails (a resource's
 * operation, a gate that rolls back) exits 1 like invalid input: the run did not do what was asked.
 */
export const EXIT = { ok: 0, invalidInput: 1, failed: 1, usage: 2 } as const;

/** Where a command writes: results to `out`, usage errors to `err` so that piped output stays clean. */
export interface Output {
    readonly out: (line: string) => void;
    readonly err: (line: string) => void;
}

/** A subcommand: its help text and how it runs on the arguments after its name. */
export interface Command {
    readonly name: string;
    /** One line for the command list of `azureml-pulumi --help`. */
    readonly summary: string;
    /** Synopsis and options: shown with a usage error. */
    readonly usage: string;
    /** The text of `azureml-pulumi <name> --help`: what it does, the usage, exit codes and an example. */
    readonly help: string;
    /** Returns the exit code; throws {@link UsageError} for an invocation it cannot make sense of. */
    run(args: readonly string[], output: Output): Promise<number>;
}

/** A bad invocation (unknown flag, missing value or argument): answered with the command's usage and exit 2. */
export class UsageError extends Error {}

const PARSE_ARGS_ERROR = /^ERR_PARSE_ARGS_/;

/** `parseArgs`, strict (its default), with its errors turned into {@link UsageError}s that name the bad argument. */
export function parseCommandLine<T extends ParseArgsConfig & { strict?: true }>(
    config: T,
): ReturnType<typeof parseArgs<T>> {
    try {
        return parseArgs(config);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === undefined || !PARSE_ARGS_ERROR.test(code)) {
            throw error;
        }
        // parseArgs appends advice about `--` that misleads here: no command takes arguments that start with a dash.
        const message = (error as Error).message.split(/\. (?=To specify a positional|This command does not)/)[0];
        throw new UsageError(message);
    }
}

/** The options of every command that works on a project's stack: which stack, and where the project is. */
export const PROJECT_OPTIONS = {
    stack: { type: "string", default: "dev" },
    dir: { type: "string", default: "." },
} satisfies ParseArgsConfig["options"];

/**
 * A command whose `-h` / `--help` prints its help and exits 0 whatever else is given (one rule for every command);
 * `--help=<value>` is a usage error. `run` sees the other arguments.
 */
export function defineCommand(command: Command): Command {
    return {
        ...command,
        async run(args, output) {
            if (args.some((arg) => arg.startsWith("--help="))) {
                throw new UsageError("Option '-h, --help' does not take an argument");
            }
            if (args.includes("--help") || args.includes("-h")) {
                output.out(command.help);
                return EXIT.ok;
            }
            return command.run(args, output);
        },
    };
}
