import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "azureml-workspace-compute", stack: "dev" });

describe("examples/workspace-compute", () => {
    it("builds the workspace and the cluster as a real program would", async () => {
        let exported: Record<string, unknown> = {};
        jest.isolateModules(() => {
            exported = require("../../examples/workspace-compute/index");
        });
        await settle();
        expect(Object.keys(exported).sort()).toEqual(["computeName", "workspaceName"]);
        const compute = engine.get("azure-native:machinelearningservices:Compute", "cpu-compute");
        expect(compute.inputs.properties.properties.vmPriority).toBe("LowPriority");
        expect(
            engine.get("azure-native:machinelearningservices:Workspace", "ml-workspace").inputs.publicNetworkAccess,
        ).toBe("Enabled");
    });
});
