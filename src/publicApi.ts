/*
 * The public surface of `@azureml-pulumi/components`, by name. A module's exports are not public just because the
 * module exists: the rest of the library and the tests import internals by relative path, and a name added here
 * shows up in api/components.api.md, so every change to what users can depend on is reviewed in the diff.
 *
 * The root entry carries the components, their args and output types, the domain schemas those args are built
 * from (so the types users write against have a name) and the traffic-map comparison helpers. The whole domain
 * model, for programs that validate their own config, is the `./spec` entry.
 */

// By component module, not through ./components: that index also carries the ARM payload builders, whose
// declarations pull all of azure-native's types into the API check.
export { AssetComponent, type AssetOutputs, type ContentUri } from "./components/assetComponent";
export type { AssetArgs } from "./components/assetRecipe";
export type {
    AssetKind,
    AssetKindName,
    AssetSpecOf,
    AssetSpecs,
    VersionInputs,
    VersionRecipe,
} from "./components/assetKind";
export type { ResolvedContent } from "./components/assetContent";
export type { AssetUpload, AssetUploadArgs } from "./providers/assetUpload";
export { Code, type CodeArgs } from "./components/code";
export { ComputeCluster, type ComputeClusterArgs, type ComputeSpecInput } from "./components/computeCluster";
export { Environment, type BuildContext, type EnvironmentArgs } from "./components/environment";
export { Model, type ModelArgs } from "./components/model";
export { Workspace, type WorkspaceArgs } from "./components/workspace";
export type { AssetLocation, DatastoreTarget } from "./components/assetContent";
export { registeredAsset, type AssetHandle, type RegisteredAssetKind } from "./components/registeredAsset";
export {
    OnlineDeployment,
    type AssetInput,
    type OnlineDeploymentArgs,
    type OnlineEndpointRef,
} from "./components/onlineDeployment";
export {
    OnlineEndpoint,
    type InlineDeploymentArgs,
    type OnlineEndpointArgs,
    type TrafficArgs,
    type WorkspaceRef,
} from "./components/onlineEndpoint";
// Users depend on the traffic owner (`endpoint.traffic`) but never create one: the type, not the class.
export type { EndpointTraffic, EndpointTrafficArgs } from "./providers/endpointTraffic";
export {
    BatchEndpoint,
    type BatchEndpointArgs,
    type BatchEndpointInvokeArgs,
    type InlineBatchDeploymentArgs,
} from "./components/batchEndpoint";
export { BatchDeployment, type BatchDeploymentArgs, type BatchEndpointRef } from "./components/batchDeployment";
export type { BatchDeploymentSettings } from "./components/batchDeploymentArgs";
export type { ComputeInput, ComputeRef } from "./components/computeRef";
// Like the traffic owner: users depend on the defaults owner (`endpoint.defaults`) but never create one.
export type { BatchEndpointDefaults, BatchEndpointDefaultsArgs } from "./providers/batchEndpointDefaults";
// Users construct batch invocations themselves: the class, its args and the schemas those are built from.
export { BatchInvocation, type BatchInvocationArgs, type BatchInvocationInputArg } from "./providers/batchInvocation";
// Identity and access: the CI deployer's identity and roles, and who may invoke an endpoint.
export {
    DeployerIdentity,
    RBAC_ADMINISTRATOR_ROLE,
    assignableRoleGuids,
    type DeployerIdentityArgs,
} from "./components/deployerIdentity";
export {
    EndpointCallers,
    callerGrantRefusal,
    type EndpointCallerInput,
    type EndpointCallerTarget,
    type EndpointCallersArgs,
} from "./components/endpointCallers";
export {
    EndpointCallerRoles,
    type EndpointCallerRoleIds,
    type EndpointCallerRolesArgs,
} from "./components/endpointCallerRoles";
export {
    BATCH_CALLER_ENDPOINT_ACTIONS,
    BATCH_CALLER_WORKSPACE_ACTIONS,
    ONLINE_CALLER_ACTIONS,
    type GrantedAction,
} from "./components/callerActions";
export { DEPLOYER_ACTIONS } from "./components/deployerActions";
export { constrainRolesCondition } from "./components/roleCondition";
export {
    CALLER_PRINCIPAL_TYPES,
    deployerSpec,
    endpointCallerSpec,
    type CallerPrincipalType,
    type DeployerSpec,
    type DeployerSpecInput,
    type EndpointCallerSpec,
    type FederatedCredential,
} from "./model";
export type { HostedDynamicResource } from "./providers/hostedDynamicResource";
export type { HostedProviderName } from "./providers/providerModuleText";

export {
    ONLINE_AUTH_MODES,
    SpecValidationError,
    amlComputeSpec,
    codeSpec,
    computeSpec,
    environmentSpec,
    kubernetesComputeSpec,
    modelSpec,
    onlineDeploymentSpec,
    onlineEndpointSpec,
    workspaceSpec,
    type AmlComputeSpec,
    type CodeSpec,
    type ComputeSpec,
    type ConfigProblem,
    type EnvironmentSpec,
    type KubernetesComputeSpec,
    type ModelSpec,
    type OnlineAuthMode,
    type OnlineDeploymentSpec,
    type OnlineEndpointSpec,
    type WorkspaceSpec,
    type WorkspaceSpecInput,
} from "./model";

export { batchDeploymentSpec, batchEndpointSpec, type BatchDeploymentSpec, type BatchEndpointSpec } from "./model";
export {
    batchInvocationOutputSpec,
    batchJobOverridesSpec,
    type BatchInvocationOutputSpec,
    type BatchInvocationOutputSpecInput,
    type BatchJobOverridesSpec,
} from "./model";

// What an OnlineEndpointRef carries when the traffic owner writes its deployments' instance counts.
export type { ScaleDownSettings } from "./model/capacityOwnership";

export { normalizeTraffic, sameTraffic, type TrafficMap } from "./rules";

// The whole stack file's schema: what importAzureMlYaml's output is validated against.
export { platformSpec, type PlatformSpec } from "./model";

// az ml CLI v2 YAML → the specs and stack config the components take (the same mapping as `azureml-pulumi import`).
export {
    formatFinding,
    importAzureMlYaml,
    loadAzureMlSpecs,
    stackConfigYaml,
    type AzureMlImport,
    type AzureMlImportOptions,
    type AzureMlImportedConfig,
    type AzureMlImportedSpecs,
    type FindingKind,
    type ImportFinding,
    type ImportedSection,
} from "./import";

// The input types of the schemas, with each field's docs and default (generated from src/model by npm run gen:types):
// what an editor shows on hover over any component's arguments.
export type * from "./model/generated";
