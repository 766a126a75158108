export * from "./components";
export * from "./spec";
