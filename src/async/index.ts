export * from "./clock";
export * from "./mapBounded";
export * from "./retry";
