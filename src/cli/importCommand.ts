import * as fs from "fs";
import * as path from "path";
import { isMap, parseDocument } from "yaml";
import { formatFinding, importAzureMlYaml, stackConfigYaml, type ImportFinding } from "../import";
import { projectConfig } from "../platform/stackConfig";
import { EXIT, Output, parseCommandLine, UsageError, defineCommand } from "./commandLine";
import { projectNameFor, readStackFile } from "./stackFile";

/** Exit codes of `import`: the CLI's, and 4 when the configuration was written with fields left out. */
export const IMPORT_EXIT = { ...EXIT, leftOut: 4 } as const;

export interface ImportCommandOptions {
    /** Merge with Pulumi.<stack>.yaml of the project directory, when it exists. */
    readonly stack?: string;
    /** Write here instead of standard output. */
    readonly out?: string;
    readonly projectDir: string;
}

/**
 * Updates a stack file in place: each imported section replaces its key (bare or under the namespace, as the file
 * writes it); comments and every other key stay as they are.
 */
function updateStackFile(file: string, project: string, sections: Record<string, unknown>): void {
    const document = parseDocument(fs.readFileSync(file, "utf8"));
    const config = document.get("config");
    const present = isMap(config) ? config.items.map((pair) => String((pair.key as { value?: unknown })?.value)) : [];
    for (const [section, value] of Object.entries(sections)) {
        const key =
            present.includes(section) && !present.includes(`${project}:${section}`) ? section : `${project}:${section}`;
        document.setIn(["config", key], document.createNode(value));
    }
    fs.writeFileSync(file, document.toString({ lineWidth: 0 }));
}

/** `azureml-pulumi import <file|folder>...`: see HELP. */
export async function importCommand(
    inputs: readonly string[],
    options: ImportCommandOptions,
    { out, err }: Output,
): Promise<number> {
    const projectDir = path.resolve(options.projectDir);
    const project = projectNameFor(path.join(projectDir, "Pulumi.yaml"));
    const stackFile = options.stack !== undefined ? path.join(projectDir, `Pulumi.${options.stack}.yaml`) : undefined;
    let base: Record<string, unknown> = {};
    if (stackFile !== undefined && fs.existsSync(stackFile)) {
        const read = readStackFile(stackFile, projectDir);
        if (!read.ok) {
            read.problems.forEach((p) => err(`${p.path}: ${p.message}`));
            return IMPORT_EXIT.invalidInput;
        }
        base = projectConfig(project, read.stackFile.entries).config;
    } else if (stackFile !== undefined) {
        err(`${path.basename(stackFile)}: not in ${projectDir}; the output holds the imported entries only`);
    }
    const target = options.out !== undefined ? path.resolve(options.out) : undefined;
    const inPlace = target !== undefined && stackFile !== undefined && target === path.resolve(stackFile);
    if (target !== undefined && !inPlace && fs.existsSync(target)) {
        err(
            `${options.out}: exists; import writes a new file (or updates the stack file itself: --stack <name> --out Pulumi.<name>.yaml); nothing written`,
        );
        return IMPORT_EXIT.invalidInput;
    }

    const result = importAzureMlYaml(inputs, {
        projectDir,
        base,
        project,
        stackFile: stackFile !== undefined ? path.basename(stackFile) : undefined,
    });
    const print = (kind: ImportFinding["kind"]) =>
        result.findings.filter((f) => f.kind === kind).forEach((f) => err(formatFinding(f)));
    print("invalid");
    print("leftOut");
    print("note");
    const count = (kind: ImportFinding["kind"]) => result.findings.filter((f) => f.kind === kind).length;
    if (!result.valid) {
        err(`nothing written: ${count("invalid")} problem(s)`);
        return IMPORT_EXIT.invalidInput;
    }

    const sections = result.config as Record<string, unknown>;
    const leftOut = result.findings.filter((f) => f.kind === "leftOut").map(formatFinding);
    if (inPlace) {
        updateStackFile(target, project, sections);
    } else {
        const text = stackConfigYaml(sections, project, [
            `Imported from az ml CLI v2 YAML by \`azureml-pulumi import\`${stackFile !== undefined ? ` for ${path.basename(stackFile)}` : ""}.`,
            "Each key holds its whole section: set it in Pulumi.<stack>.yaml (replacing the key if the file has it).",
            ...(leftOut.length > 0 ? ["Left out:", ...leftOut.map((line) => `  ${line}`)] : []),
        ]);
        if (target !== undefined) {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, text);
        } else {
            out(text.trimEnd());
        }
    }
    const keys = Object.keys(sections).map((s) => `${project}:${s}`);
    err(
        `${target !== undefined ? `wrote ${options.out} (${keys.join(", ")}); ` : ""}${result.entries.length} ${result.entries.length === 1 ? "entry" : "entries"} imported, ${
            leftOut.length > 0 ? `${leftOut.length} field(s) left out (listed above)` : "every field mapped"
        }`,
    );
    return leftOut.length > 0 ? IMPORT_EXIT.leftOut : IMPORT_EXIT.ok;
}

const USAGE = `usage: azureml-pulumi import [options] <file|folder>...

options:
  --stack <name>         validate with Pulumi.<name>.yaml of the project directory and add to its sections
                         (default: none; without it, location and workspace are stood in for validation)
  --out <file>           write the stack configuration to this new file, or update the stack file itself when it
                         is Pulumi.<name>.yaml of --stack (default: standard output)
  --project-dir <path>   the project directory: local paths become relative to it, and its Pulumi.yaml names the
                         config namespace (default: the current directory)
  -h, --help             show this help`;

const HELP = `azureml-pulumi import: turn az ml CLI v2 YAML into stack configuration

Reads az ml CLI v2 YAML files, and folders of them: online endpoints (managed and Kubernetes) and their
deployments, batch endpoints with model and pipeline component deployments, models (custom, MLflow, Triton),
environments (image, image with conda file, build context, inference config), code, and computes (AmlCompute,
Kubernetes). Each file is recognised by its $schema, or by its fields when it has none. It writes the equivalent
stack configuration: Pulumi.<stack>.yaml keys under the project's namespace, each key holding its whole section.

- azureml:<name>:<version> references are kept; one that names an asset imported with it becomes that asset's key.
- Inline models, environments and code of a deployment become entries of models, environments and codes.
- Local paths, relative to each file in az ml, become relative to the project directory.
- An endpoint's traffic lands on the endpoint once its deployments are declared; it is written at once, as az ml
  writes it: add a rollout policy (rollout:) for a progressive shift.
- Nothing is dropped silently: every field is mapped or listed as <file>:<line>: <field>: <why, and what to do>.
  The configuration is validated through the platform's schemas before anything is written.

${USAGE}

exit codes: 0 written, every field mapped; 1 invalid input (a wrong type, an unknown field, a missing file, a
configuration the schemas refuse: nothing written); 2 usage error; 4 written, with fields left out (listed)

examples:
  azureml-pulumi import endpoints/online/ > imported.yaml
  azureml-pulumi import endpoint.yml blue-deployment.yml --stack dev --out Pulumi.dev.yaml`;

export const importCli = defineCommand({
    name: "import",
    summary: "turn az ml CLI v2 YAML (endpoints, deployments, assets, computes) into stack configuration",
    usage: USAGE,
    help: HELP,
    async run(args, output) {
        const { values, positionals } = parseCommandLine({
            args,
            options: {
                stack: { type: "string" },
                out: { type: "string" },
                "project-dir": { type: "string", default: "." },
            },
            allowPositionals: true,
        });
        if (positionals.length === 0) {
            throw new UsageError("name at least one az ml YAML file or folder");
        }
        return importCommand(
            positionals,
            { stack: values.stack, out: values.out, projectDir: values["project-dir"] },
            output,
        );
    },
});
