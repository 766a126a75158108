// The helpers OnlineEndpoint is built from, on plain data: no mock engine, no resources.
import * as pulumi from "@pulumi/pulumi";
import { createInSequence } from "../../src/components/deploymentChain";
import { endpointRoleGrants, identityScopeIssues } from "../../src/components/endpointIdentity";
import { validateOnlineEndpointArgs } from "../../src/components/onlineEndpointArgs";
import {
    ONLINE_ENDPOINT_LOG_CATEGORIES,
    REPLACE_ON_CHANGE_PROPERTIES,
    TRAFFIC_OWNED_PROPERTIES,
    endpointDiagnosticsArgs,
    endpointResourceOptions,
    onlineEndpointArmArgs,
} from "../../src/components/onlineEndpointResource";
import { checkTraffic, trafficOwnerArgs } from "../../src/components/trafficOwner";
import { SpecValidationError, onlineEndpointSpec } from "../../src/model";
import { parsed } from "../support/problems";

const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const scopes = { containerRegistryId: "acr", storageAccountId: "st", keyVaultId: "kv" };
const workspace = { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg", ...scopes };
const uai = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id";
const settings = (identity: "SystemAssigned" | "UserAssigned", more: object = {}) => ({
    identity: { type: identity },
    grantIdentityRoles: true,
    keyVaultAccess: false,
    ...more,
});
const handle = {
    assetName: "m",
    version: pulumi.output("1"),
    id: pulumi.output("model-id"),
    reference: pulumi.output("azureml:m:1"),
};
const resolved = <T>(value: pulumi.Input<T> | undefined) =>
    new Promise<T | undefined>((resolve) => pulumi.output(value).apply((v) => resolve(v as T | undefined)));

describe("endpointRoleGrants", () => {
    it("grants a system-assigned identity nothing Azure grants it itself, only key vault access when asked", () => {
        expect(endpointRoleGrants(settings("SystemAssigned"), scopes)).toEqual([]);
        expect(endpointRoleGrants(settings("SystemAssigned", { keyVaultAccess: true }), scopes)).toEqual([
            { key: "keyvault-secrets", role: "keyVaultSecretsUser", scope: "kv" },
        ]);
    });

    it("grants a user-assigned identity pull and read, and key vault access when asked, in a stable order", () => {
        expect(endpointRoleGrants(settings("UserAssigned", { keyVaultAccess: true }), scopes)).toEqual([
            { key: "acr-pull", role: "acrPull", scope: "acr" },
            { key: "storage-reader", role: "storageBlobDataReader", scope: "st" },
            { key: "keyvault-secrets", role: "keyVaultSecretsUser", scope: "kv" },
        ]);
    });

    it("grants nothing when the roles are granted elsewhere, or key vault access without a vault", () => {
        expect(endpointRoleGrants(settings("UserAssigned", { grantIdentityRoles: false }), scopes)).toEqual([]);
        const noVault = { containerRegistryId: "acr", storageAccountId: "st" };
        expect(
            endpointRoleGrants(settings("SystemAssigned", { keyVaultAccess: true }), noVault).map((g) => g.key),
        ).toEqual([]);
        expect(
            endpointRoleGrants(settings("UserAssigned", { keyVaultAccess: true }), noVault).map((g) => g.key),
        ).toEqual(["acr-pull", "storage-reader"]);
    });

    it("needs registry and storage scopes for a user-assigned identity, and says so before anything exists", () => {
        expect(identityScopeIssues(settings("UserAssigned"), { storageAccountId: "st" })).toEqual([
            { path: "workspace", message: expect.stringContaining("containerRegistryId and storageAccountId") },
        ]);
        expect(identityScopeIssues(settings("UserAssigned", { grantIdentityRoles: false }), {})).toEqual([]);
        expect(identityScopeIssues(settings("SystemAssigned"), {})).toEqual([]);
        expect(() => endpointRoleGrants(settings("UserAssigned"), {})).toThrow(/containerRegistryId/);
    });
});

describe("createInSequence", () => {
    it("makes each item wait for the one before, the first for what it is given", () => {
        const waits: Record<string, string[]> = {};
        const created = createInSequence({ a: 1, b: 2, c: 3 }, ["endpoint", "role"], (key, item, dependsOn) => {
            waits[key] = dependsOn;
            return `${key}${item}`;
        });
        expect(created).toEqual({ a: "a1", b: "b2", c: "c3" });
        expect(waits).toEqual({ a: ["endpoint", "role"], b: ["a1"], c: ["b2"] });
    });

    it("creates nothing for no items", () => {
        expect(createInSequence({}, ["endpoint"], () => "never")).toEqual({});
    });
});

describe("validateOnlineEndpointArgs", () => {
    it("names the endpoint after the component unless told otherwise, and applies the spec's defaults", () => {
        const { spec, endpointName } = validateOnlineEndpointArgs("credit", { workspace });
        expect(endpointName).toBe("credit");
        expect(spec).toMatchObject({ kind: "managed", authMode: "aad_token", identity: { type: "SystemAssigned" } });
        expect(validateOnlineEndpointArgs("credit", { workspace, endpointName: "credit-prod" }).endpointName).toBe(
            "credit-prod",
        );
    });

    it("validates assets given as components and a principal given as an Output as placeholders", () => {
        const { spec } = validateOnlineEndpointArgs("api", {
            workspace,
            identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
            userAssignedIdentityPrincipalId: pulumi.output("55555555-5555-5555-5555-555555555555"),
            deployments: { blue: { model: handle, instanceType: "Standard_DS3_v2" } },
            traffic: { blue: 100 },
        });
        expect(spec.deployments.blue?.model).toBe("azureml:asset:1");
        expect(spec.userAssignedIdentityPrincipalId).toBe("00000000-0000-0000-0000-000000000000");
    });

    it("refuses a user-assigned identity without scopes for its roles", () => {
        expect(() =>
            validateOnlineEndpointArgs("api", {
                workspace: { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" },
                identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
                userAssignedIdentityPrincipalId: "55555555-5555-5555-5555-555555555555",
            }),
        ).toThrow(/OnlineEndpoint "api"[\s\S]*workspace: a user-assigned identity gets AcrPull/);
    });
});

describe("the endpoint resource's arguments and options", () => {
    const target = { endpointName: "credit", workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" };

    it("carry no traffic, and the settings the spec gives", () => {
        const spec = parsed(onlineEndpointSpec, { authMode: "key", description: "d", tags: { team: "risk" } });
        const args = onlineEndpointArmArgs(spec, { ...target, publicNetworkAccess: "Disabled" });
        expect(args).toMatchObject({
            endpointName: "credit",
            workspaceName: "ws",
            resourceGroupName: "rg",
            identity: { type: "SystemAssigned" },
            properties: { authMode: "Key", description: "d", publicNetworkAccess: "Disabled", compute: undefined },
            tags: { team: "risk" },
        });
        expect(JSON.stringify(args)).not.toContain("traffic");
    });

    it("point a Kubernetes endpoint at its attached compute", async () => {
        const spec = parsed(onlineEndpointSpec, { kind: "kubernetes", compute: "aks" });
        const args = onlineEndpointArmArgs(spec, target);
        const properties = await resolved(args.properties);
        expect(properties).toMatchObject({ authMode: "Key" });
        expect(await resolved((properties as { compute?: pulumi.Input<string> }).compute)).toBe(`${WS}/computes/aks`);
    });

    it("leave traffic and mutable settings to the traffic owner and replace what cannot change in place", () => {
        const parent = {} as pulumi.Resource;
        const options = endpointResourceOptions(parent, []);
        expect(options).toEqual({
            parent,
            dependsOn: [],
            ignoreChanges: [...TRAFFIC_OWNED_PROPERTIES],
            replaceOnChanges: [...REPLACE_ON_CHANGE_PROPERTIES],
            deleteBeforeReplace: true,
            customTimeouts: { create: "30m", update: "30m", delete: "30m" },
        });
        expect(TRAFFIC_OWNED_PROPERTIES).toEqual(
            expect.arrayContaining(["properties.traffic", "properties.mirrorTraffic", "tags"]),
        );
    });

    it("send logs and all metrics to Log Analytics", () => {
        expect(endpointDiagnosticsArgs("endpoint-id", "logs-id", ONLINE_ENDPOINT_LOG_CATEGORIES)).toEqual({
            name: "azureml-pulumi",
            resourceUri: "endpoint-id",
            workspaceId: "logs-id",
            logs: ONLINE_ENDPOINT_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
            metrics: [{ category: "AllMetrics", enabled: true }],
        });
    });
});

describe("the traffic owner's arguments", () => {
    it("carry the full maps and the settings the endpoint resource ignores", () => {
        expect(
            trafficOwnerArgs("endpoint-id", { traffic: { blue: 100 } }, { description: "d", tags: { a: "b" } }),
        ).toEqual({
            endpointId: "endpoint-id",
            traffic: { blue: 100 },
            description: "d",
            tags: { a: "b" },
        });
        expect(trafficOwnerArgs("endpoint-id", { traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }, {})).toEqual({
            endpointId: "endpoint-id",
            traffic: { blue: 100 },
            mirrorTraffic: { green: 10 },
        });
    });

    it("refuse traffic to a deployment the endpoint does not have, with the endpoint's subject", () => {
        expect(() => checkTraffic("E", ["blue"], { traffic: { blue: 50, green: 50 } })).toThrow(SpecValidationError);
        expect(() => checkTraffic("E", ["blue"], { traffic: { blue: 50, green: 50 } })).toThrow(
            /E[\s\S]*traffic.green: names no deployment of this endpoint \(declared: blue\)/,
        );
        expect(() =>
            checkTraffic("E", ["blue", "green"], { traffic: { blue: 100 }, mirrorTraffic: { green: 10 } }),
        ).not.toThrow();
    });
});
