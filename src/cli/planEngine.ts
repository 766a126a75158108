import * as pulumi from "@pulumi/pulumi";
import { deployPlatform, readPlatformSpec } from "../platform/program";
import { installMockEngine, MockEngine, settle } from "../local/mockEngine";
import { maskSecrets } from "../local/secretValues";
import { buildPlan, PlanDocument } from "../plan";
import type { GuardrailsConfig } from "../policy/guardrail";
import { loadOwnProgram, ProjectProgram } from "./projectProgram";
import { engineConfig, StackFile } from "./stackFile";

/**
 * The plan of a finished mocked run: the engine's registrations with their inputs' secrets masked, and the stack
 * outputs (masked by the engine).
 */
export function planFromEngine(
    engine: MockEngine,
    run: { project: string; stack: string; projectDir?: string; policyConfig?: GuardrailsConfig },
): PlanDocument {
    return buildPlan({
        ...run,
        resources: engine.resources.map((r) => ({ ...r, inputs: maskSecrets(r.inputs) })),
        outputs: engine.stackOutputs(),
    });
}

/**
 * The part of `azureml-pulumi plan` that needs the Pulumi runtime: evaluates the project's program for a stack file
 * that has already been validated, under the recording mock engine (no credentials, no network: invokes get stand-in
 * answers, ids are derived from names), and builds the plan. Loaded by planCommand.ts only when a plan runs.
 */
export async function planStack(
    { project, stack, entries }: StackFile,
    projectDir: string,
    program: ProjectProgram,
    policyConfig?: GuardrailsConfig,
): Promise<PlanDocument> {
    const cwd = process.cwd();
    // The program resolves asset paths from the project directory, as `pulumi up` would run it.
    process.chdir(projectDir);
    try {
        const engine = installMockEngine({ project, stack, config: engineConfig(entries, project) });
        await pulumi.runtime.runInPulumiStack(async () =>
            program.kind === "platform"
                ? deployPlatform(readPlatformSpec(project))
                : loadOwnProgram(program.main, projectDir),
        );
        await settle();
        return planFromEngine(engine, { project, stack, projectDir, ...(policyConfig ? { policyConfig } : {}) });
    } finally {
        process.chdir(cwd);
    }
}
