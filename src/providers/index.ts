export * from "./assetUpload";
export * from "./endpointTraffic";
export * from "./hostRuntime";
export * from "./unknownValue";
export * from "./workspacePurge";
