import { execFileSync, spawnSync } from "child_process";
import * as path from "path";
import { main } from "../../src/cli";
import { shippedConfig, writeStack, REPO_ROOT } from "../support/stackFiles";

async function run(argv: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await main(
        argv,
        (line) => lines.push(line),
        (line) => errors.push(...line.split("\n")),
    );
    return { code, lines, errors };
}

describe("azureml-pulumi validate", () => {
    it.each(["Pulumi.dev.yaml", "Pulumi.prod.yaml"])("accepts the shipped %s", async (file) => {
        expect(await run(["validate", path.join(REPO_ROOT, file)])).toEqual({
            code: 0,
            lines: [`${path.join(REPO_ROOT, file)}: valid`],
            errors: [],
        });
    });

    it("prints every problem, one line each, and exits 1", async () => {
        const config = shippedConfig("dev");
        config["azureml-platform:location"] = "West Europe";
        config["azureml-platform:workspace"].publicNetworkAccess = "Open";
        const { code, lines } = await run(["validate", writeStack("dev", config)]);
        expect(code).toBe(1);
        expect(lines).toEqual([
            'azureml-platform:location: Azure regions are lower-case letters and digits, for example westeurope, got "West Europe"',
            "azureml-platform:workspace.publicNetworkAccess: public network access is either 'Enabled' or 'Disabled', got \"Open\"",
        ]);
    });

    it("refuses the stack-file holes of issue 16 instead of calling the file valid", async () => {
        const config = shippedConfig("dev");
        Object.defineProperty(config["azureml-platform:onlineEndpoints"], "__proto__", {
            value: { kind: "serverless" },
            enumerable: true,
        });
        config.location = "northeurope";
        config["azureml-platfrom:tags"] = { owner: "ml" };
        config["azureml-platform:onlineEndpoints"]["credit-dev"].traffic = { blue: 50, BLUE: 50 };
        const { code, lines } = await run(["validate", writeStack("dev", config)]);
        expect(code).toBe(1);
        expect(lines).toEqual([
            "azureml-platform:location: given twice, as 'location' and 'azureml-platform:location' (a key without a namespace is the project's); keep one, got \"northeurope\"",
            'azureml-platfrom:tags: names no project (this project is azureml-platform); did you mean \'azureml-platform:tags\'?, got {"owner":"ml"}',
            'azureml-platform:onlineEndpoints.__proto__: "__proto__" cannot be a key: JavaScript reads it as the object\'s prototype, so the entry would be dropped without a word; it is not a valid name here either (an endpoint name starts with a letter, holds only letters, digits and hyphens, and does not end with a hyphen); rename it, got {"kind":"serverless"}',
            "azureml-platform:onlineEndpoints.credit-dev.traffic.BLUE: names the same deployment as 'blue' (Azure ML deployment names are case-insensitive), so their shares would be added up; keep one key per deployment, got 50",
        ]);
    });

    it("does not preview a stack whose endpoint would vanish (an endpoint named __proto__)", async () => {
        const config = shippedConfig("dev");
        Object.defineProperty(config["azureml-platform:onlineEndpoints"], "__proto__", {
            value: { deployments: {} },
            enumerable: true,
        });
        const file = writeStack("dev", config);
        const { code, lines } = await run(["preview", "--stack", "dev", "--dir", path.dirname(file)]);
        expect(code).toBe(1);
        expect(lines).toEqual([
            expect.stringMatching(/^azureml-platform:onlineEndpoints\.__proto__: "__proto__" cannot/),
        ]);
    });

    it("reports a missing file, bad YAML and a wrongly named file without a stack trace", async () => {
        const missing = await run(["validate", "/nonexistent/Pulumi.dev.yaml"]);
        expect(missing).toEqual({ code: 1, lines: ["/nonexistent/Pulumi.dev.yaml: file not found"], errors: [] });
        const badName = await run(["validate", path.join(REPO_ROOT, "package.json")]);
        expect(badName.lines[0]).toContain("stack files are named Pulumi.<stack>.yaml");
    });

    it("answers usage errors with exit 2", async () => {
        expect((await run(["validate"])).code).toBe(2);
        expect((await run(["frobnicate"])).code).toBe(2);
        expect((await run(["--help"])).code).toBe(0);
    });
});

describe("the installed bin", () => {
    const bin = path.join(REPO_ROOT, "bin", "azureml-pulumi.js");

    it("validates the shipped stacks with exit 0", () => {
        const out = execFileSync(process.execPath, [bin, "validate", "Pulumi.dev.yaml", "Pulumi.prod.yaml"], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        expect(out).toContain("# Pulumi.dev.yaml: valid");
        expect(out).toContain("# Pulumi.prod.yaml: valid");
    });

    it("exits 1 with key-path lines and no stack trace for a bad file", () => {
        const config = shippedConfig("prod");
        config["azureml-platform:computes"]["cpu-cluster"].maxNodes = 0;
        const result = spawnSync(process.execPath, [bin, "validate", writeStack("prod", config)], { encoding: "utf8" });
        expect(result.status).toBe(1);
        expect(result.stdout.trim().split("\n")).toEqual([
            "azureml-platform:computes.cpu-cluster.maxNodes: at least 1, got 0",
            "azureml-platform:computes.cpu-cluster.minNodes: must not exceed maxNodes (0); lower minNodes or raise maxNodes, got 1",
        ]);
        expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });

    it("prints the dev stack's resource tree offline", () => {
        const result = spawnSync(process.execPath, [bin, "preview", "--stack", "dev"], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        expect(result.status).toBe(0);
        const lines = result.stdout.split("\n");
        expect(lines).toContain("├─ azureml:compute:ComputeCluster                                cpu-cluster");
        expect(lines).toContain(
            "pulumi:pulumi:Stack                                              azureml-platform-dev",
        );
        expect(lines).toContain(
            "│  ├─ azure-native:storage:StorageAccount                        azureml-platform-dev-storage",
        );
        expect(lines).toContain(
            "│  └─ azure-native:machinelearningservices:Workspace             azureml-platform-dev-workspace",
        );
        expect(lines).toContain("│  └─ azure-native:machinelearningservices:Compute               cpu-cluster-compute");
        expect(result.stdout).toContain(
            "36 resources: 26 custom resources (azure-native and dynamic), 10 components and the stack.",
        );
        expect(lines).toContain(
            "│  ├─ pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults        credit-batch-dev-defaults",
        );
        expect(result.stdout).toContain(
            '"scoringUri": "https://credit-batch-dev.westeurope.inference.ml.azure.com/jobs"',
        );
        expect(lines).toContain("├─ azureml:assets:Model                                          credit-default");
        expect(result.stdout).toMatch(/"credit-default": "azureml:credit-default:[0-9a-f]{16}"/);
        expect(result.stdout).toContain('"primaryKey": "[secret]"');
        expect(result.stdout).not.toContain("fake-primary-key");
    });
});
