import * as fs from "fs";
import * as path from "path";
import { PlanDiff, diffPlans } from "../plan/diff";
import { PlanDocument, parsePlanDocument } from "../plan/document";
import { renderDiffJson } from "../plan/renderJson";
import { renderDiffMarkdown } from "../plan/renderMarkdown";
import { renderDiffText } from "../plan/renderText";
import { EXIT, Output, UsageError, parseCommandLine, defineCommand } from "./commandLine";

export const DIFF_FORMATS = ["text", "markdown", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** What `--fail-on` can gate on: risky changes, or guardrail findings at the mandatory level that the head adds. */
export const FAIL_ON = ["risky", "mandatory"] as const;
export type FailOn = (typeof FAIL_ON)[number];

const RENDERERS: Record<DiffFormat, (diff: PlanDiff) => string> = {
    text: renderDiffText,
    markdown: renderDiffMarkdown,
    json: renderDiffJson,
};

function readPlan(file: string): { ok: true; plan: PlanDocument } | { ok: false; problems: string[] } {
    let value: unknown;
    try {
        value = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            ok: false,
            problems: [
                `${file}: ${code === "ENOENT" ? "file not found" : code !== undefined ? `cannot read the file (${code})` : `not JSON: ${(error as Error).message}`}`,
            ],
        };
    }
    const read = parsePlanDocument(value);
    return read.ok
        ? read
        : { ok: false, problems: read.problems.map((p) => `${file}: ${p} (write it with azureml-pulumi plan)`) };
}

/** Why `--fail-on` fails the run, one line per condition met; empty when it passes. */
export function failures(diff: PlanDiff, failOn: readonly FailOn[]): string[] {
    const lines: string[] = [];
    if (failOn.includes("risky") && diff.risks.length > 0) {
        lines.push(
            `${diff.risks.length} risky change(s) (--fail-on risky): ${[...new Set(diff.risks.map((r) => r.kind))].join(", ")}`,
        );
    }
    const mandatory = diff.findings.added.filter((f) => f.enforcementLevel === "mandatory");
    if (failOn.includes("mandatory") && mandatory.length > 0) {
        lines.push(
            `${mandatory.length} new mandatory guardrail finding(s) (--fail-on mandatory): ${[...new Set(mandatory.map((f) => f.policy))].join(", ")}`,
        );
    }
    return lines;
}

/** `azureml-pulumi diff <base> <head>`: renders the diff, and sets the exit code for CI gates. */
export function runDiff(
    files: { base: string; head: string },
    options: { format: DiffFormat; failOn: readonly FailOn[]; out?: string },
    output: Output,
): number {
    const base = readPlan(files.base);
    const head = readPlan(files.head);
    const problems = [...(base.ok ? [] : base.problems), ...(head.ok ? [] : head.problems)];
    if (!base.ok || !head.ok) {
        problems.forEach((line) => output.err(line));
        return EXIT.invalidInput;
    }
    const diff = diffPlans(base.plan, head.plan);
    const text = RENDERERS[options.format](diff);
    if (options.out === undefined) {
        output.out(text.replace(/\n$/, ""));
    } else {
        fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
        fs.writeFileSync(options.out, text);
    }
    const failed = failures(diff, options.failOn);
    failed.forEach((line) => output.err(`azureml-pulumi diff: ${line}`));
    return failed.length > 0 ? EXIT.failed : EXIT.ok;
}

const USAGE = `usage: azureml-pulumi diff [options] <base-plan.json> <head-plan.json>

options:
  --format <text|markdown|json>   how to print the diff (default: text)
  --out <file>                    write the diff to this file (default: stdout)
  --fail-on <risky|mandatory>     exit 1 when the diff has risky changes, or the head new mandatory guardrail
                                  findings (repeat it, or separate with commas, for both)
  -h, --help                      show this help`;

const HELP = `azureml-pulumi diff: what a change does, for review, from two plans

Compares two plans written by \`azureml-pulumi plan\` (the base, and the head of a change) and prints what a
reviewer needs on one screen: resources added, removed, replaced and updated with their property changes; where
traffic moves, as the traffic owner would roll it out (\`blue 100→0, green 0→100 in 4 steps, 10m bake, gates: …\`,
planned from the base's declared traffic: live traffic is not read offline); the model, code and environment
versions that change and the deployments they reach; guardrail findings new and resolved; and the risky changes,
each with why: an endpoint or workspace replaced or deleted, a deployment deleted while it has traffic, auth
weakened, public network access opened, traffic moved without a rollout policy, purge on destroy turned on in a
stack that holds production.

${USAGE}

exit codes: 0 compared (and no --fail-on condition met), 1 a --fail-on condition is met or a plan cannot be read,
2 usage error

example:
  azureml-pulumi diff base.json head.json --format markdown --out diff.md --fail-on risky`;

function failOnValues(values: readonly string[]): FailOn[] {
    const parts = values.flatMap((v) => v.split(",")).map((v) => v.trim());
    const unknown = parts.filter((p) => !FAIL_ON.includes(p as FailOn));
    if (unknown.length > 0) {
        throw new UsageError(`--fail-on takes ${FAIL_ON.join(" or ")}, got ${JSON.stringify(unknown[0])}`);
    }
    return [...new Set(parts as FailOn[])];
}

export const diffCli = defineCommand({
    name: "diff",
    summary: "compare two plans for review: risks, traffic moves, versions (CI gate with --fail-on)",
    usage: USAGE,
    help: HELP,
    async run(args, output) {
        const { values, positionals } = parseCommandLine({
            args,
            allowPositionals: true,
            options: {
                format: { type: "string", default: "text" },
                out: { type: "string" },
                "fail-on": { type: "string", multiple: true },
            },
        });
        if (!DIFF_FORMATS.includes(values.format as DiffFormat)) {
            throw new UsageError(`--format takes ${DIFF_FORMATS.join(", ")}, got ${JSON.stringify(values.format)}`);
        }
        if (positionals.length !== 2) {
            throw new UsageError(
                `diff takes two plan files, the base and the head, got ${positionals.length === 0 ? "none" : positionals.length}`,
            );
        }
        return runDiff(
            { base: positionals[0], head: positionals[1] },
            {
                format: values.format as DiffFormat,
                failOn: failOnValues(values["fail-on"] ?? []),
                ...(values.out !== undefined ? { out: values.out } : {}),
            },
            output,
        );
    },
});
