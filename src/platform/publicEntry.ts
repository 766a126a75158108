// The ./platform entry of the package: the config-driven program and what a program built around it needs. A
// module's exports are not public just because it exists; this list is.
export { runPlatform } from "./run";
export { deployPlatform, readPlatformSpec, type PlatformOutputs } from "./program";
export { DEFAULT_PROJECT } from "./stackConfig";
export { platformSpec, type PlatformSpec } from "../model";
