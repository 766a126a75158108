import { installMockEngine } from "../../src/testing";
import { findingLines, importFixtures, previewImported } from "./importFixtures";

const engine = installMockEngine({ project: "azureml-platform", stack: "import-batch" });
const DEPLOYMENT = "azure-native:machinelearningservices:BatchDeployment";
const result = importFixtures(["batch", "batch-pipeline"]);
let tree: string[] = [];

beforeAll(async () => {
    tree = await previewImported(engine, result.config);
});

const row = (type: string, name: string) => expect.stringMatching(new RegExp(`${type}\\s+${name}$`));

describe("imported batch endpoints, previewed under the mock engine", () => {
    it("imports and validates the model and pipeline component fixtures", () => {
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(result.valid).toBe(true);
    });

    it("prints the clusters, endpoints, deployments and their defaults owners", () => {
        for (const [type, name] of [
            ["azure-native:machinelearningservices:Compute", "batch-cluster-compute"],
            ["azure-native:machinelearningservices:Compute", "pipeline-cluster-compute"],
            ["azureml:endpoints:BatchEndpoint", "mnist-batch"],
            [DEPLOYMENT, "mnist-batch-mnist-torch-dpl-deployment"],
            ["pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults", "mnist-batch-defaults"],
            ["azureml:endpoints:BatchEndpoint", "heart-classifier-batch"],
            [DEPLOYMENT, "heart-classifier-batch-classifier-xgboost-mlflow-deployment"],
            ["azureml:assets:Model", "heart-classifier-mlflow"],
            ["azureml:endpoints:BatchEndpoint", "hello-pipeline-batch"],
            [DEPLOYMENT, "hello-pipeline-batch-hello-batch-dpl-deployment"],
        ]) {
            expect(tree).toContainEqual(row(type, name));
        }
    });

    it("sends the imported settings to Azure ML", () => {
        expect(
            engine.get("azure-native:machinelearningservices:Compute", "batch-cluster-compute").inputs.properties,
        ).toMatchObject({
            properties: {
                vmSize: "Standard_DS3_v2",
                vmPriority: "LowPriority",
                scaleSettings: { minNodeCount: 0, maxNodeCount: 5, nodeIdleTimeBeforeScaleDown: "PT180S" },
            },
        });
        expect(engine.get(DEPLOYMENT, "mnist-batch-mnist-torch-dpl-deployment").inputs.properties).toMatchObject({
            codeConfiguration: { scoringScript: "batch_driver.py" },
            maxConcurrencyPerInstance: 2,
            miniBatchSize: 10,
            retrySettings: { maxRetries: 3, timeout: "PT30S" },
        });
        expect(
            engine.get(DEPLOYMENT, "hello-pipeline-batch-hello-batch-dpl-deployment").inputs.properties
                .deploymentConfiguration,
        ).toMatchObject({
            deploymentConfigurationType: "PipelineComponent",
            settings: { continue_on_step_failure: "false", default_compute: "pipeline-cluster" },
        });
    });
});
