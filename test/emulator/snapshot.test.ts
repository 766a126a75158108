import { systemClock } from "../../src/async";
import { ArmClient, EMULATOR_CLOCK, armTarget, emulatorClock, processClock } from "../../src/azure";
import { AzureMlEmulator, EmulatorClock } from "../../src/testing";
import { API, RG, SUB, WS, WS_PATH } from "../support/emulator";

/** Snapshot and restore: the whole state, and a clock that goes on from the snapshot's time. */

const TIMINGS = { endpointProvisioningMs: 60_000, deploymentProvisioningMs: 600_000, computeProvisioningMs: 60_000 };
const endpoint = `${WS_PATH}/onlineEndpoints/credit`;
const deployment = `${endpoint}/deployments/blue`;
const opNumber = (url: string) => Number(/op-(\d+)/.exec(url)?.[1]);
const state = async (arm: ArmClient, path: string) =>
    ((await arm.request("GET", path, { apiVersion: API })).body as any).properties.provisioningState;

describe("a snapshot restored on a manual clock", () => {
    let first: AzureMlEmulator;
    let second: AzureMlEmulator | undefined;
    let saved: any;
    let lastOperation = 0;

    beforeAll(async () => {
        first = await AzureMlEmulator.start({ clock: { manual: true }, ...TIMINGS });
        first.seedWorkspace(SUB, RG, WS);
        const arm = new ArmClient(armTarget(first.env()), { maxRetries: 0 });
        await arm.request("PUT", WS_PATH.replace(WS, "ws-stored"), {
            apiVersion: API,
            body: {
                location: "westeurope",
                properties: { storageAccount: "/subscriptions/s/resourceGroups/r/providers/x/storageAccounts/st1" },
            },
        });
        await arm.request("PUT", endpoint, {
            apiVersion: API,
            body: { location: "westeurope", properties: { authMode: "Key" } },
        });
        first.clock.advance(60_000);
        const put = await arm.request("PUT", deployment, {
            apiVersion: API,
            body: {
                location: "westeurope",
                sku: { name: "Default", capacity: 1 },
                properties: { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2", model: "azureml:m:1" },
            },
        });
        lastOperation = opNumber(put.headers["azure-asyncoperation"]);
        first.clock.advance(100_000);
        await arm.request("PUT", `${WS_PATH}/computes/cpu`, {
            apiVersion: API,
            body: { location: "westeurope", properties: { computeType: "AmlCompute", properties: { vmSize: "D2" } } },
        });
        await arm.request("PUT", `${WS_PATH}/codes/score/versions/1`, {
            apiVersion: API,
            body: { properties: { codeUri: "https://account.blob.core.windows.net/c/score" } },
        });
        // What HTTP alone would take long to produce: one record in each remaining part of the state.
        const now = first.clock.now();
        first.state.jobs.set("job-1", { id: "job-1", name: "job-1", createdAt: now } as any);
        first.state.batchOutputs.set("azureml://datastores/d/paths/out.csv", { job: "job-1", writtenAt: now });
        first.state.samples.push({
            time: now,
            endpointId: endpoint,
            deployment: "blue",
            status: 200,
            modelStatus: 200,
            latencyMs: 20,
            mirrored: false,
        });
        first.state.loadRuns.push({
            id: "load-1",
            endpointId: endpoint,
            intervalMs: 1000,
            startAt: now,
            endAt: now,
            sent: 0,
            headers: {},
            body: {},
            statuses: {},
        });
        first.state.hiddenAfterCreate.set(endpoint.toLowerCase(), 0);
        saved = JSON.parse(JSON.stringify(first.snapshot()));
        await first.stop();
        second = await AzureMlEmulator.start({ clock: { manual: true }, ...TIMINGS, restore: saved });
    });

    afterAll(async () => {
        await second?.stop();
    });

    it("holds every part of the state, and the restored emulator has exactly it", () => {
        for (const part of [
            "workspaces",
            "endpoints",
            "deployments",
            "operations",
            "jobs",
            "batchOutputs",
            "hiddenAfterCreate",
            "computes",
            "datastores",
            "assetContainers",
            "assetVersions",
            "samples",
            "loadRuns",
        ]) {
            expect(saved[part].length > 0 ? part : `${part} is empty`).toBe(part);
        }
        expect(saved.version).toBe(1);
        expect(second!.snapshot()).toEqual(saved);
    });

    it("starts its clock at the snapshot's time, and running operations end when they would have", async () => {
        const arm = new ArmClient(armTarget(second!.env()), { maxRetries: 0 });
        expect(second!.clock.now()).toBe(saved.takenAt);
        expect(await state(arm, deployment)).toBe("Creating");
        second!.clock.advance(499_999);
        expect(await state(arm, deployment)).toBe("Creating");
        second!.clock.advance(1);
        expect(await state(arm, deployment)).toBe("Succeeded");
        expect(await state(arm, `${WS_PATH}/computes/cpu`)).toBe("Succeeded");
        const code = await arm.request("GET", `${WS_PATH}/codes/score/versions/1`, { apiVersion: API });
        expect((code.body as any).properties.codeUri).toBe("https://account.blob.core.windows.net/c/score");
        const datastore = await arm.request(
            "GET",
            `${WS_PATH.replace(WS, "ws-stored")}/datastores/workspaceblobstore`,
            {
                apiVersion: API,
            },
        );
        expect((datastore.body as any).properties.accountName).toBe("st1");
    });

    it("goes on numbering operations after the snapshot's", async () => {
        const arm = new ArmClient(armTarget(second!.env()), { maxRetries: 0 });
        const put = await arm.request("PUT", `${WS_PATH}/computes/cpu`, {
            apiVersion: API,
            body: { location: "westeurope", properties: { computeType: "AmlCompute", properties: { vmSize: "D4" } } },
        });
        expect(opNumber(put.headers["azure-asyncoperation"])).toBeGreaterThan(lastOperation);
        expect(opNumber(put.headers["azure-asyncoperation"])).toBe(saved.issuedIds + 1);
    });

    it("is a copy: what happens after it does not change it", async () => {
        const snapshot = second!.snapshot();
        const before = snapshot.computes.length;
        second!.seedWorkspace(SUB, RG, "ws-later");
        expect(snapshot.workspaces.some(([key]) => key.endsWith("/ws-later"))).toBe(false);
        expect(snapshot.computes.length).toBe(before);
    });
});

describe("a snapshot restored on a running clock", () => {
    it("goes on from the snapshot's time at the time scale, and client processes read the same time", async () => {
        const first = await AzureMlEmulator.start({ clock: { timeScale: 600 } });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const saved = JSON.parse(JSON.stringify(first.snapshot()));
        await first.stop();
        const realStart = Date.now();
        const second = await AzureMlEmulator.start({ clock: { timeScale: 600 }, restore: saved });
        try {
            const now = second.clock.now();
            expect(now).toBeGreaterThanOrEqual(saved.takenAt);
            // Since the restore, only the real time of start-up has passed, 600× faster.
            expect(now - saved.takenAt).toBeLessThanOrEqual((Date.now() - realStart + 1) * 600);
            const env = second.env();
            expect(env[EMULATOR_CLOCK]).toMatch(/^600@\d+:\d+(\.\d+)?$/);
            const client = processClock(env);
            expect(client.timeScale).toBe(600);
            expect(Math.abs(client.now() - second.clock.now())).toBeLessThan(5_000);
        } finally {
            await second.stop();
        }
    });

    it("keeps a snapshot's time ahead of real time at a time scale of 1, for the emulator and its clients", async () => {
        const ahead = Date.now() + 3_600_000;
        const first = await AzureMlEmulator.start({ clock: { manual: true, startAt: ahead } });
        const saved = first.snapshot();
        await first.stop();
        const second = await AzureMlEmulator.start({ restore: saved });
        try {
            expect(second.clock.now() - Date.now()).toBeGreaterThan(3_590_000);
            const client = processClock(second.env());
            expect(client).not.toBe(systemClock);
            expect(client.timeScale).toBe(1);
            expect(Math.abs(client.now() - second.clock.now())).toBeLessThan(1_000);
        } finally {
            await second.stop();
        }
    });
});

describe("what a restore refuses", () => {
    it("refuses a snapshot of another version, naming both versions", async () => {
        await expect(AzureMlEmulator.start({ restore: { version: 2, takenAt: 0 } })).rejects.toThrow(
            "emulator snapshot version 2 is not supported: this emulator reads only version 1",
        );
    });

    it("refuses what is not a snapshot", async () => {
        await expect(AzureMlEmulator.start({ restore: "state.json" })).rejects.toThrow("must be an object");
        await expect(AzureMlEmulator.start({ restore: { version: 1, takenAt: 5 } })).rejects.toThrow(
            "not a readable emulator snapshot (version 1): issuedIds must be a whole number; samples must be an array",
        );
    });

    it("refuses a start time before the snapshot's: time never goes backwards", async () => {
        const first = await AzureMlEmulator.start({ clock: { manual: true } });
        const saved = first.snapshot();
        await first.stop();
        await expect(
            AzureMlEmulator.start({ clock: { manual: true, startAt: saved.takenAt - 1 }, restore: saved }),
        ).rejects.toThrow("a restored emulator's time only goes forward");
    });
});

describe("a clock that starts at a given time", () => {
    it("runs from startAt at its scale, and hands clients origin and start", () => {
        let real = 10_000;
        const clock = new EmulatorClock({ timeScale: 600, startAt: 5_000_000 }, () => real);
        expect(clock.now()).toBe(5_000_000);
        real += 1_000;
        expect(clock.now()).toBe(5_600_000);
        expect(clock.clientEnv()).toEqual({ [EMULATOR_CLOCK]: "600@10000:5000000" });
        const manual = new EmulatorClock({ manual: true, startAt: 7_000 }, () => real);
        manual.advance(500);
        expect(manual.now()).toBe(7_500);
        expect(() => new EmulatorClock({ startAt: -1 })).toThrow("startAt must be ms since the epoch");
    });

    it("is read by clients with the same formula: start + (real now − origin) × scale", () => {
        const origin = Date.now();
        const client = emulatorClock(`600@${origin}:${origin + 86_400_000}`);
        const expected = origin + 86_400_000 + (Date.now() - origin) * 600;
        expect(Math.abs(client.now() - expected)).toBeLessThan(5_000);
        expect(client.timeScale).toBe(600);
        expect(emulatorClock(`1@${origin}:${origin}`)).toBe(systemClock);
    });
});
