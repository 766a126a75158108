import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { ComputeCluster, Workspace } from "@azureml-pulumi/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

const group = new resources.ResourceGroup("ml", { location });

const workspace = new Workspace("ml", {
    resourceGroupName: group.name,
    location,
    // Public access is always an explicit choice.
    publicNetworkAccess: "Enabled",
    keyVault: { softDeleteRetentionDays: 7 },
});

const cluster = new ComputeCluster("cpu", {
    type: "amlCompute",
    workspaceName: workspace.workspaceName,
    resourceGroupName: group.name,
    location,
    vmSize: "Standard_DS3_v2",
    tier: "lowPriority",
    maxNodes: 2,
});

export const workspaceName = workspace.workspaceName;
export const computeName = cluster.computeName;
