export * from "./armClient";
export * from "./armError";
export * from "./blobStore";
export * from "./clock";
export * from "./endpointTraffic";
export * from "./target";
