export * from "./arm";
export * from "./computeCluster";
export * from "./naming";
export * from "./roleGrant";
export * from "./workspace";
