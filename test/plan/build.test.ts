import {
    PlanSourceResource,
    buildPlan,
    canonicalJson,
    propertyChanges,
    renderDiffMarkdown,
    diffPlans,
} from "../../src/plan";

const resource = (name: string, inputs: Record<string, unknown>, extra: Partial<PlanSourceResource> = {}) => ({
    urn: `urn:pulumi:prod::p::test:index:Thing::${name}`,
    type: "test:index:Thing",
    name,
    custom: true,
    inputs,
    secretInputs: [],
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    additionalSecretOutputs: [],
    deleteBeforeReplace: false,
    retainOnDelete: false,
    aliases: [],
    ...extra,
});

describe("buildPlan", () => {
    it("makes the project directory relative, wherever it appears, and nothing that merely starts the same", () => {
        const plan = buildPlan({
            project: "p",
            stack: "prod",
            projectDir: "/srv/ml/project",
            resources: [
                resource("a", {
                    source: "/srv/ml/project/models/credit",
                    command: "cd /srv/ml/project && run",
                    nested: { list: ["/srv/ml/project", "/srv/ml/project-old/x", "C:\\other"] },
                }),
            ],
            outputs: { dir: "/srv/ml/project/out" },
        });
        expect(plan.resources[0].inputs).toEqual({
            command: "cd . && run",
            nested: { list: [".", "/srv/ml/project-old/x", "C:\\other"] },
            source: "models/credit",
        });
        expect(plan.outputs).toEqual({ dir: "out" });
    });

    it("sorts resources and dependencies, keeps only options that differ from the defaults, digests provider text", () => {
        const plan = buildPlan({
            project: "p",
            stack: "dev",
            resources: [
                resource(
                    "b",
                    { __provider: "module.exports = {}", z: 1, a: 2 },
                    {
                        dependencies: ["urn:z", "urn:a"],
                        propertyDependencies: { a: ["urn:m", "urn:a"] },
                        retainOnDelete: true,
                        customTimeouts: { create: "30m" },
                    },
                ),
                resource("a", {}, { customTimeouts: {} }),
            ],
        });
        expect(plan.resources.map((r) => r.name)).toEqual(["a", "b"]);
        expect(plan.resources[0].options).toEqual({});
        expect(plan.resources[1]).toMatchObject({
            dependencies: ["urn:a", "urn:m", "urn:z"],
            options: { retainOnDelete: true, customTimeouts: { create: "30m" } },
            inputs: { __provider: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), a: 2, z: 1 },
        });
        expect(Object.keys(plan.resources[1].inputs)).toEqual(["__provider", "a", "z"]);
        expect(canonicalJson(plan)).toBe(canonicalJson(JSON.parse(canonicalJson(plan))));
    });
});

describe("property changes", () => {
    it("compares objects key by key and everything else whole, in Pulumi's path syntax", () => {
        expect(
            propertyChanges(
                { properties: { authMode: "AADToken" }, tags: { "cost-center": "a" }, steps: [10, 100] },
                { properties: { authMode: "Key" }, tags: { "cost-center": "b", owner: "ml" }, steps: [10, 50, 100] },
            ),
        ).toEqual([
            { path: "properties.authMode", before: "AADToken", after: "Key" },
            { path: "steps", before: [10, 100], after: [10, 50, 100] },
            { path: 'tags["cost-center"]', before: "a", after: "b" },
            { path: "tags.owner", after: "ml" },
        ]);
    });

    it("renders values holding backticks and pipes as inline code that survives them", () => {
        const base = buildPlan({ project: "p", stack: "dev", resources: [resource("a", { note: "x" })] });
        const head = buildPlan({ project: "p", stack: "dev", resources: [resource("a", { note: "a | b `c`" })] });
        const markdown = renderDiffMarkdown(diffPlans(base, head));
        expect(markdown).toContain('  - `note`: `"x"` → ``"a | b `c`"``');
    });
});
