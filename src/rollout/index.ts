export * from "./trafficMap";
