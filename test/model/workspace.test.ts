import { workspaceSpec } from "../../src/model";
import { parsed, problemLines } from "../support/problems";

const uai = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml";

describe("workspace spec", () => {
    it("applies secure defaults around the one explicit choice", () => {
        const ws = parsed(workspaceSpec, { publicNetworkAccess: "Enabled" });
        expect(ws.identity.type).toBe("SystemAssigned");
        expect(ws.systemDatastoresAuthMode).toBe("identity");
        expect(ws.purgeOnDestroy).toBe(false);
        expect(ws.keyVault).toEqual({ sku: "standard", softDeleteRetentionDays: 90, purgeProtection: false });
        expect(ws.containerRegistry).toEqual({ sku: "Basic" });
    });

    it("requires public network access to be chosen", () => {
        expect(problemLines(workspaceSpec, {}, "ws")).toEqual([
            "ws.publicNetworkAccess: is required (public network access is either 'Enabled' or 'Disabled')",
        ]);
    });

    it("needs a Premium registry when public access is off", () => {
        expect(problemLines(workspaceSpec, { publicNetworkAccess: "Disabled" }, "ws")).toEqual([
            "ws.containerRegistry.sku: a workspace without public network access needs a Premium container registry (private endpoints); set sku to 'Premium', got \"Basic\"",
        ]);
        expect(
            problemLines(workspaceSpec, { publicNetworkAccess: "Disabled", containerRegistry: { sku: "Premium" } }),
        ).toEqual([]);
        expect(
            problemLines(workspaceSpec, {
                publicNetworkAccess: "Disabled",
                containerRegistry: {
                    existingId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r",
                },
            }),
        ).toEqual([]);
    });

    it("asks for the principal of a user-assigned identity, unless roles are granted elsewhere", () => {
        const base = {
            publicNetworkAccess: "Enabled",
            identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
        };
        expect(problemLines(workspaceSpec, base, "ws")[0]).toMatch(
            /^ws\.userAssignedIdentityPrincipalId: a user-assigned workspace identity needs roles/,
        );
        expect(problemLines(workspaceSpec, { ...base, grantIdentityRoles: false })).toEqual([]);
        expect(problemLines(workspaceSpec, { ...base, userAssignedIdentityPrincipalId: "not-a-guid" })[0]).toContain(
            "principal ids are GUIDs",
        );
    });

    it("checks the primary identity is one of the user-assigned ones", () => {
        const lines = problemLines(
            workspaceSpec,
            {
                publicNetworkAccess: "Enabled",
                identity: { type: "UserAssigned", userAssignedIdentityIds: [uai] },
                grantIdentityRoles: false,
                primaryUserAssignedIdentityId: `${uai}-other`,
            },
            "ws",
        );
        expect(lines).toEqual([
            `ws.primaryUserAssignedIdentityId: must be one of identity.userAssignedIdentityIds; add it there or pick one of them, got "${uai}-other"`,
        ]);
    });

    it("refuses a workspace without identity", () => {
        expect(
            problemLines(workspaceSpec, { publicNetworkAccess: "Enabled", identity: { type: "None" } }, "ws")[0],
        ).toContain("ws.identity.type: a workspace needs a managed identity");
    });

    it.each([
        [{ name: "ab" }, "ws.name", "3 to 33 characters"],
        [{ storageAccount: { name: "Has-Caps" } }, "ws.storageAccount.name", "3 to 24 lower-case letters and digits"],
        [{ keyVault: { softDeleteRetentionDays: 5 } }, "ws.keyVault.softDeleteRetentionDays", "at least 7"],
        [{ keyVault: { name: "kv--double" } }, "ws.keyVault.name", "single hyphens"],
        [{ logAnalytics: { retentionDays: 1000 } }, "ws.logAnalytics.retentionDays", "at most 730"],
        [
            { applicationInsights: { samplingPercentage: 0 } },
            "ws.applicationInsights.samplingPercentage",
            "more than 0",
        ],
        [{ managedNetwork: "Open" }, "ws.managedNetwork", "Invalid option"],
    ])("rejects %j at its path", (extra, path, message) => {
        const lines = problemLines(workspaceSpec, { publicNetworkAccess: "Enabled", ...extra }, "ws");
        expect(lines).toHaveLength(1);
        expect(lines[0].startsWith(`${path}: `)).toBe(true);
        expect(lines[0]).toContain(message);
    });
});
