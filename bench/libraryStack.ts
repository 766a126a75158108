/**
 * The reference stack of `npm run bench:stack` through the library, as `pulumi up` runs it: the root program
 * (src/platform/main.ts is `deployPlatform(readPlatformSpec())`) reading stack config that the engine hands over as
 * text. The config is Pulumi.prod.yaml's, built here in code, with its one online endpoint scaled to E endpoints
 * of blue + green deployments (blue 100 %). Left out, because the reference stack and its raw counterpart do not
 * have them: blue's autoscale and the endpoint's rollout policy (raw azure-native has neither a traffic owner nor a
 * policy), and the batch endpoint (validated but not deployed by this version; it would only print a warning).
 * Assets keep prod's local folders under examples/assets: they are hashed and uploaded by AssetUpload resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockEngine, installMockEngine, settle } from "../src/local/mockEngine";
import { deployPlatform, readPlatformSpec } from "../src/platform";
import { BENCH_PROJECT, BENCH_STACK, endpointName } from "./referenceStack";

/** One online deployment of the reference stack: prod's blue without autoscale. */
function deployment(): Record<string, unknown> {
    return {
        model: "credit-default",
        code: "credit-score",
        scoringScript: "score.py",
        environment: "credit-runtime",
        instanceType: "Standard_DS4_v2",
        instanceCount: 3,
        appInsightsEnabled: true,
        egressPublicNetworkAccess: "Disabled",
    };
}

/** Stack config of the reference stack with E endpoints, keyed as in Pulumi.prod.yaml, values as YAML typed them. */
export function libraryStackConfig(endpoints: number): Record<string, unknown> {
    const ns = `${BENCH_PROJECT}:`;
    return {
        "azure-native:location": "westeurope",
        [`${ns}location`]: "westeurope",
        [`${ns}tags`]: { environment: "prod", "cost-center": "ml-platform" },
        [`${ns}workspace`]: {
            friendlyName: "ML platform (prod)",
            publicNetworkAccess: "Disabled",
            managedNetwork: "AllowOnlyApprovedOutbound",
            highBusinessImpact: true,
            storageAccount: { sku: "Standard_ZRS" },
            keyVault: { softDeleteRetentionDays: 90, purgeProtection: true },
            containerRegistry: { sku: "Premium" },
            logAnalytics: { retentionDays: 90 },
        },
        [`${ns}computes`]: {
            "cpu-cluster": {
                type: "amlCompute",
                vmSize: "Standard_DS4_v2",
                tier: "dedicated",
                minNodes: 1,
                maxNodes: 8,
                idleSecondsBeforeScaleDown: 1800,
            },
        },
        [`${ns}models`]: {
            "credit-default": {
                path: "examples/assets/credit-model",
                description: "Credit-default probability (logistic regression)",
            },
        },
        [`${ns}codes`]: { "credit-score": { path: "examples/assets/credit-score" } },
        [`${ns}environments`]: {
            "credit-runtime": { image: "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest" },
        },
        [`${ns}onlineEndpoints`]: Object.fromEntries(
            Array.from({ length: endpoints }, (_, i) => [
                endpointName(i),
                {
                    authMode: "aad_token",
                    deployments: { blue: deployment(), green: deployment() },
                    traffic: { blue: 100 },
                },
            ]),
        ),
    };
}

/** Config entries as the engine passes them to a program: objects as JSON text, scalars as text. */
function engineText(entries: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(entries).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
    );
}

/** Runs the root program on the reference stack with E endpoints under the mock engine, until it has settled. */
export async function runLibraryStack(endpoints: number): Promise<MockEngine> {
    const engine = installMockEngine({
        project: BENCH_PROJECT,
        stack: BENCH_STACK,
        config: engineText(libraryStackConfig(endpoints)),
    });
    await pulumi.runtime.runInPulumiStack(async () => deployPlatform(readPlatformSpec(BENCH_PROJECT)));
    await settle(600_000);
    return engine;
}
