import type { PlanDocument } from "../../src/plan";
import {
    GUARDRAILS,
    Guardrail,
    azureMlGuardrailPolicies,
    evaluateGuardrails,
    readGuardrailsConfig,
} from "../../src/policy";
import { readsType } from "../../src/policy/settings";
import { planProject, prodEndpoint, removeProjects, writeProject } from "../plan/planProjects";
import { runPolicy } from "./policyRunner";

afterAll(removeProjects);

const PINNED_IMAGE = "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:20250101.v1";

/** The shipped prod stack with its image pinned: every guardrail passes. */
const compliant = (c: Record<string, any>) => {
    c["azureml-platform:environments"]["credit-runtime"].image = PINNED_IMAGE;
};

/** The prod stack with every guardrail broken once. */
const violating = (c: Record<string, any>) => {
    const endpoint = prodEndpoint(c);
    endpoint.authMode = "key";
    delete endpoint.rollout;
    const blue = endpoint.deployments.blue;
    blue.instanceCount = 1;
    delete blue.autoscale;
    blue.appInsightsEnabled = false;
    c["azureml-platform:workspace"].publicNetworkAccess = "Enabled";
    c["azureml-platform:workspace"].keyVault.purgeProtection = false;
    c["azureml-platform:environments"]["credit-runtime"].image =
        "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest";
};

/** What each guardrail says about the violating stack, in the order it reports. */
const EXPECTED: Record<string, (string | RegExp)[]> = {
    "azureml-endpoint-entra-auth": [
        'credit-prod: authMode is "Key"; production endpoints use Entra ID tokens (authMode: aad_token), so access is granted by role and no shared key can leak',
    ],
    "azureml-private-network-access": [
        'credit-prod: publicNetworkAccess is "Enabled" on the online endpoint; production endpoints take publicNetworkAccess: Disabled and are reached through private endpoints',
        'azureml-platform-prod: publicNetworkAccess is "Enabled" on the workspace; production workspaces take publicNetworkAccess: Disabled and are reached through private endpoints',
    ],
    "azureml-production-instance-count": [
        "credit-prod/blue: instanceCount is 1; production deployments run at least 3 instances so that an OS upgrade or a failed node leaves capacity serving; raise instanceCount to 3",
    ],
    "azureml-rollout-gates": [
        "credit-prod: no rollout policy, so a change of traffic is written at once with nothing watching the deployment that gains it; set rollout with steps, a bake and gates (e.g. errorRate lessThan 0.01)",
    ],
    "azureml-pinned-images": [
        'credit-runtime: image "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest" is :latest, which the registry moves: the same environment version would run another image after a rebuild or a scale-out; pin a dated tag or a digest',
    ],
    "azureml-app-insights": [
        "credit-prod/blue: appInsightsEnabled is not true, so the scoring container's requests and failures reach no Application Insights; set appInsightsEnabled: true",
    ],
    "azureml-key-vault-purge-protection": [
        /^azureml-plat-kv-[0-9a-f]{8}: purge protection is off, so the vault and the workspace's secrets can be purged for good before the retention period ends; set keyVault.purgeProtection: true$/,
    ],
};

const plans = new Map<string, Promise<PlanDocument>>();
function planOf(name: "compliant" | "violating" | "dev"): Promise<PlanDocument> {
    if (!plans.has(name)) {
        const dir =
            name === "dev" ? writeProject("dev") : writeProject("prod", name === "compliant" ? compliant : violating);
        plans.set(
            name,
            planProject(dir, name === "dev" ? "dev" : "prod").then((p) => p.plan),
        );
    }
    return plans.get(name)!;
}

const policies = azureMlGuardrailPolicies();
const policyOf = (name: string) => policies.find((p) => p.name === name)!;
const read = (g: Guardrail, plan: PlanDocument) => plan.resources.filter((r) => readsType(g, r.type));
const matching = (messages: string[], expected: (string | RegExp)[]) => {
    expect(messages).toHaveLength(expected.length);
    expected.forEach((e, i) => (typeof e === "string" ? expect(messages[i]).toBe(e) : expect(messages[i]).toMatch(e)));
};

const TIMEOUT = 60_000;

describe.each(GUARDRAILS.map((g) => [g.name, g] as const))("guardrail %s", (name, guardrail) => {
    it(
        "passes a compliant production stack under the policy runner",
        async () => {
            const resources = read(guardrail, await planOf("compliant"));
            expect(resources.length).toBeGreaterThan(0);
            for (const resource of resources) {
                expect(await runPolicy(policyOf(name), resource)).toEqual({ violations: [] });
            }
        },
        TIMEOUT,
    );

    it(
        "fails the stack that breaks it under the policy runner",
        async () => {
            const messages: string[] = [];
            for (const resource of read(guardrail, await planOf("violating"))) {
                const outcome = await runPolicy(policyOf(name), resource);
                expect(outcome).toHaveProperty("violations");
                messages.push(...(outcome as { violations: string[] }).violations);
            }
            matching(messages, EXPECTED[name]);
        },
        TIMEOUT,
    );

    it(
        "passes inside plan: no finding in the compliant stack's plan",
        async () => {
            expect((await planOf("compliant")).findings.filter((f) => f.policy === name)).toEqual([]);
        },
        TIMEOUT,
    );

    it(
        "fails inside plan: the same findings, mandatory, in the violating stack's plan",
        async () => {
            const findings = (await planOf("violating")).findings.filter((f) => f.policy === name);
            expect(findings.every((f) => f.enforcementLevel === "mandatory")).toBe(true);
            // Sorted by URN, as the plan's resources (and so the runner's results) are.
            matching(
                findings.map((f) => f.message),
                EXPECTED[name],
            );
        },
        TIMEOUT,
    );
});

describe("the guardrails' scope and configuration", () => {
    it(
        "does not apply to a stack that holds no production, unless scoped to all stacks",
        async () => {
            const dev = await planOf("dev");
            const image = dev.resources.find((r) => r.name === "credit-runtime-version")!;
            expect(await runPolicy(policyOf("azureml-pinned-images"), image)).toEqual({
                notApplicable:
                    "azureml-pinned-images reads production stacks (prod, production, prod-*, production-*, *-prod, *-production, or tagged environment: prod)",
            });
            expect(dev.findings).toEqual([]);
            const all = await runPolicy(policyOf("azureml-pinned-images"), image, { scope: "all" });
            expect(all).toEqual({ violations: [expect.stringMatching(/^credit-runtime: image .* is :latest/)] });
            expect(evaluateGuardrails(dev.resources, { "azureml-pinned-images": { scope: "all" } })).toHaveLength(1);
            // A Pulumi stack tagged environment: production holds production whatever its name.
            const tagged = await runPolicy(
                policyOf("azureml-pinned-images"),
                image,
                {},
                new Map([["environment", "production"]]),
            );
            expect(tagged).toEqual({ violations: [expect.stringMatching(/is :latest/)] });
        },
        TIMEOUT,
    );

    it(
        "takes settings from the pack's options and from the policy config, the config winning",
        async () => {
            const prod = await planOf("compliant");
            const blue = prod.resources.find((r) => r.name === "credit-prod-blue-deployment")!;
            const count = policyOf("azureml-production-instance-count");
            expect(await runPolicy(count, blue)).toEqual({ violations: [] });
            expect(await runPolicy(count, blue, { minInstances: 5 })).toEqual({
                violations: [expect.stringContaining("instanceCount is 3; production deployments run at least 5")],
            });
            // The environment version carries no tags: only its stack's name makes it production.
            const image = (await planOf("violating")).resources.find((r) => r.name === "credit-runtime-version")!;
            const live = azureMlGuardrailPolicies({
                productionStacks: ["live-*"],
                enforcementLevels: { "azureml-app-insights": "advisory" },
            });
            const pinned = live.find((p) => p.name === "azureml-pinned-images")!;
            expect(await runPolicy(pinned, image)).toHaveProperty("notApplicable");
            expect(await runPolicy(pinned, image, { productionStacks: ["prod"] })).toEqual({
                violations: [expect.stringMatching(/is :latest/)],
            });
            expect(live.map((p) => [p.name, p.enforcementLevel])).toContainEqual(["azureml-app-insights", "advisory"]);
            expect(pinned.configSchema?.properties.productionStacks).toMatchObject({ default: ["live-*"] });
        },
        TIMEOUT,
    );

    it(
        "reads only its resource types (azure-native's versioned modules too)",
        async () => {
            const prod = await planOf("violating");
            const endpoint = prod.resources.find((r) => r.name === "credit-prod-endpoint")!;
            expect(await runPolicy(policyOf("azureml-key-vault-purge-protection"), endpoint)).toEqual({
                notApplicable: "azureml-key-vault-purge-protection reads azure-native:keyvault:Vault",
            });
            const versioned = { ...endpoint, type: "azure-native:machinelearningservices/v20240401:OnlineEndpoint" };
            expect(await runPolicy(policyOf("azureml-endpoint-entra-auth"), versioned)).toEqual({
                violations: [expect.stringMatching(/^credit-prod: authMode is "Key"/)],
            });
        },
        TIMEOUT,
    );

    it(
        "names a resource whose id is not known yet (a preview), and leaves judging an unknown value to Pulumi",
        async () => {
            // As the analyzer hands inputs over during `pulumi preview`: reading an unknown value throws.
            // The SDK's own proxy (its typings leave these internals out).
            const { unknownCheckingProxy, unknownStringValue, UnknownValueError } = jest.requireActual(
                "@pulumi/policy/proxy",
            ) as {
                unknownCheckingProxy<T>(value: T): T;
                unknownStringValue: string;
                UnknownValueError: new (...args: never[]) => Error;
            };
            const violating = await planOf("violating");
            const owner = violating.resources.find((r) => r.name === "credit-prod-traffic")!;
            const preview = {
                ...owner,
                inputs: unknownCheckingProxy({ ...owner.inputs, endpointId: unknownStringValue }),
            };
            expect(await runPolicy(policyOf("azureml-rollout-gates"), preview)).toEqual({
                violations: [expect.stringMatching(/^credit-prod-traffic: no rollout policy/)],
            });
            const endpoint = violating.resources.find((r) => r.name === "credit-prod-endpoint")!;
            const unknownAuth = {
                ...endpoint,
                inputs: unknownCheckingProxy({ ...endpoint.inputs, properties: { authMode: unknownStringValue } }),
            };
            await expect(runPolicy(policyOf("azureml-endpoint-entra-auth"), unknownAuth)).rejects.toBeInstanceOf(
                UnknownValueError,
            );
        },
        TIMEOUT,
    );

    it("lets a team set enforcement levels: disabled rules do not run, remediate reports as mandatory", async () => {
        const prod = await planOf("violating");
        const levels = (config: Parameters<typeof evaluateGuardrails>[1]) => [
            ...new Set(evaluateGuardrails(prod.resources, config).map((f) => `${f.policy}=${f.enforcementLevel}`)),
        ];
        expect(
            levels({ all: "advisory", "azureml-pinned-images": "disabled", "azureml-rollout-gates": "remediate" }),
        ).toEqual([
            "azureml-app-insights=advisory",
            "azureml-endpoint-entra-auth=advisory",
            "azureml-key-vault-purge-protection=advisory",
            "azureml-private-network-access=advisory",
            "azureml-production-instance-count=advisory",
            "azureml-rollout-gates=mandatory",
        ]);
    });

    it("describes each policy for a pack: unique names, descriptions, config schemas with defaults", () => {
        expect(new Set(policies.map((p) => p.name)).size).toBe(GUARDRAILS.length);
        expect(policies.map((p) => p.name)).not.toContain("all");
        for (const policy of policies) {
            expect(policy).toMatchObject({ enforcementLevel: "mandatory", description: expect.any(String) });
            expect(policy.configSchema?.properties).toMatchObject({
                scope: { type: "string", enum: ["production", "all"], default: "production" },
                productionStacks: { type: "array" },
            });
            expect(policy.configSchema?.properties).not.toHaveProperty("enforcementLevel");
        }
        expect(policyOf("azureml-production-instance-count").configSchema?.properties.minInstances).toEqual({
            type: "integer",
            minimum: 1,
            default: 3,
        });
    });

    it("checks a policy config and names each problem", () => {
        expect(
            readGuardrailsConfig({ all: "mandatory", "azureml-rollout-gates": { minGates: 2, scope: "all" } }),
        ).toEqual({
            ok: true,
            config: { all: "mandatory", "azureml-rollout-gates": { minGates: 2, scope: "all" } },
        });
        expect(
            readGuardrailsConfig({
                "azureml-app-insights": "strict",
                "azureml-rollout-gates": { minGates: 1.5, scope: "staging", productionStacks: "prod" },
                all: { minInstances: 3 },
            }),
        ).toEqual({
            ok: false,
            problems: [
                'azureml-app-insights.enforcementLevel: one of "advisory", "mandatory", "remediate", "disabled", got "strict"',
                "azureml-rollout-gates.minGates: a whole number of at least 0, got 1.5",
                'azureml-rollout-gates.scope: one of "production", "all", got "staging"',
                'azureml-rollout-gates.productionStacks: a list of stack name patterns (`*` matches any characters), got "prod"',
                "all.minInstances: not a setting of all (it takes enforcementLevel only)",
            ],
        });
    });
});
