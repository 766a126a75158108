export * from "./clock";
export * from "./context";
export * from "./emulator";
export * from "./faults";
export * from "./httpTypes";
export * from "./loadGenerator";
export * from "./state";
export * from "./trafficRules";
