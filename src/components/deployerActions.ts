import { BATCH_CALLER_ENDPOINT_ACTIONS, BATCH_CALLER_WORKSPACE_ACTIONS, GrantedAction } from "./callerActions";

/**
 * The control-plane actions of the deployer's custom role, at the resource group's scope: what this library's `up`,
 * `preview`, `refresh` and `destroy` do, resource type by resource type, with no wildcards. Read, write and delete of
 * each type the components create (docs/architecture.md lists them), the few actions the dynamic providers call,
 * and what running batch jobs needs (Microsoft's batch invoke list). Role assignments are not here: they go through
 * Role Based Access Control Administrator with an ABAC condition (see DeployerIdentity).
 */
const crud = (type: string, what: string): GrantedAction[] =>
    (["read", "write", "delete"] as const).map((verb) => ({ action: `${type}/${verb}`, why: what }));

const ML = "Microsoft.MachineLearningServices/workspaces";

export const DEPLOYER_ACTIONS: readonly GrantedAction[] = [
    {
        action: "Microsoft.Resources/subscriptions/resourceGroups/read",
        why: "read the resource group (every resource)",
    },
    ...crud("Microsoft.Storage/storageAccounts", "Workspace: the workspace's storage account"),
    ...crud("Microsoft.KeyVault/vaults", "Workspace: the workspace's key vault"),
    ...crud("Microsoft.OperationalInsights/workspaces", "Workspace: Log Analytics"),
    ...crud("Microsoft.Insights/components", "Workspace: Application Insights"),
    ...crud("Microsoft.ContainerRegistry/registries", "Workspace: the container registry"),
    ...crud("Microsoft.Insights/autoscalesettings", "OnlineDeployment: autoscale"),
    ...crud("Microsoft.Insights/diagnosticSettings", "OnlineEndpoint: diagnostic settings"),
    { action: "Microsoft.Insights/metrics/read", why: "EndpointTraffic: rollout gates read endpoint metrics" },
    {
        action: "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
        why: "Workspace, endpoints, computes: attach a user-assigned identity",
    },
    { action: "Microsoft.Authorization/roleAssignments/read", why: "read the role assignments the components own" },
    ...crud(ML, "Workspace: the Azure ML workspace (delete: destroy and WorkspacePurge)"),
    ...crud(`${ML}/computes`, "ComputeCluster"),
    ...crud(`${ML}/models`, "Model: asset containers"),
    ...crud(`${ML}/models/versions`, "Model: versions"),
    ...crud(`${ML}/codes`, "Code: asset containers"),
    ...crud(`${ML}/codes/versions`, "Code: versions"),
    ...crud(`${ML}/environments`, "Environment: asset containers"),
    ...crud(`${ML}/environments/versions`, "Environment: versions"),
    ...crud(`${ML}/onlineEndpoints`, "OnlineEndpoint, EndpointTraffic (read-modify-write of traffic)"),
    ...crud(`${ML}/onlineEndpoints/deployments`, "OnlineDeployment, capacity owner (PATCH sku.capacity)"),
    { action: `${ML}/onlineEndpoints/listKeys/action`, why: "OnlineEndpoint: keys of a key-auth endpoint (secrets)" },
    { action: `${ML}/onlineEndpoints/token/action`, why: "OnlineEndpoint: token of an aml_token endpoint (secret)" },
    ...crud(`${ML}/batchEndpoints`, "BatchEndpoint, BatchEndpointDefaults"),
    ...crud(`${ML}/batchEndpoints/deployments`, "BatchDeployment"),
    { action: `${ML}/datastores/read`, why: "asset uploads: find the default blob datastore" },
    { action: `${ML}/jobs/read`, why: "BatchInvocation: follow a batch job" },
    { action: `${ML}/jobs/cancel/action`, why: "BatchInvocation: cancel a job at its timeout" },
    // Batch jobs started by `up` run as the deployer: what invoking a batch endpoint needs, as Microsoft lists it.
    ...[...BATCH_CALLER_ENDPOINT_ACTIONS, ...BATCH_CALLER_WORKSPACE_ACTIONS].map((a) => ({
        action: a.action,
        why: `BatchInvocation: ${a.why}`,
    })),
];

/** The deployer's actions without repeats (the batch invoke list overlaps the components' own). */
export function deployerActions(): string[] {
    return [...new Set(DEPLOYER_ACTIONS.map((a) => a.action))];
}
