import * as pulumi from "@pulumi/pulumi";
import {
    BATCH_CALLER_ENDPOINT_ACTIONS,
    BATCH_CALLER_WORKSPACE_ACTIONS,
    BatchEndpoint,
    EndpointCallerRoles,
    EndpointCallers,
    ONLINE_CALLER_ACTIONS,
    OnlineEndpoint,
} from "../../src/components";
import { SpecValidationError } from "../../src/model";
import { FAKE_SUBSCRIPTION_ID, installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "callers", stack: "test" });
const T = {
    roleDefinition: "azure-native:authorization:RoleDefinition",
    assignment: "azure-native:authorization:RoleAssignment",
    online: "azure-native:machinelearningservices:OnlineEndpoint",
    batch: "azure-native:machinelearningservices:BatchEndpoint",
};
const RG = "/subscriptions/s/resourceGroups/rg";
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws`;
const workspace = { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" };
const APP = "aaaaaaaa-1111-4222-8333-444444444444";
const GROUP = "bbbbbbbb-1111-4222-8333-444444444444";
const guidOf = (id: string) => id.split("/").pop()!;
/** Where the mock engine puts the endpoints it creates (its own subscription, the workspace's group and name). */
const CREATED = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;

let roles: EndpointCallerRoles;

beforeAll(async () => {
    roles = new EndpointCallerRoles("callers", { scope: RG });
    new OnlineEndpoint("credit", {
        workspace,
        authMode: "aad_token",
        callerRoles: roles.roleIds,
        callers: [
            { principalId: APP, principalType: "ServicePrincipal" },
            { principalId: pulumi.output(GROUP), principalType: "Group" },
        ],
    });
    new BatchEndpoint("scoring", {
        workspace,
        callerRoles: roles.roleIds,
        callers: [{ principalId: APP, principalType: "ServicePrincipal" }],
    });
    await settle();
});

describe("endpoint caller roles", () => {
    const actions = (name: string): string[] => engine.get(T.roleDefinition, name).inputs.permissions[0].actions;

    it("online callers may score and get a token, nothing else", () => {
        expect(actions("callers-online")).toEqual([
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action",
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/token/action",
        ]);
        expect(actions("callers-online")).not.toContain(
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action",
        );
    });

    it("batch callers get Microsoft's invoke list, split between the endpoint and the workspace, without wildcards", () => {
        const endpoint = actions("callers-batchEndpoint");
        const workspaceActions = actions("callers-batchWorkspace");
        expect(endpoint).toEqual(BATCH_CALLER_ENDPOINT_ACTIONS.map((a) => a.action));
        expect(workspaceActions).toEqual(BATCH_CALLER_WORKSPACE_ACTIONS.map((a) => a.action));
        expect(
            endpoint.every((a) => a.startsWith("Microsoft.MachineLearningServices/workspaces/batchEndpoints/")),
        ).toBe(true);
        expect(endpoint).toContain("Microsoft.MachineLearningServices/workspaces/batchEndpoints/jobs/write");
        expect(workspaceActions).toContain(
            "Microsoft.MachineLearningServices/workspaces/datastores/listsecrets/action",
        );
        expect(
            [...endpoint, ...workspaceActions, ...ONLINE_CALLER_ACTIONS.map((a) => a.action)].filter((a) =>
                a.includes("*"),
            ),
        ).toEqual([]);
    });

    it("gives each role a stable GUID and a tenant-unique name, assignable only in the resource group", () => {
        const online = engine.get(T.roleDefinition, "callers-online");
        expect(online.inputs.roleDefinitionId).toBe(roles.roleIds.online);
        expect(online.inputs.roleName).toBe("AzureML online endpoint caller (callers-test-callers)");
        expect(online.inputs.assignableScopes).toEqual([RG]);
        expect(new Set(Object.values(roles.roleIds)).size).toBe(3);
    });
});

describe("granting callers on endpoints", () => {
    const assignmentsUnder = (component: string) => {
        const parent = engine.get(`azureml:access:EndpointCallers`, component);
        return engine.childrenOf(parent).filter((r) => r.type === T.assignment);
    };

    it("grants an aad_token online endpoint's callers the online role at the endpoint's scope", () => {
        const endpoint = engine.get(T.online, "credit-endpoint");
        const grants = assignmentsUnder("credit-callers");
        expect(grants.map((g) => g.name)).toEqual([`credit-callers-${APP}`, "credit-callers-1"]);
        for (const grant of grants) {
            expect(grant.inputs.scope).toBe(`${CREATED}/onlineEndpoints/credit`);
            expect(engine.allDependencies(grant).has(endpoint.urn)).toBe(true);
            expect(guidOf(grant.inputs.roleDefinitionId)).toBe(roles.roleIds.online);
            expect(grant.inputs.roleDefinitionId).toBe(
                `/subscriptions/${FAKE_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${roles.roleIds.online}`,
            );
        }
        expect(grants.map((g) => [g.inputs.principalId, g.inputs.principalType])).toEqual([
            [APP, "ServicePrincipal"],
            [GROUP, "Group"],
        ]);
    });

    it("grants a batch endpoint's callers the endpoint part on the endpoint and the workspace part on the workspace", () => {
        const grants = assignmentsUnder("scoring-callers").sort((a, b) => a.name.localeCompare(b.name));
        expect(grants.map((g) => [g.name, g.inputs.scope, guidOf(g.inputs.roleDefinitionId)])).toEqual([
            [`scoring-callers-${APP}`, `${CREATED}/batchEndpoints/scoring`, roles.roleIds.batchEndpoint],
            [`scoring-callers-${APP}-workspace`, WS, roles.roleIds.batchWorkspace],
        ]);
    });

    it("refuses callers on a key-auth endpoint, saying why, before any resource exists", () => {
        const before = engine.resources.length;
        let error: unknown;
        try {
            new OnlineEndpoint("keyed", {
                workspace,
                authMode: "key",
                callers: [{ principalId: APP, principalType: "ServicePrincipal" }],
            });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(SpecValidationError);
        expect((error as Error).message).toMatch(
            /OnlineEndpoint "keyed" is invalid:\n {2}callers: the endpoint uses key auth: a key lets whoever holds it score, and Azure RBAC is not checked, so a grant would control nothing; set authMode 'aad_token' or 'aml_token', or remove callers, got \["aaaaaaaa/,
        );
        expect(engine.resources.length).toBe(before);
    });

    it("refuses the same on EndpointCallers used on its own", () => {
        expect(
            () =>
                new EndpointCallers("direct", {
                    endpoint: { kind: "online", endpointId: `${WS}/onlineEndpoints/keyed`, authMode: "key" },
                    callers: [{ principalId: APP, principalType: "User" }],
                }),
        ).toThrow(/callers: the endpoint uses key auth: a key lets whoever holds it score/);
    });

    it("names a caller listed twice and a wrong principal type with its path", () => {
        const callers = (second: { principalId: string; principalType: string }) => () =>
            new OnlineEndpoint("twice", {
                workspace,
                callers: [
                    { principalId: APP, principalType: "ServicePrincipal" },
                    second as { principalId: string; principalType: "User" },
                ],
            });
        expect(callers({ principalId: APP.toUpperCase(), principalType: "User" })).toThrow(
            /callers\[1\]\.principalId: this principal is already a caller of the endpoint; list each principal once/,
        );
        expect(callers({ principalId: GROUP, principalType: "ManagedIdentity" })).toThrow(
            /callers\[1\]\.principalType: principalType is 'User', 'Group' or 'ServicePrincipal' \(managed identities are 'ServicePrincipal'\), got "ManagedIdentity"/,
        );
    });
});
