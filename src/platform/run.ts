import * as pulumi from "@pulumi/pulumi";
import { SpecValidationError } from "../model";
import { PlatformOutputs, deployPlatform, readPlatformSpec } from "./program";

/**
 * The platform program: the current stack's config in, the platform out, its outputs returned for the stack. Invalid
 * config stops it before any resource exists, with one message per problem and no stack trace. A project runs it
 * with a one-line program: `module.exports = require("@azureml-pulumi/components/platform").runPlatform();`
 * (`azureml-pulumi init` writes it).
 */
export function runPlatform(): PlatformOutputs {
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
