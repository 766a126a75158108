export * from "./program";
export * from "./stackConfig";
