/**
 * The reference stack of `npm run bench:stack` written by hand on raw azure-native submodules: the same Azure
 * resources with the same properties as the library's prod stack (see libraryStack.ts), physical names written out,
 * no components, no validation, no resource options beyond the dependencies Azure needs (deployments of one
 * endpoint one after another, endpoints after the image-build cluster). Traffic is set the way hand-written code
 * sets it: `traffic` in the endpoint's properties. Local asset content goes up as one storage Blob per file into the
 * workspace's default datastore container, and each asset is registered as container + version "1".
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { MockEngine, installMockEngine, settle } from "../src/local/mockEngine";
import { BENCH_PROJECT, BENCH_STACK, endpointName } from "./referenceStack";

const location = "westeurope";
const tags = {
    "cost-center": "ml-platform",
    environment: "prod",
    "managed-by": "pulumi",
    "pulumi-stack": "azureml-platform-prod",
};
const probe = { failureThreshold: 30, initialDelay: "PT10S", period: "PT10S", successThreshold: 1, timeout: "PT2S" };

/** The hand-written program: returns the same stack outputs as the library's root program. */
function rawPlatform(endpoints: number) {
    const group = new resources.ResourceGroup("azureml-platform-prod", {
        resourceGroupName: "azureml-platform-prod",
        location,
        tags,
    });
    const resourceGroupName = group.name;
    const client = authorization.getClientConfigOutput();

    const logs = new operationalinsights.Workspace("azureml-platform-prod-logs", {
        resourceGroupName,
        location,
        sku: { name: "PerGB2018" },
        retentionInDays: 90,
        tags,
    });
    const vault = new keyvault.Vault("azureml-platform-prod-keyvault", {
        vaultName: "azureml-plat-kv-2ca79b98",
        resourceGroupName,
        location,
        properties: {
            tenantId: client.tenantId,
            sku: { family: "A", name: "standard" },
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            softDeleteRetentionInDays: 90,
            enablePurgeProtection: true,
            enabledForDeployment: false,
            enabledForDiskEncryption: false,
            enabledForTemplateDeployment: false,
            publicNetworkAccess: "Disabled",
        },
        tags,
    });
    const registry = new containerregistry.Registry("azureml-platform-prod-registry", {
        registryName: "azuremlplatformprodcr2ca79b98",
        resourceGroupName,
        location,
        sku: { name: "Premium" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        networkRuleBypassOptions: "AzureServices",
        publicNetworkAccess: "Disabled",
        zoneRedundancy: "Disabled",
        tags,
    });
    const insights = new applicationinsights.Component("azureml-platform-prod-insights", {
        resourceGroupName,
        location,
        kind: "web",
        applicationType: "web",
        flowType: "Bluefield",
        ingestionMode: "LogAnalytics",
        requestSource: "rest",
        samplingPercentage: 100,
        publicNetworkAccessForIngestion: "Enabled",
        publicNetworkAccessForQuery: "Enabled",
        workspaceResourceId: logs.id,
        tags,
    });
    const account = new storage.StorageAccount("azureml-platform-prod-storage", {
        accountName: "azuremlplatformp2ca79b98",
        resourceGroupName,
        location,
        kind: "StorageV2",
        sku: { name: "Standard_ZRS" },
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        publicNetworkAccess: "Disabled",
        tags,
    });
    const workspace = new ml.Workspace("azureml-platform-prod-workspace", {
        workspaceName: "azureml-platform-prod",
        resourceGroupName,
        location,
        kind: "Default",
        sku: { name: "Basic", tier: "Basic" },
        identity: { type: "SystemAssigned" },
        friendlyName: "ML platform (prod)",
        hbiWorkspace: true,
        publicNetworkAccess: "Disabled",
        managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound", enableNetworkMonitor: false },
        provisionNetworkNow: true,
        imageBuildCompute: "cpu-cluster",
        systemDatastoresAuthMode: "identity",
        applicationInsights: insights.id,
        containerRegistry: registry.id,
        keyVault: vault.id,
        storageAccount: account.id,
        tags,
    });
    const workspaceName = workspace.name;

    const cluster = new ml.Compute("cpu-cluster-compute", {
        computeName: "cpu-cluster",
        workspaceName,
        resourceGroupName,
        location,
        identity: { type: "SystemAssigned" },
        properties: {
            computeType: "AmlCompute",
            disableLocalAuth: true,
            properties: {
                vmSize: "Standard_DS4_v2",
                vmPriority: "Dedicated",
                osType: "Linux",
                enableNodePublicIp: true,
                remoteLoginPortPublicAccess: "Disabled",
                scaleSettings: { minNodeCount: 1, maxNodeCount: 8, nodeIdleTimeBeforeScaleDown: "PT1800S" },
            },
        },
        tags,
    });

    // Local content: one blob per file into the default datastore's container, under LocalUpload/<folder>/.
    const datastore = ml.getDatastoreOutput({ name: "workspaceblobstore", workspaceName, resourceGroupName });
    const containerName = datastore.properties.apply((p) => (p as { containerName?: string }).containerName ?? "");
    const upload = (folder: string) =>
        fs
            .readdirSync(folder, { withFileTypes: true })
            .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
            .map(
                (entry) =>
                    new storage.Blob(`${path.basename(folder)}-${entry.name}`, {
                        accountName: account.name,
                        resourceGroupName,
                        containerName,
                        blobName: `LocalUpload/${path.basename(folder)}/${entry.name}`,
                        type: "Block",
                        source: new pulumi.asset.FileAsset(path.join(folder, entry.name)),
                    }),
            );

    const modelContainer = new ml.ModelContainer("credit-default-container", {
        name: "credit-default",
        workspaceName,
        resourceGroupName,
        properties: { description: "Credit-default probability (logistic regression)", isArchived: false },
    });
    const model = new ml.ModelVersion(
        "credit-default-version",
        {
            name: modelContainer.name,
            version: "1",
            workspaceName,
            resourceGroupName,
            properties: {
                description: "Credit-default probability (logistic regression)",
                modelType: "custom_model",
                modelUri: "azureml://datastores/workspaceblobstore/paths/LocalUpload/credit-model",
                isAnonymous: false,
                isArchived: false,
            },
        },
        { dependsOn: upload("examples/assets/credit-model") },
    );
    const codeContainer = new ml.CodeContainer("credit-score-container", {
        name: "credit-score",
        workspaceName,
        resourceGroupName,
        properties: { isArchived: false },
    });
    const code = new ml.CodeVersion(
        "credit-score-version",
        {
            name: codeContainer.name,
            version: "1",
            workspaceName,
            resourceGroupName,
            properties: {
                codeUri: "azureml://datastores/workspaceblobstore/paths/LocalUpload/credit-score",
                isAnonymous: false,
                isArchived: false,
            },
        },
        { dependsOn: upload("examples/assets/credit-score") },
    );
    const environmentContainer = new ml.EnvironmentContainer("credit-runtime-container", {
        name: "credit-runtime",
        workspaceName,
        resourceGroupName,
        properties: { isArchived: false },
    });
    const environment = new ml.EnvironmentVersion("credit-runtime-version", {
        name: environmentContainer.name,
        version: "1",
        workspaceName,
        resourceGroupName,
        properties: {
            image: "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest",
            osType: "Linux",
            autoRebuild: "Disabled",
            isAnonymous: false,
            isArchived: false,
        },
    });

    const onlineEndpoints: Record<string, { scoringUri: pulumi.Output<string> }> = {};
    for (let i = 0; i < endpoints; i++) {
        const name = endpointName(i);
        const endpoint = new ml.OnlineEndpoint(
            `${name}-endpoint`,
            {
                endpointName: name,
                workspaceName,
                resourceGroupName,
                location,
                identity: { type: "SystemAssigned" },
                properties: { authMode: "AADToken", publicNetworkAccess: "Disabled", traffic: { blue: 100 } },
                tags,
            },
            // A private workspace builds environment images on its image-build cluster.
            { dependsOn: [cluster] },
        );
        new monitor.DiagnosticSetting(`${name}-diagnostics`, {
            name: "azureml-pulumi",
            resourceUri: endpoint.id,
            workspaceId: logs.id,
            logs: ["AmlOnlineEndpointConsoleLog", "AmlOnlineEndpointTrafficLog", "AmlOnlineEndpointEventLog"].map(
                (category) => ({ category, enabled: true }),
            ),
            metrics: [{ category: "AllMetrics", enabled: true }],
        });
        let previous: ml.OnlineDeployment | undefined;
        for (const deploymentName of ["blue", "green"]) {
            previous = new ml.OnlineDeployment(
                `${name}-${deploymentName}-deployment`,
                {
                    deploymentName,
                    endpointName: endpoint.name,
                    workspaceName,
                    resourceGroupName,
                    location,
                    sku: { name: "Default", capacity: 3 },
                    properties: {
                        endpointComputeType: "Managed",
                        instanceType: "Standard_DS4_v2",
                        model: model.id,
                        codeConfiguration: { codeId: code.id, scoringScript: "score.py" },
                        environmentId: environment.id,
                        environmentVariables: {},
                        appInsightsEnabled: true,
                        egressPublicNetworkAccess: "Disabled",
                        livenessProbe: probe,
                        readinessProbe: probe,
                        requestSettings: {
                            maxConcurrentRequestsPerInstance: 1,
                            maxQueueWait: "PT0.5S",
                            requestTimeout: "PT5S",
                        },
                        scaleSettings: { scaleType: "Default" },
                    },
                    tags,
                },
                // Azure ML answers 409 while an endpoint is updating: one deployment at a time.
                { dependsOn: previous !== undefined ? [previous] : [] },
            );
        }
        onlineEndpoints[name] = { scoringUri: endpoint.properties.apply((p) => p.scoringUri ?? "") };
    }

    const reference = (resource: { name: pulumi.Output<string> }) => pulumi.interpolate`azureml:${resource.name}:1`;
    return {
        resourceGroupName,
        workspaceName,
        workspaceId: workspace.id,
        computes: { "cpu-cluster": cluster.name },
        assets: {
            models: { "credit-default": reference(modelContainer) },
            codes: { "credit-score": reference(codeContainer) },
            environments: { "credit-runtime": reference(environmentContainer) },
        },
        onlineEndpoints,
    };
}

/** Runs the raw program with E endpoints under the mock engine, until it has settled. */
export async function runRawStack(endpoints: number): Promise<MockEngine> {
    const engine = installMockEngine({ project: BENCH_PROJECT, stack: BENCH_STACK });
    await pulumi.runtime.runInPulumiStack(async () => rawPlatform(endpoints));
    await settle(600_000);
    return engine;
}
