import { renderTree } from "../../src/cli/resourceTree";

describe("renderTree", () => {
    it("nests children under parents with sorted siblings", () => {
        const lines = renderTree([
            { urn: "s", type: "pulumi:pulumi:Stack", name: "p-dev" },
            { urn: "w", type: "azureml:workspace:Workspace", name: "ws", parent: "s" },
            { urn: "b", type: "t:b", name: "ws-b", parent: "w" },
            { urn: "a", type: "t:a", name: "ws-a", parent: "w" },
            { urn: "r", type: "t:rg", name: "rg", parent: "s" },
        ]);
        expect(lines).toEqual([
            "pulumi:pulumi:Stack             p-dev",
            "├─ t:rg                         rg",
            "└─ azureml:workspace:Workspace  ws",
            "   ├─ t:a                       ws-a",
            "   └─ t:b                       ws-b",
        ]);
    });

    it("shows resources whose parent is unknown at the top", () => {
        expect(renderTree([{ urn: "x", type: "t:x", name: "x", parent: "gone" }])).toEqual(["t:x  x"]);
    });
});
