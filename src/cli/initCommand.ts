import * as fs from "fs";
import * as path from "path";
import { EXIT, Output, UsageError, parseCommandLine, defineCommand } from "./commandLine";
import { packageVersion } from "./packageInfo";
import { DEV_STACK, GITIGNORE, PACKAGE_JSON, PROGRAM, PULUMI_YAML } from "./projectTemplate";

/** Pulumi project names: letters, digits, hyphens, underscores and dots. */
const PROJECT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** A project name from a folder name: what Pulumi accepts, lower case. */
function nameFromFolder(dir: string): string {
    const base = path
        .basename(path.resolve(dir))
        .toLowerCase()
        .replace(/[^a-z0-9_.-]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return base === "" ? "azureml-platform" : base;
}

/**
 * Writes a ready project into `dir`: Pulumi.yaml, the one-line program, a commented Pulumi.dev.yaml, .gitignore, and
 * package.json when the folder has none. Refuses to overwrite any of the first four.
 */
export function initProject(dir: string, name: string | undefined, output: Output): number {
    const project = name ?? nameFromFolder(dir);
    if (!PROJECT_NAME.test(project)) {
        throw new UsageError(
            `--name "${project}" is not a Pulumi project name: use letters, digits, hyphens, underscores and dots`,
        );
    }
    const files: [string, string][] = [
        ["Pulumi.yaml", PULUMI_YAML(project)],
        ["index.js", PROGRAM],
        ["Pulumi.dev.yaml", DEV_STACK(project)],
        [".gitignore", GITIGNORE],
    ];
    const existing = files.map(([f]) => f).filter((f) => fs.existsSync(path.join(dir, f)));
    if (existing.length > 0) {
        output.err(
            `${path.resolve(dir) === process.cwd() ? "this folder" : dir} already has ${existing.join(", ")}; init writes a new project and overwrites nothing: use an empty folder or --dir`,
        );
        return EXIT.invalidInput;
    }
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, "package.json"))) {
        files.push(["package.json", PACKAGE_JSON(project, packageVersion())]);
    }
    for (const [file, text] of files) {
        fs.writeFileSync(path.join(dir, file), text);
        output.out(`wrote ${path.join(dir, file)}`);
    }
    output.out("");
    output.out(`next: npx azureml-pulumi validate ${path.join(dir, "Pulumi.dev.yaml")}`);
    output.out(`      npx azureml-pulumi preview --stack dev${dir === "." ? "" : ` --dir ${dir}`}`);
    output.out(`      pulumi stack init dev && pulumi up     (with an Azure subscription; see the package README)`);
    return EXIT.ok;
}

const USAGE = `usage: azureml-pulumi init [options]

options:
  --dir <path>    where to write the project (default: the current directory)
  --name <name>   the Pulumi project name, and the namespace of its config keys (default: the folder's name)
  -h, --help      show this help`;

const HELP = `azureml-pulumi init: write a project that runs the platform program from this package

Writes Pulumi.yaml, index.js (one line: the platform program of the installed package), a commented
Pulumi.dev.yaml that validates as it is, .gitignore and, when the folder has none, package.json depending on
@azureml-pulumi/components, @pulumi/pulumi and @pulumi/azure-native. Overwrites nothing.

${USAGE}

exit codes: 0 written, 1 a file is already there (nothing written), 2 usage error

example:
  mkdir ml-platform && cd ml-platform && npm install @azureml-pulumi/components && npx azureml-pulumi init`;

export const initCli = defineCommand({
    name: "init",
    summary: "write a new project that runs the platform program (Pulumi.yaml, index.js, Pulumi.dev.yaml)",
    usage: USAGE,
    help: HELP,
    async run(args, output) {
        const { values } = parseCommandLine({
            args,
            options: {
                dir: { type: "string", default: "." },
                name: { type: "string" },
            },
        });
        return initProject(values.dir, values.name, output);
    },
});
