/**
 * Rollout overhead on the emulator through the real provider host: a 4-step linear shift with gates, at 1000×
 * real time. Prints the wall time beyond the bakes, and ARM / metrics requests per step, next to the same target
 * written at once (what a hand-written traffic update does). Nothing is asserted. Run: npm run bench:rollout
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ArmClient, armTarget } from "../src/azure";
import { OnlineEndpoint } from "../src/components";
import { rolloutPolicySpec } from "../src/model";
import { AzureMlEmulator, EngineLifecycle, ProviderHost, installMockEngine, settle } from "../src/testing";

const SCALE = 1000;
const SUB = "00000000-0000-0000-0000-0000000000bb";
const WS = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;
const API = { apiVersion: "2025-12-01", pollIntervalMs: 5 };
const policy = rolloutPolicySpec.parse({
    linear: { stepPercent: 25 },
    bakeSeconds: 120,
    gates: [
        { metric: "errorRate", comparison: "lessThan", threshold: 0.01, windowSeconds: 60 },
        { metric: "requestsPerMinute", comparison: "atLeast", threshold: 10, windowSeconds: 60 },
    ],
    analysis: { intervalSeconds: 10, metricsDelaySeconds: 0 },
});

async function providerInputs(): Promise<Record<string, unknown>> {
    const engine = installMockEngine({ project: "bench", stack: "rollout" });
    await pulumi.runtime.runInPulumiStack(async () => {
        new OnlineEndpoint("credit", {
            workspace: { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" },
            deployments: {
                blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" },
                green: { model: "azureml:credit:2", instanceType: "Standard_DS3_v2" },
            },
            traffic: { blue: 100 },
        });
    });
    await settle();
    return engine.get("pulumi-nodejs:dynamic/azureml:EndpointTraffic", "credit-traffic").inputs;
}

async function servingBlue(emulator: AzureMlEmulator, client: ArmClient, name: string): Promise<string> {
    const id = `${WS}/onlineEndpoints/${name}`;
    await client.runLongOperation("PUT", id, {
        ...API,
        body: { location: "westeurope", identity: { type: "SystemAssigned" }, properties: { authMode: "Key" } },
    });
    for (const d of ["blue", "green"]) {
        await client.runLongOperation("PUT", `${id}/deployments/${d}`, {
            ...API,
            body: {
                location: "westeurope",
                sku: { name: "Default", capacity: 1 },
                properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" },
            },
        });
    }
    emulator.startLoad({ endpointId: id, requestsPerMinute: 600, durationMs: 24 * 3600_000 });
    return id;
}

async function main(): Promise<void> {
    const inputs = await providerInputs();
    const emulator = await AzureMlEmulator.start({
        clock: { timeScale: SCALE },
        metricsIngestionDelayMs: 0,
        endpointProvisioningMs: 10_000,
        deploymentProvisioningMs: 10_000,
    });
    emulator.seedWorkspace(SUB, "rg", "ws");
    const client = new ArmClient(armTarget(emulator.env()));
    const host = await ProviderHost.start({ cwd: path.resolve(__dirname, "..", ".."), env: emulator.env() });
    try {
        const runs: { label: string; wallMs: number; bakeMs: number; puts: number; gets: number; metrics: number }[] =
            [];
        for (const [label, rollout] of [
            ["at once (no policy)", undefined],
            ["4-step linear rollout", policy],
        ] as const) {
            const name = rollout === undefined ? "direct" : "rolled";
            const id = await servingBlue(emulator, client, name);
            const owner = new EngineLifecycle(host, `urn:pulumi:rollout::bench::azureml:EndpointTraffic::${name}`);
            await owner.up({ ...inputs, endpointId: id, traffic: { blue: 100 }, ...(rollout ? { rollout } : {}) });
            const first = emulator.requestLog.length;
            const started = Date.now();
            await owner.up({ ...inputs, endpointId: id, traffic: { green: 100 }, ...(rollout ? { rollout } : {}) });
            const wallMs = Date.now() - started;
            const log = emulator.requestLog.slice(first).filter((r) => r.path.includes(`/onlineEndpoints/${name}`));
            runs.push({
                label,
                wallMs,
                bakeMs: rollout === undefined ? 0 : (4 * rollout.bakeSeconds * 1000) / SCALE,
                puts: log.filter((r) => r.method === "PUT").length,
                gets: log.filter((r) => r.method === "GET" && r.plane === "arm").length,
                metrics: log.filter((r) => r.plane === "metrics").length,
            });
        }
        console.log(`emulator clock ${SCALE}× real time; bakes of ${policy.bakeSeconds} s per step`);
        for (const r of runs) {
            console.log(
                `${r.label.padEnd(24)} wall ${String(r.wallMs).padStart(5)} ms, bakes ${String(r.bakeMs).padStart(4)} ms, ` +
                    `overhead ${String(r.wallMs - r.bakeMs).padStart(5)} ms; ARM PUTs ${r.puts}, ARM GETs ${r.gets}, metrics queries ${r.metrics}`,
            );
        }
        const [direct, rolled] = runs;
        console.log(
            `per step: ${(rolled.puts / 4).toFixed(1)} PUTs, ${(rolled.gets / 4).toFixed(1)} ARM GETs, ${(rolled.metrics / 4).toFixed(1)} metrics queries; ` +
                `overhead beyond the bakes ${rolled.wallMs - rolled.bakeMs} ms (a single write at once: ${direct.wallMs} ms)`,
        );
    } finally {
        await host.stop();
        await emulator.stop();
    }
}

void main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
