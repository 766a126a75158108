import * as fs from "fs";
import * as path from "path";
import type { Command } from "../../src/cli/commandLine";
import { PLAN_FORMAT } from "../../src/plan";
import { removeProjects, tempDir } from "./planProjects";

afterAll(removeProjects);

/** Loads modules with @pulumi/pulumi and @pulumi/policy made unloadable: anything that needs them fails loudly. */
function withoutPulumi<T>(load: () => T): T {
    let loaded: T | undefined;
    jest.isolateModules(() => {
        jest.doMock("@pulumi/pulumi", () => {
            throw new Error("@pulumi/pulumi was loaded");
        });
        jest.doMock("@pulumi/policy", () => {
            throw new Error("@pulumi/policy was loaded");
        });
        loaded = load();
    });
    return loaded!;
}

const plan = (stack: string, traffic: Record<string, number>) => ({
    format: PLAN_FORMAT,
    project: "p",
    stack,
    production: false,
    resources: [],
    assets: [],
    rollouts: [
        {
            owner: `urn:pulumi:${stack}::p::t::e-traffic`,
            endpoint: "e",
            deployments: ["blue", "green"],
            traffic,
            mirrorTraffic: {},
            summary: "",
        },
    ],
    findings: [],
});

describe("the plan and diff commands' start-up", () => {
    it("diff runs, and plan answers --help, without loading @pulumi/pulumi or @pulumi/policy", async () => {
        const dir = tempDir("azureml-diff-load-");
        fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(plan("dev", { blue: 100 })));
        fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(plan("dev", { green: 100 })));
        const { diffCli, planCli } = withoutPulumi(() => ({
            diffCli: (require("../../src/cli/diffCommand") as { diffCli: Command }).diffCli,
            planCli: (require("../../src/cli/planCommand") as { planCli: Command }).planCli,
        }));
        const out: string[] = [];
        const output = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
        const code = await diffCli.run(
            [path.join(dir, "base.json"), path.join(dir, "head.json"), "--fail-on", "risky"],
            output,
        );
        expect(code).toBe(1);
        expect(out.join("\n")).toContain("e: blue 100→0, green 0→100 at once (no rollout policy)");
        expect(await planCli.run(["--help"], output)).toBe(0);
    });

    it("the guardrails load without @pulumi/policy (an optional peer dependency, needed only by a pack)", () => {
        const policy = withoutPulumi(() => require("../../src/policy") as typeof import("../../src/policy"));
        expect(policy.azureMlGuardrailPolicies().length).toBe(policy.GUARDRAILS.length);
    });
});
