import * as fs from "fs";
import * as path from "path";
import { EXIT, Output } from "./commandLine";
import { ProjectProgram, projectProgram } from "./projectProgram";
import { StackFileResult, projectNameFor, readStackFile } from "./stackFile";
import { validateStackFile } from "./validateCommand";

/** What `up --local` and `destroy --local` were asked to do. */
export interface RehearsalInvocation {
    readonly action: "up" | "destroy";
    readonly stack: string;
    readonly dir: string;
    /** A stack file other than the project's Pulumi.<stack>.yaml (a variant to rehearse). */
    readonly configFile?: string;
    readonly scenarioFile?: string;
    readonly json: boolean;
}

/**
 * Checks everything a rehearsal reads (the stack file, the scenario) before anything starts, then loads the
 * engine (rehearsalEngine.ts, which loads @pulumi/pulumi) and runs it. Problems print with their key paths and
 * exit 1, before any resource is touched.
 */
export async function runRehearsal(invocation: RehearsalInvocation, output: Output): Promise<number> {
    const projectDir = path.resolve(invocation.dir);
    const file = path.resolve(invocation.configFile ?? path.join(projectDir, `Pulumi.${invocation.stack}.yaml`));
    let program: ProjectProgram;
    try {
        program = projectProgram(projectDir);
    } catch (error) {
        output.err((error as Error).message);
        return EXIT.invalidInput;
    }
    // A project's own program may have no stack file (Pulumi runs it with no config); the platform's always has one.
    // Destroy deletes what the state holds and reads no config, so it needs no stack file either.
    const noConfig =
        invocation.action === "destroy" ||
        (program.kind === "own" && invocation.configFile === undefined && !fs.existsSync(file));
    const read: StackFileResult = noConfig
        ? {
              ok: true,
              stackFile: { file, project: projectNameFor(file), stack: invocation.stack, entries: {} },
          }
        : readStackFile(file, projectDir);
    const shown = (p: { path: string; message: string }) =>
        `${p.path === file ? path.relative(process.cwd(), file) || file : p.path}: ${p.message}`;
    // The platform program's stack files are validated here; a project's own program validates its config itself,
    // before it declares any resource.
    const problems =
        program.kind === "platform" && !noConfig
            ? validateStackFile(file, projectDir).map(shown)
            : read.ok
              ? []
              : read.problems.map(shown);
    const { readScenario } = await import("../local/rehearsal/scenarioFile");
    const scenario = invocation.scenarioFile !== undefined ? readScenario(invocation.scenarioFile) : undefined;
    if (scenario !== undefined && !scenario.ok) {
        problems.push(...scenario.problems);
    }
    if (problems.length > 0 || !read.ok) {
        problems.forEach((line) => output.err(line));
        output.err(`nothing was applied: fix the problems above and run ${invocation.action} --local again`);
        return EXIT.invalidInput;
    }
    const { rehearseStack } = await import("./rehearsalEngine");
    return rehearseStack(
        { ...invocation, projectDir, program, stackFile: { ...read.stackFile, stack: invocation.stack } },
        scenario?.ok ? scenario.scenario : undefined,
        output,
    );
}
