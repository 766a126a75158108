import { installMockEngine } from "../../src/testing";
import { findingLines, importFixtures, previewImported } from "./importFixtures";

const engine = installMockEngine({ project: "azureml-platform", stack: "import-online" });
const DEPLOYMENT = "azure-native:machinelearningservices:OnlineDeployment";
const result = importFixtures(["managed-online", "kubernetes-online"]);
let tree: string[] = [];

beforeAll(async () => {
    tree = await previewImported(engine, result.config);
});

const row = (type: string, name: string) => expect.stringMatching(new RegExp(`${type}\\s+${name}$`));

describe("imported online endpoints, previewed under the mock engine", () => {
    it("imports and validates the managed and Kubernetes fixtures", () => {
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(result.valid).toBe(true);
    });

    it("prints the endpoints with their deployments, traffic owners, assets and the attached cluster", () => {
        for (const [type, name] of [
            ["azureml:endpoints:OnlineEndpoint", "fraud-online"],
            ["azure-native:machinelearningservices:OnlineEndpoint", "fraud-online-endpoint"],
            [DEPLOYMENT, "fraud-online-blue-deployment"],
            [DEPLOYMENT, "fraud-online-green-deployment"],
            ["pulumi-nodejs:dynamic/azureml:EndpointTraffic", "fraud-online-traffic"],
            ["azure-native:authorization:RoleAssignment", "fraud-online-keyvault-secrets"],
            ["azureml:assets:Model", "fraud-online-blue-model"],
            ["azureml:assets:Code", "fraud-online-blue-code"],
            ["azureml:assets:Environment", "fraud-online-blue-environment"],
            ["azureml:endpoints:OnlineEndpoint", "vision-k8s"],
            [DEPLOYMENT, "vision-k8s-blue-deployment"],
            [DEPLOYMENT, "vision-k8s-green-deployment"],
            ["azureml:assets:Model", "densenet-onnx"],
            ["azureml:assets:Environment", "torchserve-cpu"],
            ["azure-native:machinelearningservices:Compute", "k8s-compute-compute"],
        ]) {
            expect(tree).toContainEqual(row(type, name));
        }
    });

    it("sends the imported settings to Azure ML in its units", () => {
        const blue = engine.get(DEPLOYMENT, "fraud-online-blue-deployment").inputs;
        expect(blue.sku.capacity).toBe(2);
        expect(blue.properties).toMatchObject({
            instanceType: "Standard_DS3_v2",
            appInsightsEnabled: true,
            requestSettings: { requestTimeout: "PT3S", maxConcurrentRequestsPerInstance: 2 },
            livenessProbe: { initialDelay: "PT30S", period: "PT10S", timeout: "PT2S", failureThreshold: 30 },
            dataCollector: { collections: { model_inputs: { dataCollectionMode: "Enabled", samplingRate: 0.5 } } },
        });
        const kubernetes = engine.get(DEPLOYMENT, "vision-k8s-blue-deployment").inputs.properties;
        expect(kubernetes).toMatchObject({
            endpointComputeType: "Kubernetes",
            instanceType: "defaultinstancetype",
            requestSettings: { requestTimeout: "PT240S" },
            scaleSettings: {
                scaleType: "TargetUtilization",
                minInstances: 1,
                maxInstances: 3,
                pollingInterval: "PT10S",
            },
            containerResourceRequirements: { containerResourceLimits: { cpu: "2", memory: "4Gi", gpu: "1" } },
        });
        expect(engine.get(DEPLOYMENT, "fraud-online-green-deployment").inputs.properties.model).toMatch(
            /\/models\/fraud-model\/versions\/2$/,
        );
    });
});
