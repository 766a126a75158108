export * from "./assets";
export * from "./components";
export * from "./rollout";
export * from "./model";
