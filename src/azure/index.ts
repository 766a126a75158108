export * from "./armClient";
export * from "./armError";
export * from "./target";
