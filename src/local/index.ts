export * from "./emulator";
export * from "./fakeArm";
export * from "./mockEngine";
export * from "./providerHost";
