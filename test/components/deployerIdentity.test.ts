import {
    BUILT_IN_ROLES,
    DEPLOYER_ACTIONS,
    DeployerIdentity,
    RBAC_ADMINISTRATOR_ROLE,
    rolesInCondition,
} from "../../src/components";
import { SpecValidationError } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "access", stack: "test" });
const T = {
    app: "azuread:index/application:Application",
    sp: "azuread:index/servicePrincipal:ServicePrincipal",
    fic: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    roleDefinition: "azure-native:authorization:RoleDefinition",
    assignment: "azure-native:authorization:RoleAssignment",
};
const RG = "/subscriptions/sub-1/resourceGroups/ml-prod";
const STORAGE = `${RG}/providers/Microsoft.Storage/storageAccounts/mlprodstorage`;
const ORG_ID = "6f0e7c55-9a3a-4a4b-8a0f-1c2d3e4f5a6b";
const CALLER_ROLE = "0b9c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
/** Role definitions that must never be granted: Owner, User Access Administrator. */
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c4a72b9d";

let deployer: DeployerIdentity;

beforeAll(async () => {
    deployer = new DeployerIdentity("ci", {
        resourceGroupId: RG,
        blobDataScope: STORAGE,
        assignableRoles: [CALLER_ROLE],
        github: [
            {
                repository: "contoso/ml-platform",
                environments: ["prod"],
                branches: ["main"],
                tags: ["v1.0.0"],
                pullRequests: true,
            },
        ],
        azureDevOps: [
            { organization: "contoso", organizationId: ORG_ID, project: "ml", serviceConnections: ["azure-prod"] },
        ],
    });
    await settle();
});

describe("DeployerIdentity federated credentials", () => {
    const credentials = () => Object.fromEntries(engine.ofType(T.fic).map((r) => [r.inputs.subject, r.inputs]));

    it("trusts each GitHub Actions subject with GitHub's issuer and Entra's token exchange audience", () => {
        const byKind = credentials();
        for (const subject of [
            "repo:contoso/ml-platform:environment:prod",
            "repo:contoso/ml-platform:ref:refs/heads/main",
            "repo:contoso/ml-platform:ref:refs/tags/v1.0.0",
            "repo:contoso/ml-platform:pull_request",
        ]) {
            expect(byKind[subject]).toMatchObject({
                issuer: "https://token.actions.githubusercontent.com",
                audiences: ["api://AzureADTokenExchange"],
            });
        }
    });

    it("trusts an Azure DevOps service connection with its organization's issuer", () => {
        expect(credentials()["sc://contoso/ml/azure-prod"]).toMatchObject({
            issuer: `https://vstoken.dev.azure.com/${ORG_ID}`,
            audiences: ["api://AzureADTokenExchange"],
        });
    });

    it("adds every credential to the application it creates, by the provider's application id", () => {
        const app = engine.get(T.app, "ci-app");
        const sp = engine.get(T.sp, "ci-sp");
        expect(engine.allDependencies(sp).has(app.urn)).toBe(true);
        const fics = engine.ofType(T.fic);
        expect(fics).toHaveLength(5);
        for (const fic of fics) {
            expect(fic.inputs.applicationId).toMatch(/^\/applications\/[0-9a-f-]{36}$/);
            expect(engine.allDependencies(fic).has(app.urn)).toBe(true);
        }
        expect(new Set(fics.map((f) => f.inputs.displayName)).size).toBe(5);
        expect(deployer.federatedCredentials.map((c) => c.subject)).toEqual(fics.map((f) => f.inputs.subject));
    });
});

describe("DeployerIdentity roles", () => {
    const assignments = () => engine.ofType(T.assignment);
    const guidOf = (id: string) => id.split("/").pop()!;

    it("defines a custom role with explicit actions only, each documented, on the resource group", () => {
        const role = engine.get(T.roleDefinition, "ci-role");
        expect(role.inputs.scope).toBe(RG);
        expect(role.inputs.assignableScopes).toEqual([RG]);
        const actions: string[] = role.inputs.permissions[0].actions;
        expect(actions.filter((a) => a.includes("*"))).toEqual([]);
        expect(new Set(actions)).toEqual(new Set(DEPLOYER_ACTIONS.map((a) => a.action)));
        expect(DEPLOYER_ACTIONS.every((a) => a.why.length > 0)).toBe(true);
        // No right to change roles through the custom role: role assignments go through the constrained grant.
        expect(actions.filter((a) => /^Microsoft\.Authorization\/.*\/(write|delete)$/.test(a))).toEqual([]);
        expect(actions).toContain("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write");
        expect(actions).toContain("Microsoft.MachineLearningServices/workspaces/batchEndpoints/jobs/write");
    });

    it("grants Storage Blob Data Contributor on the workspace's storage account for uploads", () => {
        const blob = assignments().find((a) => a.name === "ci-blob-data")!;
        expect(blob.inputs.scope).toBe(STORAGE);
        expect(guidOf(blob.inputs.roleDefinitionId)).toBe(BUILT_IN_ROLES.storageBlobDataContributor);
    });

    it("grants role assignment rights only through RBAC Administrator constrained to the library's roles", () => {
        const admin = assignments().find((a) => a.name === "ci-role-assignments")!;
        expect(guidOf(admin.inputs.roleDefinitionId)).toBe(RBAC_ADMINISTRATOR_ROLE);
        expect(admin.inputs.scope).toBe(RG);
        expect(admin.inputs.conditionVersion).toBe("2.0");
        const condition: string = admin.inputs.condition;
        expect(condition).toContain("!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})");
        expect(condition).toContain("!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})");
        expect(condition).toContain(
            "@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {",
        );
        expect(new Set(rolesInCondition(condition))).toEqual(new Set([...Object.values(BUILT_IN_ROLES), CALLER_ROLE]));
        // It may not hand out the role that lets it hand out roles, nor Owner or User Access Administrator.
        expect(rolesInCondition(condition)).not.toContain(RBAC_ADMINISTRATOR_ROLE);
        expect(rolesInCondition(condition)).not.toContain(OWNER);
        expect(rolesInCondition(condition)).not.toContain(USER_ACCESS_ADMINISTRATOR);
    });

    it("assigns no Owner, no User Access Administrator and no Contributor on a subscription anywhere", () => {
        expect(assignments()).toHaveLength(3);
        for (const a of assignments()) {
            const role = guidOf(a.inputs.roleDefinitionId);
            expect([OWNER, USER_ACCESS_ADMINISTRATOR]).not.toContain(role);
            if (role === BUILT_IN_ROLES.contributor) {
                expect(a.inputs.scope).not.toMatch(/^\/subscriptions\/[^/]+\/?$/);
            }
            expect(a.inputs.principalType).toBe("ServicePrincipal");
        }
    });
});

describe("DeployerIdentity input checks", () => {
    it("refuses federated credentials on an existing principal without its application, before any resource", () => {
        const before = engine.resources.length;
        let error: unknown;
        try {
            new DeployerIdentity("existing", {
                resourceGroupId: RG,
                existing: { principalId: "11111111-2222-4333-8444-555555555555" },
                github: [{ repository: "contoso/ml-platform", environments: ["prod"] }],
            });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(SpecValidationError);
        expect((error as Error).message).toContain(
            "existing.applicationObjectId: federated credentials belong to an application registration",
        );
        expect(engine.resources.length).toBe(before);
    });

    it("names the path and value of a malformed repository and an empty GitHub entry", () => {
        expect(
            () =>
                new DeployerIdentity("bad", {
                    resourceGroupId: RG,
                    github: [{ repository: "contoso", branches: ["main"] }, { repository: "contoso/x" }],
                }),
        ).toThrow(
            /github\[0\]\.repository: a repository reads <owner>\/<repository>.*got "contoso"[\s\S]*github\[1\]: names no workflow/,
        );
    });

    it("refuses more than Microsoft Entra ID's 20 credentials per application", () => {
        expect(
            () =>
                new DeployerIdentity("many", {
                    resourceGroupId: RG,
                    github: [{ repository: "contoso/x", branches: Array.from({ length: 21 }, (_, i) => `b${i}`) }],
                }),
        ).toThrow(/at most 20 federated credentials per application; this names 21/);
    });
});
