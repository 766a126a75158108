import fc from "fast-check";
import {
    containerRegistryName,
    keyVaultName,
    storageAccountName,
    uniqueSuffix,
    workspaceResourceName,
} from "../../src/components";
import { workspaceName, workspaceSpec } from "../../src/model";
import { parsed } from "../support/problems";

const anyName = fc.string({ minLength: 1, maxLength: 80 });

describe("derived physical names", () => {
    it("are always valid for Azure, whatever the component name", () => {
        fc.assert(
            fc.property(anyName, fc.string(), fc.string(), (name, project, stack) => {
                const suffix = uniqueSuffix(project, stack, name);
                const spec = parsed(workspaceSpec, {
                    publicNetworkAccess: "Enabled",
                    storageAccount: { name: storageAccountName(name, suffix) },
                    keyVault: { name: keyVaultName(name, suffix) },
                    containerRegistry: { name: containerRegistryName(name, suffix) },
                });
                expect(spec).toBeDefined();
            }),
        );
    });

    it("keep workspace names within Azure's rule", () => {
        fc.assert(
            fc.property(
                anyName.filter((n) => /[a-zA-Z0-9]/.test(n)),
                (name) => {
                    expect(workspaceName.safeParse(workspaceResourceName(name)).success).toBe(true);
                },
            ),
        );
    });

    it("differ between stacks and are stable within one", () => {
        expect(uniqueSuffix("p", "dev", "ml")).toBe(uniqueSuffix("p", "dev", "ml"));
        expect(uniqueSuffix("p", "dev", "ml")).not.toBe(uniqueSuffix("p", "prod", "ml"));
        expect(uniqueSuffix("p", "dev", "ml")).toMatch(/^[0-9a-f]{8}$/);
    });
});
