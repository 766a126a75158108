import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { renderTree } from "../../src/cli/resourceTree";
import { AzureMlImport, AzureMlImportOptions, formatFinding, importAzureMlYaml } from "../../src/import";
import { parseOrThrow, platformSpec } from "../../src/model";
import { deployPlatform } from "../../src/platform/program";
import { MockEngine, settle } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";

/** The az ml fixtures, as a path relative to where jest runs (so findings name them as a user would). */
export const FIXTURES = path.relative(process.cwd(), path.join(REPO_ROOT, "test", "fixtures", "azml"));

export const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

/** Imports fixture files or folders with the repository root as the project directory. */
export function importFixtures(names: readonly string[], options: AzureMlImportOptions = {}): AzureMlImport {
    return importAzureMlYaml(
        names.map((name) => fixture(name)),
        { projectDir: REPO_ROOT, ...options },
    );
}

/** The one-line findings of one kind. */
export function findingLines(result: AzureMlImport, kind: "invalid" | "leftOut" | "note"): string[] {
    return result.findings.filter((f) => f.kind === kind).map(formatFinding);
}

/** The location and workspace az ml files never carry: the rest of a stack file. */
export const STACK_BASE = { location: "westeurope", workspace: { publicNetworkAccess: "Enabled" } };

/**
 * Runs the platform program on an imported config (with a location and workspace) under the mock engine the
 * test file installed, as `azureml-pulumi preview` does, and returns the resource tree it prints. Asset paths are
 * relative to the repository root, the project directory of the import and jest's working directory.
 */
export async function previewImported(engine: MockEngine, config: Record<string, unknown>): Promise<string[]> {
    const spec = parseOrThrow(platformSpec, { ...STACK_BASE, ...config }, "imported config");
    await pulumi.runtime.runInPulumiStack(async () => deployPlatform(spec));
    await settle();
    return renderTree(engine.resources);
}

/** A temp folder with files in it, removed by the returned function. */
export function tempFolder(files: Record<string, string>): { dir: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azml-import-"));
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
    }
    return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
