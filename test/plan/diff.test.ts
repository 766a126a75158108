import * as fs from "fs";
import * as path from "path";
import { PlanDiff, PlanDocument, diffPlans, renderDiffMarkdown, renderDiffText } from "../../src/plan";
import { addGreen, planProject, prodEndpoint, removeProjects, runCli, tempDir, writeProject } from "./planProjects";

afterAll(removeProjects);

type Change = (config: Record<string, any>) => void;

/** Plans (once each, in this file's order of need) the shipped stacks and the changes a pull request could make. */
const variants: Record<string, { stack: "dev" | "prod"; change?: Change }> = {
    prod: { stack: "prod" },
    greenRollout: {
        stack: "prod",
        change: (c) => {
            addGreen(prodEndpoint(c), c);
            prodEndpoint(c).traffic = { green: 100 };
        },
    },
    hardeningUndone: {
        stack: "prod",
        change: (c) => {
            prodEndpoint(c).authMode = "key";
            c["azureml-platform:workspace"].publicNetworkAccess = "Enabled";
            c["azureml-platform:workspace"].purgeOnDestroy = true;
        },
    },
    regionMove: {
        stack: "prod",
        change: (c) => {
            c["azureml-platform:location"] = "northeurope";
            c["azure-native:location"] = "northeurope";
        },
    },
    blueDeleted: {
        stack: "prod",
        change: (c) => {
            addGreen(prodEndpoint(c), c);
            delete prodEndpoint(c).deployments.blue;
            prodEndpoint(c).traffic = { green: 100 };
        },
    },
    endpointRemoved: {
        stack: "prod",
        change: (c) => {
            delete c["azureml-platform:onlineEndpoints"]["credit-prod"];
        },
    },
    dev: { stack: "dev" },
    devGreenNoPolicy: {
        stack: "dev",
        change: (c) => {
            const endpoint = c["azureml-platform:onlineEndpoints"]["credit-dev"];
            addGreen(endpoint, c);
            endpoint.traffic = { blue: 50, green: 50 };
        },
    },
};

const planned = new Map<string, Promise<{ file: string; plan: PlanDocument }>>();
function planOf(name: keyof typeof variants): Promise<{ file: string; plan: PlanDocument }> {
    if (!planned.has(name)) {
        const { stack, change } = variants[name];
        planned.set(name, planProject(writeProject(stack, change), stack));
    }
    return planned.get(name)!;
}

async function diffOf(base: keyof typeof variants, head: keyof typeof variants): Promise<PlanDiff> {
    return diffPlans((await planOf(base)).plan, (await planOf(head)).plan);
}

/** The markdown table row of a risk. */
const riskRow = (markdown: string, kind: string) => markdown.split("\n").filter((l) => l.startsWith(`| \`${kind}\` |`));

const TIMEOUT = 60_000;

describe("azureml-pulumi diff: what a reviewer reads", () => {
    it(
        "shows a blue/green change as a rollout line and the model version going live, with nothing risky",
        async () => {
            const diff = await diffOf("prod", "greenRollout");
            const green = (await planOf("greenRollout")).plan.assets.find(
                (a) => a.kind === "model" && a.version !== "7676863766450aec",
            )!;
            expect(diff.risks).toEqual([]);
            expect(diff.traffic).toEqual([
                expect.objectContaining({
                    endpoint: "credit-prod",
                    mode: "progressive",
                    line: "blue 100→0, green 0→100 in 4 steps, 10m bake, gates: errors<1%, p99<500ms",
                }),
            ]);
            expect(diff.versions).toEqual([
                {
                    kind: "model",
                    name: "credit-default",
                    before: "7676863766450aec",
                    after: green.version,
                    deployments: [
                        { kind: "online", endpoint: "credit-prod", deployment: "green", traffic: 100, added: true },
                    ],
                },
            ]);
            const markdown = renderDiffMarkdown(diff);
            expect(markdown.split("\n").slice(0, 4)).toEqual([
                "<!-- azureml-pulumi-diff azureml-platform/prod -->",
                "### Plan diff: `azureml-platform/prod`",
                "",
                `**0 risky changes, ${diff.summary.add} to add, ${diff.summary.update} to update, ${diff.summary.unchanged} unchanged**`,
            ]);
            expect(markdown).not.toContain("#### Risky changes");
            expect(markdown).toContain(
                "- **credit-prod**: `blue 100→0, green 0→100 in 4 steps, 10m bake, gates: errors<1%, p99<500ms`",
            );
            expect(markdown).toContain(
                `| model \`credit-default\` | \`7676863766450aec\` | \`${green.version}\` | credit-prod/green (new, 100% live) |`,
            );
            expect(renderDiffText(diff)).toContain(
                "  credit-prod: blue 100→0, green 0→100 in 4 steps, 10m bake, gates: errors<1%, p99<500ms",
            );
        },
        TIMEOUT,
    );

    it(
        "flags an endpoint replaced (auth mode cannot change in place): downtime and new keys",
        async () => {
            const diff = await diffOf("prod", "hardeningUndone");
            expect(diff.risks.filter((r) => r.kind === "endpoint-replaced")).toEqual([
                {
                    kind: "endpoint-replaced",
                    urn: "urn:pulumi:prod::azureml-platform::azureml:endpoints:OnlineEndpoint$azure-native:machinelearningservices:OnlineEndpoint::credit-prod-endpoint",
                    subject: "credit-prod",
                    message: "the endpoint credit-prod is replaced: properties.authMode (replaceOnChanges)",
                    why: expect.stringContaining("deleted first and then created again"),
                },
            ]);
            expect(riskRow(renderDiffMarkdown(diff), "endpoint-replaced")).toEqual([
                "| `endpoint-replaced` | `credit-prod` | the endpoint credit-prod is replaced: properties.authMode (replaceOnChanges) | Azure cannot change this in place, so the endpoint is deleted first and then created again: its scoring URI answers nothing until it and its deployments exist again (downtime), its keys are new (callers with the old keys fail) and its traffic starts from nothing |",
            ]);
            const endpoint = diff.resources.find((r) => r.name === "credit-prod-endpoint")!;
            expect(endpoint).toMatchObject({ kind: "replace", deleteBeforeReplace: true });
            // The endpoint ignores publicNetworkAccess (its traffic owner writes it): shown, but not applied by it.
            expect(endpoint.properties).toContainEqual({
                path: "properties.authMode",
                before: "AADToken",
                after: "Key",
                replaces: true,
            });
        },
        TIMEOUT,
    );

    it(
        "flags auth weakened: Entra ID tokens to keys",
        async () => {
            const diff = await diffOf("prod", "hardeningUndone");
            expect(diff.risks.filter((r) => r.kind === "auth-weakened").map((r) => r.message)).toEqual([
                'credit-prod: properties.authMode "AADToken" → "Key"',
            ]);
            expect(riskRow(renderDiffMarkdown(diff), "auth-weakened")).toEqual([
                '| `auth-weakened` | `credit-prod` | credit-prod: properties.authMode "AADToken" → "Key" | callers move from Entra ID tokens (granted by role, short-lived) towards keys or AML tokens that anyone holding them can use; keys never expire |',
            ]);
        },
        TIMEOUT,
    );

    it(
        "flags public network access opened, on the workspace, its dependencies and the endpoint's traffic owner",
        async () => {
            const diff = await diffOf("prod", "hardeningUndone");
            const opened = diff.risks.filter((r) => r.kind === "public-network-opened");
            expect(opened.map((r) => r.message)).toEqual([
                'credit-prod (its traffic owner writes it): publicNetworkAccess "Disabled" → "Enabled"',
                'azuremlplatformprodcr2ca79b98: publicNetworkAccess "Disabled" → "Enabled"',
                'azureml-plat-kv-2ca79b98: properties.publicNetworkAccess "Disabled" → "Enabled"',
                'azureml-platform-prod: publicNetworkAccess "Disabled" → "Enabled"',
                'azuremlplatformp2ca79b98: publicNetworkAccess "Disabled" → "Enabled"',
            ]);
            expect(riskRow(renderDiffMarkdown(diff), "public-network-opened")).toContain(
                '| `public-network-opened` | `azureml-platform-prod` | azureml-platform-prod: publicNetworkAccess "Disabled" → "Enabled" | it becomes reachable from the public internet instead of only through private endpoints |',
            );
        },
        TIMEOUT,
    );

    it(
        "flags purge on destroy turned on in a stack that holds production, and not in one that does not",
        async () => {
            const diff = await diffOf("prod", "hardeningUndone");
            expect(riskRow(renderDiffMarkdown(diff), "purge-on-destroy-in-production")).toEqual([
                "| `purge-on-destroy-in-production` | `azureml-platform-prod` | purgeOnDestroy is turned on for the workspace azureml-platform-prod in azureml-platform/prod, a stack that holds production | a `pulumi destroy` (or a replace of the workspace) then deletes it for good instead of soft-deleting it: no recovery of its models, environments and job history during the retention period |",
            ]);
            // dev purges on destroy, and is no production stack: nothing to flag.
            const dev = await diffOf("dev", "devGreenNoPolicy");
            expect((await planOf("devGreenNoPolicy")).plan.resources.map((r) => r.name)).toContain(
                "azureml-platform-dev-purge",
            );
            expect(dev.risks.map((r) => r.kind)).not.toContain("purge-on-destroy-in-production");
        },
        TIMEOUT,
    );

    it(
        "flags a workspace replaced (moved to another region), with the endpoints in it",
        async () => {
            const diff = await diffOf("prod", "regionMove");
            const workspace = diff.risks.filter((r) => r.kind === "workspace-replaced");
            expect(workspace).toEqual([
                expect.objectContaining({
                    subject: "azureml-platform-prod",
                    message: "the workspace azureml-platform-prod is replaced: location (cannot change in place)",
                }),
            ]);
            expect(riskRow(renderDiffMarkdown(diff), "workspace-replaced")).toEqual([
                "| `workspace-replaced` | `azureml-platform-prod` | the workspace azureml-platform-prod is replaced: location (cannot change in place) | Azure cannot change this in place, so the workspace is created again and the old one deleted, and everything in it goes: endpoints and their deployments (downtime, lost keys), registered models, code and environments, job history, datastores and connections |",
            ]);
            expect(diff.risks.filter((r) => r.kind === "endpoint-replaced").map((r) => r.subject)).toEqual([
                "credit-batch-prod",
                "credit-prod",
            ]);
        },
        TIMEOUT,
    );

    it(
        "flags a workspace deleted (a plan without it)",
        async () => {
            const base = (await planOf("prod")).plan;
            const head = {
                ...base,
                resources: base.resources.filter((r) => r.type !== "azure-native:machinelearningservices:Workspace"),
            };
            const diff = diffPlans(base, head);
            expect(diff.risks.map((r) => [r.kind, r.message])).toEqual([
                ["workspace-deleted", "the workspace azureml-platform-prod is deleted"],
            ]);
            expect(riskRow(renderDiffMarkdown(diff), "workspace-deleted")).toEqual([
                "| `workspace-deleted` | `azureml-platform-prod` | the workspace azureml-platform-prod is deleted | everything in the workspace goes: endpoints and deployments, registered models and environments, job history, datastores and connections |",
            ]);
        },
        TIMEOUT,
    );

    it(
        "flags a deployment deleted while it serves traffic",
        async () => {
            const diff = await diffOf("prod", "blueDeleted");
            expect(diff.risks.map((r) => r.kind)).toEqual(["deployment-deleted-with-traffic"]);
            expect(riskRow(renderDiffMarkdown(diff), "deployment-deleted-with-traffic")).toEqual([
                "| `deployment-deleted-with-traffic` | `credit-prod/blue` | credit-prod/blue serves 100% of credit-prod's live traffic in the base and is deleted | its share moves to the other deployments in the same update, at once and untested, and nothing is left to roll back to; move its traffic off with a rollout first and delete it in a later change |",
            ]);
            // Deleting a deployment that serves nothing is not risky: green, then blue, in two changes.
            const later = diffPlans((await planOf("greenRollout")).plan, (await planOf("blueDeleted")).plan);
            expect(later.risks).toEqual([]);
        },
        TIMEOUT,
    );

    it(
        "flags an endpoint deleted",
        async () => {
            const diff = await diffOf("prod", "endpointRemoved");
            expect(diff.risks.map((r) => [r.kind, r.subject])).toEqual([["endpoint-deleted", "credit-prod"]]);
            expect(diff.traffic.map((t) => t.line)).toEqual(["traffic owner removed (serves blue 100% in the base)"]);
            expect(riskRow(renderDiffMarkdown(diff), "endpoint-deleted")).toEqual([
                "| `endpoint-deleted` | `credit-prod` | the endpoint credit-prod is deleted | its scoring URI stops answering for every caller and its keys are gone; nothing in the head serves its traffic |",
            ]);
        },
        TIMEOUT,
    );

    it(
        "flags traffic moved without a rollout policy",
        async () => {
            const diff = await diffOf("dev", "devGreenNoPolicy");
            expect(diff.risks.map((r) => [r.kind, r.message])).toEqual([
                ["traffic-without-rollout", "credit-dev: blue 100→50, green 0→50 at once (no rollout policy)"],
            ]);
            expect(riskRow(renderDiffMarkdown(diff), "traffic-without-rollout")).toEqual([
                "| `traffic-without-rollout` | `credit-dev` | credit-dev: blue 100→50, green 0→50 at once (no rollout policy) | the endpoint serves traffic and has no rollout policy, so the new split is written in one step: no bake, no gate watches the deployment gaining traffic and nothing rolls it back; set rollout with steps and gates |",
            ]);
        },
        TIMEOUT,
    );

    it(
        "lists the guardrails' findings the change adds and resolves",
        async () => {
            const diff = await diffOf("prod", "hardeningUndone");
            expect(diff.findings.added.map((f) => f.policy)).toEqual([
                "azureml-endpoint-entra-auth",
                "azureml-private-network-access",
                "azureml-private-network-access",
            ]);
            // The shipped prod stack breaks no guardrail, so nothing is unchanged.
            expect(diff.findings.unchanged).toEqual([]);
            const markdown = renderDiffMarkdown(diff);
            expect(markdown).toContain("3 new, 0 resolved, 0 unchanged findings.");
            expect(markdown).toContain(
                '| new | mandatory | `azureml-endpoint-entra-auth` | credit-prod: authMode is "Key"; production endpoints use Entra ID tokens (authMode: aad_token), so access is granted by role and no shared key can leak |',
            );
            const back = diffPlans((await planOf("hardeningUndone")).plan, (await planOf("prod")).plan);
            expect(back.findings.resolved.map((f) => f.policy)).toEqual(diff.findings.added.map((f) => f.policy));
        },
        TIMEOUT,
    );
});

describe("azureml-pulumi diff on the command line", () => {
    it(
        "exits 1 on risky changes with --fail-on risky, and 0 without them",
        async () => {
            const prod = (await planOf("prod")).file;
            const safe = (await planOf("greenRollout")).file;
            const risky = (await planOf("hardeningUndone")).file;
            const ok = await runCli(["diff", prod, safe, "--fail-on", "risky"]);
            expect(ok).toMatchObject({ code: 0, err: [] });
            expect(ok.out[0]).toMatch(/^Plan diff of azureml-platform\/prod: 0 risky changes, /);
            const failed = await runCli(["diff", prod, risky, "--fail-on", "risky", "--format", "markdown"]);
            expect(failed.code).toBe(1);
            expect(failed.err).toEqual([
                "azureml-pulumi diff: 8 risky change(s) (--fail-on risky): endpoint-replaced, auth-weakened, public-network-opened, purge-on-destroy-in-production",
            ]);
            expect(failed.out.join("\n").split("\n")[0]).toBe("<!-- azureml-pulumi-diff azureml-platform/prod -->");
            // Without --fail-on the same diff is information, not a gate.
            expect((await runCli(["diff", prod, risky])).code).toBe(0);
        },
        TIMEOUT,
    );

    it(
        "gates on new mandatory guardrail findings with --fail-on mandatory",
        async () => {
            const prod = (await planOf("prod")).file;
            const safe = (await planOf("greenRollout")).file;
            const risky = (await planOf("hardeningUndone")).file;
            // A change that adds no mandatory finding passes the gate.
            expect((await runCli(["diff", prod, safe, "--fail-on", "mandatory"])).code).toBe(0);
            const failed = await runCli(["diff", prod, risky, "--fail-on", "risky,mandatory"]);
            expect(failed.code).toBe(1);
            expect(failed.err[1]).toBe(
                "azureml-pulumi diff: 3 new mandatory guardrail finding(s) (--fail-on mandatory): azureml-endpoint-entra-auth, azureml-private-network-access",
            );
        },
        TIMEOUT,
    );

    it(
        "writes JSON or markdown to --out, and answers bad input with exit 1 or 2",
        async () => {
            const prod = (await planOf("prod")).file;
            const head = (await planOf("greenRollout")).file;
            const dir = tempDir("azureml-diff-");
            const json = path.join(dir, "diff.json");
            expect((await runCli(["diff", prod, head, "--format", "json", "--out", json])).code).toBe(0);
            const parsed = JSON.parse(fs.readFileSync(json, "utf8"));
            expect(parsed).toMatchObject({ format: "azureml-pulumi-diff/1", summary: { risky: 0 } });
            expect(parsed.traffic[0].line).toBe(
                "blue 100→0, green 0→100 in 4 steps, 10m bake, gates: errors<1%, p99<500ms",
            );

            const notAPlan = path.join(dir, "Pulumi.prod.yaml");
            fs.writeFileSync(notAPlan, "{}");
            const bad = await runCli(["diff", prod, notAPlan]);
            expect(bad.code).toBe(1);
            expect(bad.err[0]).toBe(
                `${notAPlan}: format: not a plan of this format (expected "azureml-pulumi-plan/1") (write it with azureml-pulumi plan)`,
            );
            expect((await runCli(["diff", prod, path.join(dir, "missing.json")])).err).toEqual([
                `${path.join(dir, "missing.json")}: file not found`,
            ]);
            expect((await runCli(["diff", prod])).code).toBe(2);
            expect((await runCli(["diff", prod, head, "--fail-on", "scary"])).code).toBe(2);
            expect((await runCli(["diff", prod, head, "--format", "html"])).code).toBe(2);
        },
        TIMEOUT,
    );
});
