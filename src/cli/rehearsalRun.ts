import * as path from "path";
import { EXIT, Output } from "./commandLine";
import { readStackFile } from "./stackFile";
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
    const problems = validateStackFile(file, projectDir).map((p) => `${p.path}: ${p.message}`);
    const { readScenario } = await import("../local/rehearsal/scenarioFile");
    const scenario = invocation.scenarioFile !== undefined ? readScenario(invocation.scenarioFile) : undefined;
    if (scenario !== undefined && !scenario.ok) {
        problems.push(...scenario.problems);
    }
    const read = readStackFile(file, projectDir);
    if (problems.length > 0 || !read.ok) {
        problems.forEach((line) => output.err(line));
        output.err(`nothing was applied: fix the problems above and run ${invocation.action} --local again`);
        return EXIT.invalidInput;
    }
    const { rehearseStack } = await import("./rehearsalEngine");
    return rehearseStack(
        { ...invocation, projectDir, stackFile: { ...read.stackFile, stack: invocation.stack } },
        scenario?.ok ? scenario.scenario : undefined,
        output,
    );
}
