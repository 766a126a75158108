import * as pulumi from "@pulumi/pulumi";
import { engineConfig } from "../../src/cli/stackFile";
import { deployPlatform, readPlatformSpec } from "../../src/platform";
import { MockEngine, installMockEngine, settle } from "../../src/testing";
import { shippedConfig } from "./stackFiles";

/** Runs the root program for a shipped stack (plus `extra` config) under the mock engine, as `pulumi up` would. */
export async function runShippedStack(
    stack: "dev" | "prod",
    /** Config entries set on top of the shipped file's (full keys). */
    extra: Record<string, unknown> = {},
): Promise<{ engine: MockEngine; outputs: Record<string, any> | undefined; warnings: string[] }> {
    const project = "azureml-platform";
    // Without an engine, pulumi.log.warn writes to console.warn: collect instead of printing.
    const warnings: string[] = [];
    jest.spyOn(console, "warn").mockImplementation(
        (...args: unknown[]) => void warnings.push(args.map(String).join(" ")),
    );
    const engine = installMockEngine({
        project,
        stack,
        config: engineConfig({ ...shippedConfig(stack), ...extra }, project),
    });
    const outputs = await pulumi.runtime.runInPulumiStack(async () => deployPlatform(readPlatformSpec(project)));
    await settle();
    return { engine, outputs, warnings };
}
