import * as dns from "dns";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { REPO_ROOT } from "../support/stackFiles";
import { planProject, prodEndpoint, removeProjects, runCli, tempDir, writeProject } from "./planProjects";

afterAll(removeProjects);

describe("azureml-pulumi plan", () => {
    it("writes the same bytes on two runs and in two directories, with no machine path and no time in them", async () => {
        const first = writeProject("prod");
        const second = writeProject("prod");
        const cwd = process.cwd();
        const a = await planProject(first, "prod");
        const timeZone = process.env.TZ;
        process.env.TZ = "Pacific/Auckland"; // a second run on "another machine": other clock, other zone
        try {
            const b = await planProject(first, "prod");
            const c = await planProject(second, "prod");
            expect(b.text).toBe(a.text);
            expect(c.text).toBe(a.text);
        } finally {
            process.env.TZ = timeZone;
            if (timeZone === undefined) {
                delete process.env.TZ;
            }
        }
        expect(process.cwd()).toBe(cwd);
        for (const machinePath of [first, second, REPO_ROOT, os.homedir(), fs.realpathSync(os.tmpdir())]) {
            expect(a.text).not.toContain(machinePath);
        }
        expect(a.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
        // The asset uploads name their content relative to the project, as the stack file does.
        const upload = a.plan.resources.find((r) => r.name === "credit-default-upload")!;
        expect(upload.inputs.source).toBe("examples/assets/credit-model");
    });

    it("prints the plan on stdout when --out is not given: the same document", async () => {
        const dir = writeProject("dev");
        const { text } = await planProject(dir, "dev");
        const printed = await runCli(["plan", "--stack", "dev", "--dir", dir]);
        expect(printed.code).toBe(0);
        expect(`${printed.out.join("\n")}\n`).toBe(text);
    });

    it("needs no Azure credentials and opens no connection", async () => {
        const dir = writeProject("prod");
        const saved = { ...process.env };
        for (const key of Object.keys(process.env).filter((k) => /^(AZURE_|ARM_|AZUREML_PULUMI_)/.test(k))) {
            delete process.env[key];
        }
        const attempts: string[] = [];
        const refuse = (what: string) => () => {
            attempts.push(what);
            throw new Error(`network access during plan: ${what}`);
        };
        const spies = [
            jest.spyOn(net.Socket.prototype, "connect").mockImplementation(refuse("net.connect")),
            jest.spyOn(tls, "connect").mockImplementation(refuse("tls.connect")),
            jest.spyOn(dns, "lookup").mockImplementation(refuse("dns.lookup")),
        ];
        try {
            const { plan } = await planProject(dir, "prod");
            expect(plan.resources.length).toBeGreaterThan(30);
        } finally {
            spies.forEach((s) => s.mockRestore());
            process.env = saved;
        }
        expect(attempts).toEqual([]);
    });

    it("records every resource with its inputs, dependencies and options, the asset versions and the rollout", async () => {
        const { plan } = await planProject(writeProject("prod"), "prod");
        expect(plan).toMatchObject({ format: "azureml-pulumi-plan/1", project: "azureml-platform", stack: "prod" });
        expect(plan.production).toBe(true);
        const urns = plan.resources.map((r) => r.urn);
        expect(urns).toEqual([...urns].sort((a, b) => (a < b ? -1 : 1)));
        const endpoint = plan.resources.find((r) => r.name === "credit-prod-endpoint")!;
        expect(endpoint).toMatchObject({
            type: "azure-native:machinelearningservices:OnlineEndpoint",
            custom: true,
            parent: "urn:pulumi:prod::azureml-platform::pulumi:pulumi:Stack$azureml:endpoints:OnlineEndpoint::credit-prod",
            inputs: {
                endpointName: "credit-prod",
                properties: { authMode: "AADToken", publicNetworkAccess: "Disabled" },
            },
            options: {
                deleteBeforeReplace: true,
                replaceOnChanges: ["properties.authMode", "properties.compute", "identity"],
            },
        });
        expect(endpoint.dependencies).toEqual([...endpoint.dependencies].sort((a, b) => (a < b ? -1 : 1)));
        expect(endpoint.dependencies).toContain(
            "urn:pulumi:prod::azureml-platform::pulumi:pulumi:Stack$azure-native:resources:ResourceGroup::azureml-platform-prod",
        );
        // Versions come from the content: the model's is the first 16 hex digits of its upload's digest.
        const upload = plan.resources.find((r) => r.name === "credit-default-upload")!;
        expect(plan.assets).toContainEqual({
            kind: "model",
            name: "credit-default",
            version: String(upload.inputs.digest).slice(0, 16),
            urn: "urn:pulumi:prod::azureml-platform::azureml:assets:Model$azure-native:machinelearningservices:ModelVersion::credit-default-version",
        });
        expect(plan.assets.map((a) => `${a.kind}:${a.name}`)).toEqual([
            "code:credit-score",
            "environment:credit-runtime",
            "model:credit-default",
        ]);
        // The dynamic providers' constant module text is kept as a digest.
        expect(upload.inputs.__provider).toMatch(/^sha256:[0-9a-f]{16}$/);
        expect(plan.rollouts).toEqual([
            expect.objectContaining({
                endpoint: "credit-prod",
                deployments: ["blue"],
                traffic: { blue: 100 },
                mirrorTraffic: {},
                summary:
                    "serves blue 100%; rollout in steps of 10, 25, 50, 100%, 10m bake, gates: errors<1%, p99<500ms, rolls back on failure",
            }),
        ]);
        expect(plan.outputs).toMatchObject({ workspaceName: "azureml-platform-prod" });
    });

    it("tells a stack that holds production from one that does not, by name or by tag", async () => {
        const dev = await planProject(writeProject("dev"), "dev");
        expect(dev.plan.production).toBe(false);
        expect(dev.plan.rollouts[0].summary).toBe(
            "serves blue 100%; no rollout policy: a change of traffic is written at once",
        );
        const tagged = await planProject(
            writeProject("dev", (config) => {
                config["azureml-platform:tags"].environment = "production";
            }),
            "dev",
        );
        expect(tagged.plan.production).toBe(true);
    });

    it("applies a policy config in Pulumi's format, and refuses one with problems", async () => {
        const dir = writeProject("prod");
        const config = path.join(dir, "policy-config.yaml");
        fs.writeFileSync(config, "all: advisory\nazureml-production-instance-count:\n  minInstances: 5\n");
        const { plan } = await planProject(dir, "prod", ["--policy-config", config]);
        expect(plan.findings.map((f) => [f.policy, f.enforcementLevel])).toEqual([
            ["azureml-production-instance-count", "advisory"],
        ]);
        expect(plan.findings[0].message).toBe(
            "credit-prod/blue: instanceCount is 3; production deployments run at least 5 instances so that an OS upgrade or a failed node leaves capacity serving; raise instanceCount to 5",
        );
        fs.writeFileSync(config, '{"azureml-pinned-image": "off", "azureml-rollout-gates": {"minGates": -1}}');
        const bad = await runCli(["plan", "--stack", "prod", "--dir", dir, "--policy-config", config]);
        expect(bad.code).toBe(1);
        expect(bad.err).toEqual([
            expect.stringMatching(
                /policy-config\.yaml: azureml-pinned-image: no such policy; the policies are azureml-endpoint-entra-auth, /,
            ),
            `${config}: azureml-rollout-gates.minGates: a whole number of at least 0, got -1`,
            "no plan was written: fix the problems above and run plan again",
        ]);
    });

    it("plans a stack file other than the project's with --config-file: the same plan as the project's own", async () => {
        const project = writeProject("prod");
        const elsewhere = writeProject("prod", () => undefined, tempDir("azureml-plan-variant-"));
        const own = await planProject(project, "prod");
        const out = path.join(tempDir("azureml-plan-out-"), "plan.json");
        const configFile = path.join(elsewhere, "Pulumi.prod.yaml");
        const run = await runCli([
            "plan",
            "--stack",
            "prod",
            "--dir",
            project,
            "--config-file",
            configFile,
            "--out",
            out,
        ]);
        expect(run).toMatchObject({ code: 0, err: [] });
        expect(run.out).toEqual([
            `Planned azureml-platform/prod offline: 34 resources, 3 asset versions, 1 traffic owner, 0 guardrail findings → ${out}`,
        ]);
        expect(fs.readFileSync(out, "utf8")).toBe(own.text);
    });

    it("lists a stack file's problems with their key paths and writes nothing", async () => {
        const dir = writeProject("prod", (config) => {
            prodEndpoint(config).traffic = { blue: 90 };
        });
        const out = path.join(tempDir("azureml-plan-out-"), "plan.json");
        const run = await runCli(["plan", "--stack", "prod", "--dir", dir, "--out", out]);
        expect(run.code).toBe(1);
        expect(run.err[0]).toMatch(/^azureml-platform:onlineEndpoints\.credit-prod\.traffic: percentages add up to 90/);
        expect(fs.existsSync(out)).toBe(false);
        expect((await runCli(["plan", "--stack", "prod", "--frobnicate"])).code).toBe(2);
        const help = await runCli(["plan", "--help"]);
        expect(help.code).toBe(0);
        expect(help.out.join("\n")).toContain("--policy-config <file>");
    });

    it("plans a project's own program too (examples/online-bluegreen)", async () => {
        const out = path.join(tempDir("azureml-plan-own-"), "plan.json");
        const dir = path.join(REPO_ROOT, "examples", "online-bluegreen");
        const run = await runCli(["plan", "--stack", "prod", "--dir", dir, "--out", out]);
        expect(run).toMatchObject({ code: 0, err: [] });
        const plan = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(plan.project).toBe("azureml-online-bluegreen");
        expect(plan.rollouts.map((r: { endpoint: string }) => r.endpoint)).toEqual(["credit-prod"]);
        expect(fs.readFileSync(out, "utf8")).not.toContain(REPO_ROOT);
    });
});
