import { installMockEngine } from "../../src/testing";
import { findingLines, importFixtures, previewImported } from "./importFixtures";

const engine = installMockEngine({ project: "azureml-platform", stack: "import-assets" });
const result = importFixtures(["assets"]);
let tree: string[] = [];

beforeAll(async () => {
    tree = await previewImported(engine, result.config);
});

const row = (type: string, name: string) => expect.stringMatching(new RegExp(`${type}\\s+${name}$`));

describe("imported models, environments and code, previewed under the mock engine", () => {
    it("imports and validates the asset fixtures", () => {
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(result.valid).toBe(true);
    });

    it("prints a component with its versions for each, uploading local content only", () => {
        for (const name of [
            "local-file-example",
            "local-mlflow-example",
            "densenet-triton",
            "lightgbm-iris-datastore",
        ]) {
            expect(tree).toContainEqual(row("azureml:assets:Model", name));
        }
        for (const name of [
            "docker-image-example",
            "docker-image-plus-conda-example",
            "docker-context-example",
            "tfserving-half-plus-two",
        ]) {
            expect(tree).toContainEqual(row("azureml:assets:Environment", name));
        }
        expect(tree).toContainEqual(row("azureml:assets:Code", "iris-scoring-code"));
        expect(tree).toContainEqual(row("pulumi-nodejs:dynamic/azureml:AssetUpload", "docker-context-example-upload"));
        expect(tree).not.toContainEqual(
            row("pulumi-nodejs:dynamic/azureml:AssetUpload", "lightgbm-iris-datastore-upload"),
        );
    });

    it("registers the versions and model types the files give", () => {
        const triton = engine.get(
            "azure-native:machinelearningservices:ModelVersion",
            "densenet-triton-version",
        ).inputs;
        expect(triton.version).toBe("2");
        expect(triton.properties).toMatchObject({ modelType: "triton_model" });
        const mlflow = engine.get(
            "azure-native:machinelearningservices:ModelVersion",
            "local-mlflow-example-version",
        ).inputs;
        expect(mlflow.properties).toMatchObject({
            modelType: "mlflow_model",
            tags: { framework: "sklearn" },
            properties: { "training-run": "lively_shoe_1234" },
        });
    });
});
