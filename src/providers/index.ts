export * from "./assetUpload";
export * from "./hostRuntime";
export * from "./loadHostRuntime";
export * from "./workspacePurge";
