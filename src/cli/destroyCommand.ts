import { PROJECT_OPTIONS, UsageError, parseCommandLine, defineCommand } from "./commandLine";
import { runRehearsal } from "./rehearsalRun";

const USAGE = `usage: azureml-pulumi destroy --local [options]

options:
  --local          remove the rehearsal's resources from the local emulator (required: never reaches Azure)
  --stack <name>   the stack whose rehearsal to remove (default: dev)
  --dir <path>     the project directory (default: the current directory)
  --json           print one JSON document on stdout
  -h, --help       show this help`;

const HELP = `azureml-pulumi destroy --local: remove everything a stack's rehearsal created

Deletes every resource of the stack's rehearsal state, dependents first, from the emulator and the provider host,
and leaves .azureml-pulumi/rehearsal/<stack>/ with no resources.

${USAGE}

exit codes: 0 destroyed, 1 the stack file has problems or a delete failed, 2 usage error

example:
  azureml-pulumi destroy --local --stack dev`;

export const destroyCli = defineCommand({
    name: "destroy",
    summary: "remove a stack's local rehearsal (destroy --local)",
    usage: USAGE,
    help: HELP,
    async run(args, output) {
        const { values } = parseCommandLine({
            args,
            options: {
                local: { type: "boolean" },
                ...PROJECT_OPTIONS,
                json: { type: "boolean" },
            },
        });
        if (!values.local) {
            throw new UsageError("destroy needs --local: it only removes a rehearsal (use `pulumi destroy` for Azure)");
        }
        return runRehearsal(
            { action: "destroy", stack: values.stack, dir: values.dir, json: values.json ?? false },
            output,
        );
    },
});
