import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Code, Environment, Model, OnlineDeployment, OnlineEndpoint } from "../../src/components";
import { SpecValidationError } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";

const engine = installMockEngine({ project: "online", stack: "test" });
const T = {
    endpoint: "azure-native:machinelearningservices:OnlineEndpoint",
    deployment: "azure-native:machinelearningservices:OnlineDeployment",
    traffic: "pulumi-nodejs:dynamic/azureml:EndpointTraffic",
    role: "azure-native:authorization:RoleAssignment",
    autoscale: "azure-native:monitor:AutoscaleSetting",
    diagnostics: "azure-native:monitor:DiagnosticSetting",
};
const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const workspace = {
    workspaceName: "ws",
    workspaceId: WS,
    resourceGroupName: "rg",
    containerRegistryId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr",
    storageAccountId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
    keyVaultId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
    logAnalyticsWorkspaceId:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",
    publicNetworkAccess: "Enabled" as const,
};
const uai = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/endpoint-id";

let credit: OnlineEndpoint;
let tokenEndpoint: OnlineEndpoint;

beforeAll(async () => {
    const where = { workspaceName: "ws", resourceGroupName: "rg" };
    const model = new Model("credit-model", { ...where, path: path.join(REPO_ROOT, "examples/assets/credit-model") });
    const code = new Code("credit-code", { ...where, path: path.join(REPO_ROOT, "examples/assets/credit-score") });
    const env = new Environment("credit-env", {
        ...where,
        image: "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest",
    });
    const common = { model, code, scoringScript: "score.py", environment: env, instanceType: "Standard_DS3_v2" };
    credit = new OnlineEndpoint("credit", {
        workspace,
        authMode: "key",
        description: "credit scoring",
        deployments: {
            blue: {
                ...common,
                instanceCount: 2,
                livenessProbe: { periodSeconds: 15 },
                requestSettings: { requestTimeoutMs: 3000 },
            },
            green: {
                ...common,
                model: "azureml:credit:7",
                autoscale: {
                    minInstances: 1,
                    maxInstances: 4,
                    rules: [
                        {
                            metric: "CpuUtilizationPercentage",
                            operator: "GreaterThan",
                            threshold: 70,
                            direction: "out",
                        },
                        { metric: "RequestsPerMinute", operator: "LessThan", threshold: 10, direction: "in" },
                    ],
                },
            },
        },
        traffic: { blue: 90, green: 10 },
    });
    tokenEndpoint = new OnlineEndpoint("private-api", {
        workspace,
        authMode: "aml_token",
        identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
        userAssignedIdentityPrincipalId: "55555555-5555-5555-5555-555555555555",
        keyVaultAccess: true,
        publicNetworkAccess: "Disabled",
    });
    new OnlineEndpoint("edge", {
        workspace,
        kind: "kubernetes",
        compute: "aks",
        deployments: {
            blue: {
                model: "azureml:credit:7",
                instanceType: "cpu-small",
                resources: { requests: { cpu: "500m", memory: "1Gi" } },
                scaleSettings: { type: "targetUtilization", maxInstances: 3 },
            },
        },
        traffic: { blue: 100 },
    });
    await settle();
});

const byName = (type: string, name: string) => engine.get(type, name);

describe("OnlineEndpoint graph", () => {
    it("creates endpoint → deployments → traffic in one graph", () => {
        const endpoint = byName(T.endpoint, "credit-endpoint");
        const blue = byName(T.deployment, "credit-blue-deployment");
        const green = byName(T.deployment, "credit-green-deployment");
        const traffic = byName(T.traffic, "credit-traffic");
        expect(engine.allDependencies(blue).has(endpoint.urn)).toBe(true);
        // One deployment after the other: Azure ML refuses concurrent changes to one endpoint.
        expect(engine.allDependencies(green).has(blue.urn)).toBe(true);
        const trafficDeps = engine.allDependencies(traffic);
        expect(trafficDeps.has(endpoint.urn)).toBe(true);
        expect(trafficDeps.has(blue.urn)).toBe(true);
        expect(trafficDeps.has(green.urn)).toBe(true);
        expect(traffic.inputs).toMatchObject({
            traffic: { blue: 90, green: 10 },
            description: "credit scoring",
            publicNetworkAccess: "Enabled",
        });
        // No mirror and the default retry time are the provider's defaults, left out of the inputs.
        expect(traffic.inputs).not.toHaveProperty("mirrorTraffic");
        expect(traffic.inputs).not.toHaveProperty("timeoutMinutes");
        expect(traffic.inputs.endpointId).toBe(
            `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/credit`,
        );
    });

    it("serializes a small traffic provider with no credential in it", () => {
        const provider: string = byName(T.traffic, "credit-traffic").inputs.__provider;
        expect(provider.length).toBeLessThan(16 * 1024);
        expect(provider).toContain('require("@azureml-pulumi/components/host-runtime")');
        expect(provider).not.toMatch(/DefaultAzureCredential|getToken|password|ARM_CLIENT/i);
    });

    it("never lets the endpoint resource write traffic or mutable settings after creation", () => {
        const endpoint = byName(T.endpoint, "credit-endpoint");
        expect(endpoint.inputs.properties.traffic).toBeUndefined();
        expect(endpoint.inputs.properties.mirrorTraffic).toBeUndefined();
        expect(endpoint.ignoreChanges).toEqual(
            expect.arrayContaining([
                "properties.traffic",
                "properties.mirrorTraffic",
                "properties.description",
                "properties.publicNetworkAccess",
                "tags",
            ]),
        );
        expect(endpoint.replaceOnChanges).toEqual(
            expect.arrayContaining(["properties.authMode", "properties.compute", "identity"]),
        );
        expect(endpoint.deleteBeforeReplace).toBe(true);
        expect(endpoint.inputs).toMatchObject({
            endpointName: "credit",
            properties: { authMode: "Key" },
            identity: { type: "SystemAssigned" },
        });
    });

    it("writes deployments in ARM shape with ISO-8601 durations and no traffic", () => {
        const blue = byName(T.deployment, "credit-blue-deployment").inputs;
        expect(blue).toMatchObject({
            endpointName: "credit",
            deploymentName: "blue",
            sku: { name: "Default", capacity: 2 },
        });
        expect(blue.properties).toMatchObject({
            endpointComputeType: "Managed",
            instanceType: "Standard_DS3_v2",
            requestSettings: { requestTimeout: "PT3S", maxConcurrentRequestsPerInstance: 1, maxQueueWait: "PT0.5S" },
            livenessProbe: {
                initialDelay: "PT10S",
                period: "PT15S",
                timeout: "PT2S",
                successThreshold: 1,
                failureThreshold: 30,
            },
            readinessProbe: { period: "PT10S" },
            codeConfiguration: { scoringScript: "score.py" },
            egressPublicNetworkAccess: "Enabled",
            scaleSettings: { scaleType: "Default" },
        });
        expect(blue.properties.model).toMatch(/\/models\/credit-model\/versions\/[0-9a-f]{16}$/);
        expect(blue.properties.codeConfiguration.codeId).toMatch(/\/codes\/credit-code\/versions\//);
        expect(blue.properties.environmentId).toMatch(/\/environments\/credit-env\/versions\//);
        expect(JSON.stringify(blue)).not.toContain("traffic");
        expect(byName(T.deployment, "credit-green-deployment").inputs.properties.model).toBe(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/credit/versions/7",
        );
    });

    it("gives deployments timeouts that fit 20-minute provisioning", () => {
        expect(byName(T.deployment, "credit-blue-deployment").customTimeouts).toEqual({
            create: "45m",
            update: "45m",
            delete: "30m",
        });
    });

    it("autoscales through Azure Monitor with endpoint metrics filtered to the deployment", () => {
        const autoscale = byName(T.autoscale, "credit-green-autoscale").inputs;
        expect(autoscale.targetResourceUri).toMatch(/onlineEndpoints\/credit\/deployments\/green$/);
        const [profile] = autoscale.profiles;
        expect(profile.capacity).toEqual({ minimum: "1", maximum: "4", default: "1" });
        expect(profile.rules[0]).toMatchObject({
            metricTrigger: {
                metricName: "CpuUtilizationPercentage",
                operator: "GreaterThan",
                threshold: 70,
                timeGrain: "PT1M",
                timeWindow: "PT5M",
                timeAggregation: "Average",
            },
            scaleAction: { direction: "Increase", type: "ChangeCount", value: "1", cooldown: "PT5M" },
        });
        expect(profile.rules[1].metricTrigger).toMatchObject({
            metricName: "RequestsPerMinute",
            dimensions: [{ dimensionName: "deployment", operator: "Equals", values: ["green"] }],
        });
        expect(profile.rules[1].metricTrigger.metricResourceUri).toMatch(/onlineEndpoints\/credit$/);
    });

    it("sends endpoint logs and metrics to Log Analytics", () => {
        const diagnostics = byName(T.diagnostics, "credit-diagnostics").inputs;
        expect(diagnostics.workspaceId).toBe(workspace.logAnalyticsWorkspaceId);
        expect(diagnostics.logs.map((l: { category: string }) => l.category)).toEqual([
            "AmlOnlineEndpointConsoleLog",
            "AmlOnlineEndpointTrafficLog",
            "AmlOnlineEndpointEventLog",
        ]);
        expect(diagnostics.metrics).toEqual([{ category: "AllMetrics", enabled: true }]);
    });
});

describe("keys and tokens", () => {
    const isSecret = (o: pulumi.Output<unknown> | undefined) =>
        (o as unknown as { isSecret: Promise<boolean> }).isSecret;
    const value = (o: pulumi.Output<string> | undefined) => new Promise<string>((resolve) => o!.apply(resolve));

    it("are secrets in every output", async () => {
        expect(await isSecret(credit.primaryKey)).toBe(true);
        expect(await isSecret(credit.secondaryKey)).toBe(true);
        expect(await isSecret(tokenEndpoint.accessToken)).toBe(true);
        expect(await value(credit.primaryKey)).toBe("fake-primary-key-credit");
        expect(await value(tokenEndpoint.accessToken)).toBe("fake-aml-token-private-api");
        expect(credit.accessToken).toBeUndefined();
        expect(tokenEndpoint.primaryKey).toBeUndefined();
    });

    it("are secrets in the component's registered outputs", () => {
        const SIG = "4dabf18193072939515e22adb298388d";
        const outputs = (name: string) =>
            engine.registeredOutputs.get(engine.get("azureml:endpoints:OnlineEndpoint", name).urn) as Record<
                string,
                any
            >;
        expect(outputs("credit").primaryKey[SIG]).toBe("1b47061264138c4ac30d75fd1eb44270");
        expect(outputs("credit").secondaryKey[SIG]).toBe("1b47061264138c4ac30d75fd1eb44270");
        expect(outputs("private-api").accessToken[SIG]).toBe("1b47061264138c4ac30d75fd1eb44270");
        expect(typeof outputs("credit").scoringUri).toBe("string");
    });

    it("never reach a resource's inputs in plain text", () => {
        const all = JSON.stringify(engine.resources.map((r) => r.inputs));
        expect(all).not.toContain("fake-primary-key");
        expect(all).not.toContain("fake-aml-token");
    });

    it("expose scoring and OpenAPI URIs", async () => {
        expect(await value(credit.scoringUri)).toBe("https://credit.westeurope.inference.ml.azure.com/score");
        expect(await new Promise((resolve) => credit.openApiUri.apply(resolve))).toBe(
            "https://credit.westeurope.inference.ml.azure.com/swagger.json",
        );
    });
});

describe("identity roles", () => {
    it("grants a user-assigned identity AcrPull, Storage Blob Data Reader and Key Vault Secrets User, before the endpoint", () => {
        const component = engine.get("azureml:endpoints:OnlineEndpoint", "private-api");
        const roles = engine.ofType(T.role).filter((r) => r.parent === component.urn);
        expect(roles.map((r) => r.name).sort()).toEqual([
            "private-api-acr-pull",
            "private-api-keyvault-secrets",
            "private-api-storage-reader",
        ]);
        const scopes = Object.fromEntries(roles.map((r) => [r.name, r.inputs.scope]));
        expect(scopes).toEqual({
            "private-api-acr-pull": workspace.containerRegistryId,
            "private-api-storage-reader": workspace.storageAccountId,
            "private-api-keyvault-secrets": workspace.keyVaultId,
        });
        expect(roles.map((r) => r.inputs.roleDefinitionId.split("/").pop()).sort()).toEqual(
            [
                "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
                "4633458b-17de-408a-b874-0445c86b69e6",
                "7f951dda-4ed3-4680-a7ca-43fe172d538d",
            ].sort(),
        );
        for (const role of roles) {
            expect(role.inputs.principalId).toBe("55555555-5555-5555-5555-555555555555");
            // Defined in the workspace's subscription (from its id), not the deployer's default one.
            expect(role.inputs.roleDefinitionId).toMatch(/^\/subscriptions\/s\/providers\/Microsoft.Authorization\//);
        }
        const endpoint = byName(T.endpoint, "private-api-endpoint");
        expect(endpoint.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [uai] });
        for (const role of roles) {
            expect(engine.allDependencies(endpoint).has(role.urn)).toBe(true);
        }
    });

    it("creates none for a system-assigned identity (Azure grants those)", () => {
        const component = engine.get("azureml:endpoints:OnlineEndpoint", "credit");
        expect(engine.ofType(T.role).filter((r) => r.parent === component.urn)).toEqual([]);
    });

    it("needs the principal of a user-assigned identity, before anything exists", () => {
        const before = engine.resources.length;
        expect(
            () =>
                new OnlineEndpoint("no-principal", {
                    workspace,
                    identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
                }),
        ).toThrow(SpecValidationError);
        expect(
            () =>
                new OnlineEndpoint("no-principal", {
                    workspace,
                    identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
                }),
        ).toThrow(/userAssignedIdentityPrincipalId: a user-assigned endpoint identity needs AcrPull/);
        expect(engine.resources.length).toBe(before);
    });
});

describe("Kubernetes endpoints", () => {
    it("run on the attached compute with container resources and in-cluster scaling", () => {
        const endpoint = byName(T.endpoint, "edge-endpoint").inputs;
        expect(endpoint.properties).toMatchObject({ authMode: "Key", compute: `${WS}/computes/aks` });
        const deployment = byName(T.deployment, "edge-blue-deployment").inputs.properties;
        expect(deployment).toMatchObject({
            endpointComputeType: "Kubernetes",
            instanceType: "cpu-small",
            containerResourceRequirements: { containerResourceRequests: { cpu: "500m", memory: "1Gi" } },
            scaleSettings: {
                scaleType: "TargetUtilization",
                minInstances: 1,
                maxInstances: 3,
                targetUtilizationPercentage: 70,
                pollingInterval: "PT1S",
            },
        });
        expect(deployment.egressPublicNetworkAccess).toBeUndefined();
        expect(engine.ofType(T.diagnostics).map((r) => r.name)).not.toContain("edge-diagnostics");
    });
});

describe("separate OnlineDeployment components", () => {
    it("join an endpoint with deferred traffic, which then depends on them", async () => {
        const endpoint = new OnlineEndpoint("split", { workspace, deferTraffic: true });
        const one = new OnlineDeployment("split-one", {
            endpoint: endpoint.ref,
            deploymentName: "one",
            model: "azureml:credit:1",
            instanceType: "Standard_DS3_v2",
        });
        const two = new OnlineDeployment(
            "split-two",
            {
                endpoint: endpoint.ref,
                deploymentName: "two",
                model: "azureml:credit:2",
                instanceType: "Standard_DS3_v2",
            },
            { dependsOn: [one] },
        );
        expect(() => endpoint.routeTraffic({ traffic: { one: 50, three: 50 } }, [one, two])).toThrow(
            /traffic.three: names no deployment of this endpoint \(declared: one, two\)/,
        );
        const owner = endpoint.routeTraffic({ traffic: { one: 50, two: 50 } }, [one, two]);
        await settle();
        const traffic = engine.get(T.traffic, "split-traffic");
        expect(await new Promise((resolve) => owner.urn.apply(resolve))).toBe(traffic.urn);
        expect(engine.allDependencies(traffic).has(engine.get(T.deployment, "split-one-deployment").urn)).toBe(true);
        expect(engine.allDependencies(traffic).has(engine.get(T.deployment, "split-two-deployment").urn)).toBe(true);
        expect(
            engine
                .allDependencies(engine.get(T.deployment, "split-two-deployment"))
                .has(engine.get(T.deployment, "split-one-deployment").urn),
        ).toBe(true);
        expect(() => endpoint.routeTraffic({ traffic: { one: 100 } }, [one])).toThrow("already has its traffic owner");
    });
});

describe("inline deployments validated with their endpoint", () => {
    const inline = {
        model: "azureml:credit:7",
        instanceType: "cpu-small",
        resources: { requests: { cpu: "500m", memory: "1Gi" } },
        livenessProbe: { periodSeconds: 15 },
        environmentVariables: { MODE: "strict" },
    };

    it.each(["managed", "kubernetes"] as const)(
        "hold the spec a %s deployment declared on its own would validate to",
        (kind) => {
            const settings =
                kind === "managed"
                    ? { model: inline.model, instanceType: "Standard_DS3_v2", livenessProbe: inline.livenessProbe }
                    : inline;
            const endpoint = new OnlineEndpoint(`same-${kind}`, {
                workspace,
                kind,
                ...(kind === "kubernetes" ? { compute: "aks", authMode: "key" as const } : {}),
                tags: { team: "risk" },
                deployments: { blue: { ...settings, tags: { tier: "gold" } } },
                traffic: { blue: 100 },
            });
            const alone = new OnlineDeployment(`alone-${kind}`, {
                ...settings,
                endpoint: endpoint.ref,
                deploymentName: "blue",
                tags: { team: "risk", tier: "gold" },
            });
            expect(endpoint.deployments.blue.spec).toEqual(alone.spec);
            expect(endpoint.deployments.blue.spec.tags).toEqual({ team: "risk", tier: "gold" });
        },
    );

    it("refuse tags Azure refuses, merged with the endpoint's, before anything is created", async () => {
        const create = (tags: Record<string, string>) =>
            new OnlineEndpoint("bad-tags", {
                workspace,
                tags: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`endpoint-${i}`, "x"])),
                deployments: { blue: { model: "azureml:credit:7", instanceType: "Standard_DS3_v2", tags } },
                traffic: { blue: 100 },
            });
        expect(() => create({ "a/b": "v" })).toThrow(
            /OnlineEndpoint "bad-tags"[\s\S]*deployments\.blue\.tags\["a\/b"\]: invalid name: tag keys cannot contain/,
        );
        // 30 of the endpoint's and 21 of its own: each set is valid alone, the merged one is not.
        expect(() =>
            create(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`deployment-${i}`, "y"]))),
        ).toThrow(/OnlineEndpoint "bad-tags"[\s\S]*deployments\.blue\.tags: a resource has at most 50 tags/);
        await settle();
        expect(engine.resources.filter((r) => r.name.startsWith("bad-tags"))).toEqual([]);
    });
});
