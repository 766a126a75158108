import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { installMockEngine, settle } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";

const dir = path.join(REPO_ROOT, "examples", "bootstrap");
const config = Object.fromEntries(
    Object.entries(parse(fs.readFileSync(path.join(dir, "Pulumi.example.yaml"), "utf8")).config).map(([k, v]) => [
        k,
        typeof v === "string" ? v : JSON.stringify(v),
    ]),
);
const engine = installMockEngine({ project: "azureml-bootstrap", stack: "admin", config });

let exported: Record<string, any> = {};

beforeAll(async () => {
    jest.isolateModules(() => {
        exported = require("../../examples/bootstrap/index");
    });
    await settle();
});

/** The `<name>` placeholders of the README's line that starts with `command`. */
function placeholders(command: string): string[] {
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const line = readme.split("\n").find((l) => l.startsWith(command));
    if (line === undefined) {
        throw new Error(`README has no line starting with ${command}`);
    }
    return [...line.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1]);
}

describe("examples/bootstrap", () => {
    it("keeps state on Entra-only, versioned, soft-deleted, private storage", () => {
        const account = engine.get("azure-native:storage:StorageAccount", "state");
        expect(account.inputs).toMatchObject({
            allowSharedKeyAccess: false,
            allowBlobPublicAccess: false,
            minimumTlsVersion: "TLS1_2",
            enableHttpsTrafficOnly: true,
        });
        const blob = engine.get("azure-native:storage:BlobServiceProperties", "state");
        expect(blob.inputs).toMatchObject({
            isVersioningEnabled: true,
            deleteRetentionPolicy: { enabled: true, days: 30 },
            containerDeleteRetentionPolicy: { enabled: true, days: 30 },
        });
        expect(engine.get("azure-native:storage:BlobContainer", "state").inputs.publicAccess).toBe("None");
    });

    it("keeps the secrets key in an RBAC vault with purge protection", () => {
        const vault = engine.get("azure-native:keyvault:Vault", "secrets");
        expect(vault.inputs.properties).toMatchObject({ enableRbacAuthorization: true, enablePurgeProtection: true });
        expect(engine.get("azure-native:keyvault:Key", "pulumi-secrets").inputs.properties.kty).toBe("RSA");
    });

    it("creates the deployer with the configured federated subjects, scoped to the platform group", () => {
        const subjects = engine
            .ofType("azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential")
            .map((c) => [c.inputs.issuer, c.inputs.subject]);
        expect(subjects).toEqual([
            ["https://token.actions.githubusercontent.com", "repo:contoso/ml-platform:environment:prod"],
            ["https://vstoken.dev.azure.com/6f0e7c55-9a3a-4a4b-8a0f-1c2d3e4f5a6b", "sc://contoso/ml/azure-ml-prod"],
        ]);
        const role = engine.get("azure-native:authorization:RoleDefinition", "deployer-role");
        expect(role.inputs.scope).toMatch(/\/resourceGroups\/ml-prod$/);
    });

    it("never grants Owner, User Access Administrator or Contributor on the subscription", () => {
        const forbidden = ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "18d7d88d-d35e-4fb5-a5c3-7773c4a72b9d"];
        const assignments = engine.ofType("azure-native:authorization:RoleAssignment");
        expect(assignments.length).toBeGreaterThanOrEqual(5);
        for (const a of assignments) {
            const guid = String(a.inputs.roleDefinitionId).split("/").pop();
            expect(forbidden).not.toContain(guid);
            expect(
                guid === "b24988ac-6180-42a0-ab88-20f7382dd24c" && /^\/subscriptions\/[^/]+$/.test(a.inputs.scope),
            ).toBe(false);
        }
    });

    it("exports every name the README's pulumi login and stack init lines need", () => {
        const login = placeholders('pulumi login "azblob://');
        const init = placeholders("pulumi stack init prod --secrets-provider");
        expect(login).toEqual(["stateContainerName", "stateStorageAccountName"]);
        expect(init).toEqual(["keyVaultName", "secretsKeyName"]);
        for (const name of [...login, ...init]) {
            expect(Object.keys(exported)).toContain(name);
        }
    });

    it("puts the exported names into working backend and secrets-provider URLs", async () => {
        const value = (name: string) =>
            new Promise<string>((resolve) =>
                (exported[name] as { apply(f: (v: string) => void): void }).apply(resolve),
            );
        const [container, account, vault, key] = await Promise.all(
            ["stateContainerName", "stateStorageAccountName", "keyVaultName", "secretsKeyName"].map(value),
        );
        expect(`azblob://${container}?storage_account=${account}`).toBe("azblob://pulumi-state?storage_account=state");
        expect(`azurekeyvault://${vault}.vault.azure.net/keys/${key}`).toBe(
            "azurekeyvault://secrets.vault.azure.net/keys/pulumi-secrets",
        );
    });
});
