import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { canonicalJson } from "../plan/canonicalJson";
import type { PlanDocument } from "../plan/document";
import { readGuardrailsConfig } from "../policy/evaluate";
import type { GuardrailsConfig } from "../policy/guardrail";
import { EXIT, Output, parseCommandLine, PROJECT_OPTIONS, defineCommand } from "./commandLine";
import { ProjectProgram, projectProgram } from "./projectProgram";
import { StackFileResult, projectNameFor, readStackFile } from "./stackFile";
import { validateStackFile } from "./validateCommand";

/** What `azureml-pulumi plan` was asked to do. */
export interface PlanInvocation {
    readonly stack: string;
    readonly dir: string;
    /** A stack file other than the project's Pulumi.<stack>.yaml (the change a pull request makes). */
    readonly configFile?: string;
    /** Guardrail settings in Pulumi's policy pack config format (JSON or YAML). */
    readonly policyConfig?: string;
    /** Where to write the plan; stdout when absent. */
    readonly out?: string;
}

function readPolicyConfig(file: string): { ok: true; config: GuardrailsConfig } | { ok: false; problems: string[] } {
    let value: unknown;
    try {
        value = parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            ok: false,
            problems: [
                `${file}: ${code === "ENOENT" ? "file not found" : `not valid JSON or YAML: ${(error as Error).message.split("\n")[0]}`}`,
            ],
        };
    }
    const read = readGuardrailsConfig(value ?? {});
    return read.ok ? read : { ok: false, problems: read.problems.map((p) => `${file}: ${p}`) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `34 resources, 3 asset versions, 1 traffic owner, 1 guardrail finding (1 mandatory)`. */
export function planSummary(plan: PlanDocument): string {
    const mandatory = plan.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    return [
        plural(plan.resources.length, "resource"),
        plural(plan.assets.length, "asset version"),
        plural(plan.rollouts.length, "traffic owner"),
        `${plural(plan.findings.length, "guardrail finding")}${mandatory > 0 ? ` (${mandatory} mandatory)` : ""}`,
    ].join(", ");
}

/**
 * Checks what a plan reads (the stack file, the policy config) before anything runs, then loads the Pulumi-using half
 * (planEngine.ts) and writes the plan. Problems go to stderr with their key paths (stdout may be the plan).
 */
export async function runPlan(invocation: PlanInvocation, output: Output): Promise<number> {
    const projectDir = path.resolve(invocation.dir);
    const file = path.resolve(invocation.configFile ?? path.join(projectDir, `Pulumi.${invocation.stack}.yaml`));
    const out = invocation.out !== undefined ? path.resolve(invocation.out) : undefined;
    let program: ProjectProgram;
    try {
        program = projectProgram(projectDir);
    } catch (error) {
        output.err((error as Error).message);
        return EXIT.invalidInput;
    }
    // A project's own program may run without a stack file, as Pulumi runs it with no config.
    const noConfig = program.kind === "own" && invocation.configFile === undefined && !fs.existsSync(file);
    const read: StackFileResult = noConfig
        ? { ok: true, stackFile: { file, project: projectNameFor(file), stack: invocation.stack, entries: {} } }
        : readStackFile(file, projectDir);
    const problems =
        program.kind === "platform"
            ? validateStackFile(file, projectDir).map((p) => `${p.path}: ${p.message}`)
            : read.ok
              ? []
              : read.problems.map((p) => `${p.path}: ${p.message}`);
    const policy = invocation.policyConfig !== undefined ? readPolicyConfig(invocation.policyConfig) : undefined;
    if (policy !== undefined && !policy.ok) {
        problems.push(...policy.problems);
    }
    if (problems.length > 0 || !read.ok) {
        problems.forEach((line) => output.err(line));
        output.err("no plan was written: fix the problems above and run plan again");
        return EXIT.invalidInput;
    }
    const { planStack } = await import("./planEngine");
    const plan = await planStack(
        { ...read.stackFile, stack: invocation.stack },
        projectDir,
        program,
        policy?.ok ? policy.config : undefined,
    );
    const text = canonicalJson(plan);
    if (out === undefined) {
        output.out(text.slice(0, -1));
        return EXIT.ok;
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    output.out(`Planned ${plan.project}/${plan.stack} offline: ${planSummary(plan)} → ${invocation.out}`);
    return EXIT.ok;
}

const USAGE = `usage: azureml-pulumi plan [options]

options:
  --stack <name>           the stack: reads Pulumi.<name>.yaml (default: dev)
  --dir <path>             the project directory, with Pulumi.yaml (default: the current directory)
  --config-file <file>     plan this stack file instead of Pulumi.<name>.yaml
  --policy-config <file>   guardrail settings, JSON or YAML in the format of \`pulumi preview --policy-pack-config\`
  --out <file>             write the plan to this file (default: stdout)
  -h, --help               show this help`;

const HELP = `azureml-pulumi plan: the desired state of a stack as a JSON document, offline

Evaluates the project's program for one stack under a recording mock engine, as \`preview\` does, and writes every
resource with its type, name, parent, inputs (secrets as "[secret]"), dependencies and options, the content-derived
asset versions, each endpoint's declared traffic and rollout policy, and what the ML guardrails find (the same rules
as the policy pack). It needs no credentials and no network, and holds no time and no machine path: the same sources
give the same bytes, so a pull request's workflow can plan its base and its head and compare them with
\`azureml-pulumi diff\`.

${USAGE}

exit codes: 0 planned (guardrail findings do not fail a plan; \`diff --fail-on\` does), 1 the stack file or the
policy config has problems, 2 usage error

examples:
  azureml-pulumi plan --stack prod --out plan-prod.json
  azureml-pulumi plan --stack prod --policy-config policy-config.yaml > plan-prod.json`;

export const planCli = defineCommand({
    name: "plan",
    summary: "write a stack's desired state as JSON, offline (for diff and review)",
    usage: USAGE,
    help: HELP,
    async run(args, output) {
        const { values } = parseCommandLine({
            args,
            options: {
                ...PROJECT_OPTIONS,
                "config-file": { type: "string" },
                "policy-config": { type: "string" },
                out: { type: "string" },
            },
        });
        return runPlan(
            {
                stack: values.stack,
                dir: values.dir,
                ...(values["config-file"] !== undefined ? { configFile: values["config-file"] } : {}),
                ...(values["policy-config"] !== undefined ? { policyConfig: values["policy-config"] } : {}),
                ...(values.out !== undefined ? { out: values.out } : {}),
            },
            output,
        );
    },
});
