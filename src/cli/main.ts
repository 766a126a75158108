import { previewCommand } from "./previewCommand";
import { validateCommand } from "./validateCommand";

const USAGE = `usage:
  azureml-pulumi validate <Pulumi.<stack>.yaml>...   check stack files offline; exit 1 listing every problem
  azureml-pulumi preview [--stack <name>] [--dir <project dir>]
                                                    print the resource tree a stack would create (offline)`;

/** The azureml-pulumi command line. Returns the exit code; bad input never ends in a stack trace. */
export async function main(
    argv: readonly string[],
    write: (line: string) => void = (l) => console.log(l),
): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "validate") {
        if (rest.length === 0) {
            write(USAGE);
            return 2;
        }
        return validateCommand(rest, write);
    }
    if (command === "preview") {
        let stack = "dev";
        let directory = ".";
        for (let i = 0; i < rest.length; i++) {
            const flag = rest[i];
            const value = rest[i + 1];
            if ((flag === "--stack" || flag === "--dir") && value !== undefined) {
                if (flag === "--stack") {
                    stack = value;
                } else {
                    directory = value;
                }
                i++;
            } else {
                write(`unknown argument "${flag}"\n${USAGE}`);
                return 2;
            }
        }
        return previewCommand(stack, directory, write);
    }
    write(
        command === undefined || command === "--help" || command === "help"
            ? USAGE
            : `unknown command "${command}"\n${USAGE}`,
    );
    return command === "--help" || command === "help" ? 0 : 2;
}
