export * from "./fakeArm";
export * from "./mockEngine";
