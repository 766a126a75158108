import * as pulumi from "@pulumi/pulumi";
import { SpecValidationError } from "../model";
import { deployPlatform, readPlatformSpec } from "./program";

/** The root Pulumi program: stack config in, platform out. Invalid config stops it before any resource exists. */
function run() {
    try {
        return deployPlatform(readPlatformSpec());
    } catch (error) {
        if (error instanceof SpecValidationError) {
            // RunError prints its message without a stack trace.
            throw new pulumi.RunError(error.message);
        }
        throw error;
    }
}

export = run();
