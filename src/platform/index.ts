// The ./platform entry: the config-driven program and what a program built around it needs.
export { runPlatform } from "./run";
export { deployPlatform, readPlatformSpec, type PlatformOutputs } from "./program";
export { DEFAULT_PROJECT } from "./stackConfig";
export { platformSpec, type PlatformSpec } from "../model";
