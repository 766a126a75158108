import * as pulumi from "@pulumi/pulumi";
import { deployPlatform, readPlatformSpec } from "../platform/program";
import { installMockEngine, settle } from "../local/mockEngine";
import { EXIT } from "./commandLine";
import { renderTree } from "./resourceTree";
import { engineConfig, StackFile } from "./stackFile";

/**
 * The part of `azureml-pulumi preview` that needs the Pulumi runtime: evaluates the root program for a stack file
 * that has already been validated under the mock engine and prints the resource tree. Loaded by previewCommand.ts
 * only when a preview runs, so that validate, help and usage errors never load `@pulumi/pulumi` (most of the CLI's
 * start-up time).
 */
export async function previewStack(
    { project, stack, entries }: StackFile,
    directory: string,
    write: (line: string) => void,
): Promise<number> {
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
    return EXIT.ok;
}
