export * from "./armClient";
export * from "./armError";
export * from "./blobStore";
export * from "./target";
