export * from "./armClient";
export * from "./armError";
export * from "./blobStore";
export * from "./endpointTraffic";
export * from "./target";
