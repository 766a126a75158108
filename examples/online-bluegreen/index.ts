import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { Code, Environment, Model, OnlineEndpoint, SpecValidationError, Workspace } from "@azureml-pulumi/components";
import { parseOrThrow } from "@azureml-pulumi/components/spec";
import { settingsSchema } from "./settings";

const project = pulumi.getProject();
let settings;
try {
    settings = parseOrThrow(
        settingsSchema,
        new pulumi.Config().requireObject("settings"),
        `stack "${pulumi.getStack()}"`,
        `${project}:settings`,
    );
} catch (error) {
    throw error instanceof SpecValidationError ? new pulumi.RunError(error.message) : error;
}

const group = new resources.ResourceGroup("bluegreen", { location: settings.location });
const workspace = new Workspace("bluegreen", {
    resourceGroupName: group.name,
    location: settings.location,
    publicNetworkAccess: settings.publicNetworkAccess,
    containerRegistry: { sku: settings.publicNetworkAccess === "Disabled" ? "Premium" : "Basic" },
});
const where = { workspaceName: workspace.workspaceName, resourceGroupName: group.name };
// Paths are relative to this project's directory, where `pulumi up` runs the program (and nothing machine-specific
// reaches the state).

// Two versions of one model: blue serves today's weights, green the retrained ones.
const blueModel = new Model("credit-v1", { ...where, name: "credit-default", path: "../assets/credit-model" });
// The second version shares the first one's container.
const greenModel = new Model(
    "credit-v2",
    { ...where, name: "credit-default", path: "model-v2", manageContainer: false },
    { dependsOn: [blueModel] },
);
const code = new Code("credit-score", { ...where, path: "../assets/credit-score" });
const environment = new Environment("credit-runtime", {
    ...where,
    image: "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest",
});

const deployment = (model: Model) => ({
    model,
    code,
    scoringScript: "score.py",
    environment,
    instanceType: settings.instanceType,
    instanceCount: settings.instanceCount,
    appInsightsEnabled: true,
    ...(settings.maxInstances !== undefined
        ? {
              autoscale: {
                  minInstances: settings.instanceCount,
                  maxInstances: settings.maxInstances,
                  rules: [
                      {
                          metric: "CpuUtilizationPercentage" as const,
                          operator: "GreaterThan" as const,
                          threshold: 70,
                          direction: "out" as const,
                      },
                      {
                          metric: "CpuUtilizationPercentage" as const,
                          operator: "LessThan" as const,
                          threshold: 25,
                          direction: "in" as const,
                      },
                  ],
              },
          }
        : {}),
});

const endpoint = new OnlineEndpoint("credit", {
    workspace,
    endpointName: `credit-${pulumi.getStack()}`.slice(0, 32),
    location: settings.location,
    authMode: settings.authMode,
    deployments: { blue: deployment(blueModel), green: deployment(greenModel) },
    traffic: settings.traffic,
    mirrorTraffic: settings.mirrorTraffic,
    rollout: settings.rollout,
});

export const scoringUri = endpoint.scoringUri;
export const openApiUri = endpoint.openApiUri;
export const primaryKey = endpoint.primaryKey;
export const modelVersions = { blue: blueModel.version, green: greenModel.version };
