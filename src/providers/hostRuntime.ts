/**
 * What dynamic providers run inside the provider host. The provider text in state (providerModuleText) reaches
 * it by package name at call time and takes `dynamicProviders[name]`, so no client, credential or helper is ever
 * serialized into state. The functions below stay exported by these names: state written by version 0.1.0 holds
 * serialized providers that call them.
 */
export { deleteAssetContent, uploadAsset, type AssetUploadProps } from "./assetUploadRuntime";
export { dynamicProviders } from "./dynamicProviders";
export { checkAssetUpload, checkEndpointTraffic, checkWorkspacePurge } from "./inputChecks";
export {
    applyEndpointTraffic,
    clearEndpointTraffic,
    diffEndpointTraffic,
    readLiveEndpointTraffic,
    type EndpointTrafficProps,
} from "./trafficRuntime";
export { purgeWorkspace } from "./workspacePurgeRuntime";
