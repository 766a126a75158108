import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GUARDRAILS, readGuardrailsConfig } from "../../src/policy";
import { REPO_ROOT } from "../support/stackFiles";

const PACK = path.join(REPO_ROOT, "examples", "policy-pack");

describe("examples/policy-pack", () => {
    it("builds a PolicyPack with every guardrail from the package's ./policy entry", () => {
        const made: { name: string; args: { policies: { name: string; enforcementLevel?: string }[] } }[] = [];
        jest.isolateModules(() => {
            // `new PolicyPack` starts the analyzer's gRPC server: record the pack instead, as Pulumi would receive it.
            jest.doMock("@pulumi/policy", () => ({
                PolicyPack: class {
                    constructor(name: string, args: (typeof made)[number]["args"]) {
                        made.push({ name, args });
                    }
                },
            }));
            jest.doMock("@azureml-pulumi/components/policy", () => jest.requireActual("../../src/policy"), {
                virtual: true,
            });
            require("../../examples/policy-pack/index");
        });
        expect(made.map((p) => p.name)).toEqual(["azureml-guardrails"]);
        const policies = made[0].args.policies;
        expect(policies.map((p) => p.name)).toEqual(GUARDRAILS.map((g) => g.name));
        expect(policies.find((p) => p.name === "azureml-app-insights")?.enforcementLevel).toBe("advisory");
        expect(policies.find((p) => p.name === "azureml-rollout-gates")?.enforcementLevel).toBe("mandatory");
    });

    it("is a policy pack project: PulumiPolicy.yaml with the nodejs runtime, a versioned package.json", () => {
        expect(parse(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8"))).toMatchObject({
            runtime: "nodejs",
        });
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(Object.keys(pkg.dependencies)).toEqual(
            expect.arrayContaining(["@azureml-pulumi/components", "@pulumi/policy", "@pulumi/pulumi"]),
        );
    });

    it("ships a policy config that plan and the pack both read", () => {
        const config = JSON.parse(fs.readFileSync(path.join(PACK, "policy-config.json"), "utf8"));
        expect(readGuardrailsConfig(config)).toEqual({ ok: true, config });
    });
});
