export * from "./preflight";
export * from "./program";
export * from "./run";
export * from "./stackConfig";
