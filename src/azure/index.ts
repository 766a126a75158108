export * from "./apiVersion";
export * from "./armClient";
export * from "./armError";
export * from "./blobStore";
export * from "./loopback";
export * from "./endpointTraffic";
export * from "./target";
export * from "./trafficTimeout";
