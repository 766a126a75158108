export * from "./assetUpload";
export * from "./batchEndpointDefaults";
export * from "./batchInvocation";
export * from "./endpointTraffic";
export * from "./hostRuntime";
export * from "./unknownValue";
export * from "./workspacePurge";
