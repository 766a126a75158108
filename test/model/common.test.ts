import { z } from "zod";
import { assetName, computeName, endpointName, identity, registeredReference, tags } from "../../src/model";
import { describeValue, editDistance, formatPath, suggestKey } from "../../src/model/problems";
import { parsed, problemLines } from "../support/problems";

describe("endpoint names", () => {
    it.each(["abc", "my-endpoint-1", "A".repeat(32), "credit-dev"])("accepts %s", (name) => {
        expect(problemLines(endpointName, name)).toEqual([]);
    });

    it.each([
        ["ab", "endpoint names have 3 to 32 characters"],
        ["a".repeat(33), "endpoint names have 3 to 32 characters"],
        ["1abc", "starts with a letter"],
        ["abc-", "does not end with a hyphen"],
        ["ab_c", "holds only letters, digits and hyphens"],
    ])("rejects %s", (name, message) => {
        const lines = problemLines(endpointName, name, "e");
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.join("\n")).toContain(message);
        expect(lines[0]).toContain(`got ${JSON.stringify(name)}`);
    });
});

describe("compute, asset names and references", () => {
    it("accepts a 16-character compute name and rejects 17 or a trailing hyphen", () => {
        expect(problemLines(computeName, "a".repeat(16))).toEqual([]);
        expect(problemLines(computeName, "a".repeat(17))[0]).toContain("2 to 16 characters");
        expect(problemLines(computeName, "cpu-")[0]).toContain("do not end with a hyphen");
    });

    it("accepts asset names with dots and underscores, not a leading dot", () => {
        expect(problemLines(assetName, "credit_model.v2")).toEqual([]);
        expect(problemLines(assetName, ".hidden")[0]).toContain("asset names start with a letter or digit");
    });

    it("reads registered references as azureml:<name>:<version>", () => {
        expect(problemLines(registeredReference, "azureml:credit:3")).toEqual([]);
        expect(problemLines(registeredReference, "azureml:credit")[0]).toContain("azureml:<name>:<version>");
    });
});

describe("tags", () => {
    it("caps a resource at 50 tags", () => {
        const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
        expect(problemLines(tags, many)[0]).toContain("at most 50 tags");
    });

    it("rejects characters Azure refuses in tag keys and over-long values", () => {
        expect(problemLines(tags, { "a/b": "v" }).join()).toContain("tag keys cannot contain");
        expect(problemLines(tags, { a: "v".repeat(257) }).join()).toContain("at most 256 characters");
    });
});

describe("identity", () => {
    it("defaults to SystemAssigned", () => {
        expect(parsed(identity, {})).toEqual({ type: "SystemAssigned", userAssignedIdentityIds: [] });
    });

    it("needs ids for UserAssigned and refuses them for SystemAssigned", () => {
        expect(problemLines(identity, { type: "UserAssigned" }, "id")).toEqual([
            "id.userAssignedIdentityIds: identity type 'UserAssigned' needs at least one user-assigned identity id; add its resource id or use type 'SystemAssigned', got []",
        ]);
        const id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u";
        expect(problemLines(identity, { type: "SystemAssigned", userAssignedIdentityIds: [id] })[0]).toContain(
            "takes no user-assigned identity ids",
        );
    });

    it("rejects malformed resource ids", () => {
        expect(problemLines(identity, { type: "UserAssigned", userAssignedIdentityIds: ["not-an-id"] })[0]).toContain(
            "expected a full resource id",
        );
    });
});

describe("problem formatting", () => {
    it("renders paths the way pulumi config set --path reads them", () => {
        expect(formatPath(["workspace", "keyVault", "sku"], "azureml-platform:")).toBe(
            "azureml-platform:workspace.keyVault.sku",
        );
        expect(formatPath(["steps", 2], "p:")).toBe("p:steps[2]");
        expect(formatPath(["env", "my key"], "")).toBe('env["my key"]');
        expect(formatPath([], "")).toBe("(root)");
    });

    it("shortens long values and names missing ones", () => {
        expect(describeValue("x".repeat(300))).toHaveLength(200);
        expect(describeValue(undefined)).toBe("nothing");
    });

    it("suggests a close key and nothing for a distant one", () => {
        expect(editDistance("workspce", "workspace")).toBe(1);
        expect(suggestKey("workspce", ["workspace", "computes"])).toBe("workspace");
        expect(suggestKey("zzzzzz", ["workspace", "computes"])).toBeUndefined();
    });

    it("reports a missing required key as required, with what is expected", () => {
        const lines = problemLines(z.strictObject({ vmSize: z.string() }), {}, "c:");
        expect(lines).toEqual(["c:vmSize: is required (expected string)"]);
    });

    it("reports an unknown key with a did-you-mean hint", () => {
        const lines = problemLines(z.strictObject({ maxNodes: z.number().optional() }), { maxNode: 3 }, "c:");
        expect(lines).toEqual(["c:maxNode: unknown key; did you mean 'maxNodes'?"]);
    });
});
