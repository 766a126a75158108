import { runPlatform } from "./run";

/** The root Pulumi program of this repository (Pulumi.yaml main): stack config in, platform out. */
export = runPlatform();
