export * from "./fakeArm";
export * from "./mockEngine";
export * from "./emulator";
