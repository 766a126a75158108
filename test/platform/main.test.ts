import * as pulumi from "@pulumi/pulumi";
import { MockEngine, installMockEngine } from "../../src/testing";

/** Runs the root program's entry point for a stack config and returns what it threw (and the engine). */
function runMain(stack: string, config: Record<string, string>): { error: unknown; engine: MockEngine } {
    const engine = installMockEngine({ project: "azureml-platform", stack, config });
    let error: unknown;
    jest.isolateModules(() => {
        try {
            require("../../src/platform/main");
        } catch (e) {
            error = e;
        }
    });
    return { error, engine };
}

describe("the root program entry point", () => {
    it("turns invalid stack config into a RunError (no stack trace) before creating anything", () => {
        const { error, engine } = runMain("broken", {
            "azureml-platform:location": "westeurope",
            "azureml-platform:workspace": JSON.stringify({ publicNetworkAccess: "Sometimes" }),
            "azureml-platform:computes": JSON.stringify({
                cpu: { type: "amlCompute", vmSize: "Standard_DS3_v2", minNodes: 3, maxNodes: 1 },
            }),
        });
        expect(error).toBeInstanceOf(Error);
        expect(pulumi.RunError.isInstance(error)).toBe(true);
        const message = (error as Error).message;
        expect(message).toContain('stack "broken" configuration is invalid:');
        expect(message).toContain(
            "azureml-platform:workspace.publicNetworkAccess: public network access is either 'Enabled' or 'Disabled', got \"Sometimes\"",
        );
        expect(message).toContain("azureml-platform:computes.cpu.minNodes: must not exceed maxNodes (1)");
        expect(engine.resources).toEqual([]);
    });
});

describe("local asset paths", () => {
    it("are checked before any resource is declared", () => {
        const { error, engine } = runMain("missing", {
            "azureml-platform:location": "westeurope",
            "azureml-platform:workspace": JSON.stringify({ publicNetworkAccess: "Enabled" }),
            "azureml-platform:models": JSON.stringify({ gone: { path: "examples/assets/vanished" } }),
        });
        expect(pulumi.RunError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain(
            'azureml-platform:models.gone.path: no such file or directory (paths are relative to the project directory), got "examples/assets/vanished"',
        );
        expect(engine.resources).toEqual([]);
    });
});
