import { PROJECT_OPTIONS, UsageError, parseCommandLine, defineCommand } from "./commandLine";
import { runRehearsal } from "./rehearsalRun";

const USAGE = `usage: azureml-pulumi up --local [options]

options:
  --local                rehearse against the local Azure ML emulator (required: this command never reaches Azure)
  --stack <name>         the stack: reads Pulumi.<name>.yaml, keeps state under .azureml-pulumi/ (default: dev)
  --dir <path>           the project directory, with Pulumi.yaml (default: the current directory)
  --config-file <file>   rehearse this stack file instead of Pulumi.<name>.yaml (a change you have not made yet)
  --scenario <file>      YAML: deployment behaviour, faults, load and clock speed for the run
  --json                 print one JSON document on stdout (progress goes to stderr)
  -h, --help             show this help`;

const HELP = `azureml-pulumi up --local: rehearse a stack against the local Azure ML emulator

Evaluates the project's program for the stack and applies it as \`pulumi up\` would, in dependency order: Azure ML
resources (workspace, compute, assets, endpoints, deployments) become ARM calls on an emulator running in this
process; the dynamic resources (traffic owner with its progressive rollout and gates, batch jobs, asset uploads to
Azurite) run in Pulumi's real dynamic-provider host; every other Azure resource (storage, key vault, registry,
monitoring, role assignments, Entra objects) gets stand-in outputs. State — the emulator's and the resources' —
lives in .azureml-pulumi/rehearsal/<stack>/ under the project, so a second run is an update: unchanged inputs make
no writes, a new model version rolls out progressively. It is a rehearsal against an emulator that follows Azure
ML's published contract, not a replacement for \`pulumi up\`.

${USAGE}

exit codes: 0 applied, 1 the stack or scenario file has problems (nothing applied) or an operation failed (the
failing resource and its message are printed), 2 usage error

examples:
  azureml-pulumi up --local --stack dev
  azureml-pulumi up --local --stack dev --scenario green-fails.yaml --json`;

export const upCli = defineCommand({
    name: "up",
    summary: "rehearse a stack against the local Azure ML emulator (up --local)",
    usage: USAGE,
    help: HELP,
    async run(args, output) {
        const { values } = parseCommandLine({
            args,
            options: {
                local: { type: "boolean" },
                ...PROJECT_OPTIONS,
                "config-file": { type: "string" },
                scenario: { type: "string" },
                json: { type: "boolean" },
            },
        });
        if (!values.local) {
            throw new UsageError("up needs --local: it only rehearses against the emulator (deploy with `pulumi up`)");
        }
        return runRehearsal(
            {
                action: "up",
                stack: values.stack,
                dir: values.dir,
                configFile: values["config-file"],
                scenarioFile: values.scenario,
                json: values.json ?? false,
            },
            output,
        );
    },
});
