import * as pulumi from "@pulumi/pulumi";
import { planFromEngine } from "../../src/cli/planEngine";
import { installMockEngine, settle } from "../../src/local/mockEngine";
import { canonicalJson } from "../../src/plan";

const engine = installMockEngine({ project: "secrets", stack: "prod" });

class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super("test:index:Thing", name, props, opts);
    }
}

class Group extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Group", name);
    }
}

describe("a plan's secrets", () => {
    it("are shown as [secret], with the paths of the inputs that hold them", async () => {
        // The runtime hands the engine a whole input as secret when any value inside it is one: the plan masks the
        // whole input, and names the paths the program marked.
        const parent = new Group("group");
        new Thing(
            "thing",
            {
                password: pulumi.secret("hunter2"),
                settings: { apiKey: pulumi.secret("k-123"), region: "westeurope" },
                list: [pulumi.secret("in-a-list")],
            },
            { parent },
        );
        await settle();
        const plan = planFromEngine(engine, { project: "secrets", stack: "prod" });
        const thing = plan.resources.find((r) => r.name === "thing")!;
        expect(thing.inputs).toEqual({ list: "[secret]", password: "[secret]", settings: "[secret]" });
        expect(thing.secretInputs).toEqual(["list.0", "password", "settings.apiKey"]);
        expect(thing.parent).toBe("urn:pulumi:prod::secrets::test:index:Group::group");
        const text = canonicalJson(plan);
        for (const secret of ["hunter2", "k-123", "in-a-list"]) {
            expect(text).not.toContain(secret);
        }
    });
});
