import { parse } from "yaml";
import { stackConfigYaml } from "../../src/import";
import { shippedConfig } from "../support/stackFiles";
import { findingLines, importFixtures } from "./importFixtures";

/**
 * test/fixtures/azml/dev-stack describes the shipped dev stack's online endpoint as az ml files: the endpoint
 * (credit-dev, key auth, all traffic on blue), its blue deployment naming registered assets, and the model, code
 * and environment files those assets are registered from. Importing them gives back Pulumi.dev.yaml's config.
 */
describe("round trip: the dev stack's endpoint as az ml YAML", () => {
    const dev = shippedConfig("dev");
    const result = importFixtures(["dev-stack"]);

    it("imports without a problem or a field left out", () => {
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(findingLines(result, "leftOut")).toEqual([]);
        expect(result.valid).toBe(true);
    });

    it("gives the same onlineEndpoints config as Pulumi.dev.yaml", () => {
        expect(result.config.onlineEndpoints).toEqual(dev["azureml-platform:onlineEndpoints"]);
    });

    it("gives the same model, code and environment entries, with paths relative to the project", () => {
        expect(result.config.models).toEqual(dev["azureml-platform:models"]);
        expect(result.config.codes).toEqual(dev["azureml-platform:codes"]);
        expect(result.config.environments).toEqual(dev["azureml-platform:environments"]);
    });

    it("says which registered references became keys of the imported assets, and that traffic needs a policy", () => {
        const notes = findingLines(result, "note");
        expect(notes).toContainEqual(
            expect.stringMatching(
                /dev-stack\/blue-deployment\.yml:4: model: azureml:credit-default:1 now names the imported model 'credit-default'/,
            ),
        );
        expect(notes).toContainEqual(
            expect.stringMatching(
                /dev-stack\/endpoint\.yml:4: traffic: lands on onlineEndpoints\.credit-dev\.traffic.*rollout/,
            ),
        );
    });

    it("writes keys that parse back to the same objects, under the project's namespace", () => {
        const written = parse(stackConfigYaml(result.config as Record<string, unknown>, "azureml-platform"));
        expect(Object.keys(written.config)).toEqual([
            "azureml-platform:models",
            "azureml-platform:codes",
            "azureml-platform:environments",
            "azureml-platform:onlineEndpoints",
        ]);
        expect(written.config["azureml-platform:onlineEndpoints"]).toEqual(dev["azureml-platform:onlineEndpoints"]);
    });

    it("validates to the same spec as the dev stack's endpoint", () => {
        expect(result.specs?.onlineEndpoints?.["credit-dev"]).toMatchObject({
            kind: "managed",
            authMode: "key",
            traffic: { blue: 100 },
            deployments: { blue: { model: "credit-default", instanceType: "Standard_DS3_v2", instanceCount: 1 } },
        });
    });
});
