import { deployPlatform, readPlatformSpec } from "../platform/program";
import { rehearse } from "../local/rehearsal/rehearsal";
import { Scenario } from "../local/rehearsal/scenarioSchema";
import { EXIT, Output } from "./commandLine";
import { operationLine, resultDocument, resultLines } from "./rehearsalReport";
import { RehearsalInvocation } from "./rehearsalRun";
import { ProjectProgram, loadOwnProgram } from "./projectProgram";
import { StackFile, engineConfig } from "./stackFile";

/** Provider lines name endpoints by ARM id; the endpoint's name says the same in a line a person reads. */
const shortIds = (line: string) =>
    line.replace(/\/subscriptions\/[^\s]*?\/(?:online|batch)Endpoints\/([^\s/:]+)/g, "$1");

/**
 * The part of `up --local` / `destroy --local` that needs the Pulumi runtime: runs the rehearsal of the root
 * program and prints it as `pulumi up` would (or one JSON document with `--json`, the progress going to stderr).
 */
export async function rehearseStack(
    invocation: RehearsalInvocation & { projectDir: string; stackFile: StackFile; program: ProjectProgram },
    scenario: Scenario | undefined,
    output: Output,
): Promise<number> {
    const { project, stack, entries } = invocation.stackFile;
    const progress = invocation.json ? output.err : output.out;
    const started = Date.now();
    progress(
        `${invocation.action === "up" ? "Rehearsing" : "Destroying the rehearsal of"} ${project}/${stack} against the local Azure ML emulator: a rehearsal, not a deployment (nothing reaches Azure)`,
    );
    progress("");
    const result = await rehearse({
        projectDir: invocation.projectDir,
        project,
        stack,
        config: engineConfig(entries, project),
        action: invocation.action,
        program:
            invocation.program.kind === "platform"
                ? () => deployPlatform(readPlatformSpec(project))
                : () => loadOwnProgram((invocation.program as { main: string }).main, invocation.projectDir),
        ...(scenario !== undefined ? { scenario } : {}),
        onOperation: (operation) => progress(operationLine(operation)),
        onProgress: (line) => progress(`    | ${shortIds(line)}`),
    });
    const duration = Date.now() - started;
    if (invocation.json) {
        output.out(
            JSON.stringify(resultDocument({ project, stack, action: invocation.action }, result, duration), null, 2),
        );
    } else {
        resultLines(result, duration).forEach((line) => output.out(line));
    }
    return result.ok ? EXIT.ok : EXIT.failed;
}
