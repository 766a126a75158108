export * from "./contentHash";
export * from "./ignoreRules";
