import * as pulumi from "@pulumi/pulumi";
import { deployPlatform } from "../../src/platform";
import { parseOrThrow, platformSpec, validate } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "azureml-platform", stack: "prod" });
const APP = "aaaaaaaa-1111-4222-8333-444444444444";
const config = {
    location: "westeurope",
    resourceGroup: { name: "ml-prod", existing: true },
    workspace: { publicNetworkAccess: "Enabled" },
    onlineEndpoints: {
        credit: {
            deployments: { blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" } },
            traffic: { blue: 100 },
            callers: [{ principalId: APP, principalType: "ServicePrincipal" }],
        },
    },
    batchEndpoints: {
        scoring: { callers: [{ principalId: APP, principalType: "ServicePrincipal" }] },
    },
    deployer: { github: [{ repository: "contoso/ml-platform", environments: ["prod"] }] },
};
let outputs: Record<string, any> = {};

beforeAll(async () => {
    const spec = parseOrThrow(platformSpec, config, "access stack");
    outputs = (await pulumi.runtime.runInPulumiStack(async () => deployPlatform(spec))) ?? {};
    await settle();
});

describe("identity and access from stack config", () => {
    it("defines the caller roles once and grants each endpoint's callers with them", () => {
        const definitions = engine.ofType("azure-native:authorization:RoleDefinition").map((r) => r.name);
        expect(definitions.sort()).toEqual([
            "deployer-role",
            "endpoint-callers-batchEndpoint",
            "endpoint-callers-batchWorkspace",
            "endpoint-callers-online",
        ]);
        const grants = engine
            .ofType("azure-native:authorization:RoleAssignment")
            .filter((r) => r.name.includes("-callers-"))
            .map((r) => r.name)
            .sort();
        expect(grants).toEqual([`credit-callers-${APP}`, `scoring-callers-${APP}`, `scoring-callers-${APP}-workspace`]);
    });

    it("lets the deployer assign the caller roles and blob data on the workspace's storage", () => {
        const admin = engine.get("azure-native:authorization:RoleAssignment", "deployer-role-assignments");
        const online = engine.get("azure-native:authorization:RoleDefinition", "endpoint-callers-online");
        expect(admin.inputs.condition).toContain(online.inputs.roleDefinitionId);
        const blob = engine.get("azure-native:authorization:RoleAssignment", "deployer-blob-data");
        expect(blob.inputs.scope).toMatch(/\/providers\/Microsoft\.Storage\/storageAccounts\//);
        expect(Object.keys(outputs.deployer)).toEqual(["clientId", "principalId"]);
    });

    it("refuses callers on a key-auth endpoint with the config key path", () => {
        const result = validate(
            platformSpec,
            { ...config, onlineEndpoints: { credit: { ...config.onlineEndpoints.credit, authMode: "key" } } },
            "azureml-platform:",
        );
        expect(result.ok).toBe(false);
        expect(!result.ok && result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
            `azureml-platform:onlineEndpoints.credit.callers: the endpoint uses key auth: a key lets whoever holds it score, and Azure RBAC is not checked, so a grant would control nothing; set authMode 'aad_token' or 'aml_token', or remove callers, got ["${APP}"]`,
        ]);
    });
});
