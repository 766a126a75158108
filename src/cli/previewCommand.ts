import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { deployPlatform, readPlatformSpec } from "../platform/program";
import { installMockEngine, settle } from "../local/mockEngine";
import { renderTree } from "./resourceTree";
import { engineConfig, readStackFile } from "./stackFile";
import { validateStackFile } from "./validateCommand";

/**
 * `azureml-pulumi preview --stack <name>`: evaluates the root program for a stack under the mock engine, offline,
 * and prints the resource tree it would create. Invalid config prints its problems instead (exit 1).
 */
export async function previewCommand(stack: string, directory: string, write: (line: string) => void): Promise<number> {
    directory = path.resolve(directory);
    const file = path.join(directory, `Pulumi.${stack}.yaml`);
    const problems = validateStackFile(file);
    if (problems.length > 0) {
        problems.forEach((p) => write(`${p.path}: ${p.message}`));
        return 1;
    }
    const read = readStackFile(file);
    if (!read.ok) {
        return 1;
    }
    const { project, entries } = read.stackFile;
    // The program resolves asset paths from the project directory, as `pulumi up` would run it.
    process.chdir(directory);
    const engine = installMockEngine({ project, stack, config: engineConfig(entries, project) });
    await pulumi.runtime.runInPulumiStack(async () => deployPlatform(readPlatformSpec(project)));
    await settle();
    const outputs = engine.stackOutputs();
    write(`Offline preview of stack ${project}-${stack} (mock engine, nothing is created):`);
    write("");
    renderTree(engine.resources).forEach((line) => write(line));
    write("");
    const custom = engine.resources.filter((r) => r.custom).length;
    write(
        `${engine.resources.length} resources: ${custom} custom resources (azure-native and dynamic), ${engine.resources.length - custom} components and the stack.`,
    );
    if (outputs !== undefined) {
        write("");
        write(
            "Stack outputs (ids and names are stand-ins; asset versions are the real content hashes; secrets masked):",
        );
        write(JSON.stringify(outputs, null, 2));
    }
    return 0;
}
