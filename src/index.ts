export * from "./assets";
export * from "./components";
export * from "./model";
