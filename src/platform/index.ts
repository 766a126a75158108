export * from "./preflight";
export * from "./program";
export * from "./stackConfig";
export * from "./run";
