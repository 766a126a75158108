import { ArmClient } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { armJob, batchEndpointOnManualClock, bearer } from "../support/batch";
import { call } from "../support/emulatorHttp";
import { API, WS_PATH, startEmulator } from "../support/emulator";

let emulator: AzureMlEmulator;
let client: ArmClient;
let scoringUri: string;

// jobQueueMs 400 and jobRunMs 1000 make each state 100 ms wide on the manual clock.
beforeAll(async () => {
    ({ emulator, client } = await startEmulator({
        clock: { manual: true },
        jobQueueMs: 400,
        jobRunMs: 1000,
        jobCancelMs: 300,
        lroRetryAfterSeconds: 10,
    }));
    scoringUri = await batchEndpointOnManualClock(emulator, client, "jobs");
});

afterAll(async () => {
    await emulator.stop();
});

const start = async (name: string) => {
    const answer = await call(emulator, "POST", scoringUri, await bearer(), {
        properties: {
            name,
            inputData: { d: { jobInputType: "UriFolder", uri: "https://x.blob.core.windows.net/in/" } },
        },
    });
    expect(answer.status).toBe(200);
    return answer.body;
};
const statusOf = async (name: string) => (await armJob(client, name)).body.properties.status as string;

describe("batch jobs: states on the emulator clock", () => {
    it("moves NotStarted → Starting → Preparing → Queued → Running → Finalizing → Completed", async () => {
        await start("progress");
        const seen: string[] = [await statusOf("progress")];
        for (let i = 0; i < 14; i++) {
            emulator.clock.advance(100);
            seen.push(await statusOf("progress"));
        }
        expect([...new Set(seen)]).toEqual([
            "NotStarted",
            "Starting",
            "Preparing",
            "Queued",
            "Running",
            "Finalizing",
            "Completed",
        ]);
    });

    it("ends Failed when the deployment fails its jobs, with no error field the schemas do not have", async () => {
        emulator.setDeploymentBehaviour(`${WS_PATH}/batchEndpoints/jobs/deployments/v1`, { batchOutcome: "Failed" });
        try {
            await start("doomed");
            emulator.clock.advance(1400);
            const job = (await armJob(client, "doomed")).body.properties;
            expect(job.status).toBe("Failed");
            expect(job.error).toBeUndefined();
            expect(job.services.Studio.endpoint).toContain("/runs/doomed");
            expect((await call(emulator, "GET", `${scoringUri}/doomed`, await bearer())).body.properties.status).toBe(
                "Failed",
            );
        } finally {
            emulator.setDeploymentBehaviour(`${WS_PATH}/batchEndpoints/jobs/deployments/v1`, {
                batchOutcome: "Completed",
            });
        }
    });
});

describe("batch jobs: cancel", () => {
    it("answers 202 with Location and Retry-After, shows CancelRequested, then Canceled", async () => {
        await start("to-cancel");
        emulator.clock.advance(500);
        expect(await statusOf("to-cancel")).toBe("Running");
        const cancel = await client.send("POST", `${WS_PATH}/jobs/to-cancel/cancel`, { apiVersion: API });
        expect(cancel.status).toBe(202);
        expect(cancel.headers["retry-after"]).toBe("10");
        const location = cancel.headers.location as string;
        expect(location).toContain("/mfeOperationResults/");
        expect(await statusOf("to-cancel")).toBe("CancelRequested");
        expect((await client.send("GET", location, {})).status).toBe(202);
        // A second cancel while one is pending answers the same operation.
        expect(
            (await client.send("POST", `${WS_PATH}/jobs/to-cancel/cancel`, { apiVersion: API })).headers.location,
        ).toBe(location);
        emulator.clock.advance(300);
        expect(await statusOf("to-cancel")).toBe("Canceled");
        expect((await client.send("GET", location, {})).status).toBe(200);
        emulator.clock.advance(5000);
        expect(await statusOf("to-cancel")).toBe("Canceled");
        const again = await client.send("POST", `${WS_PATH}/jobs/to-cancel/cancel`, { apiVersion: API });
        expect(again.status).toBe(400);
        expect((again.body as any).error.message).toContain("has already ended (Canceled)");
        expect((await client.send("POST", `${WS_PATH}/jobs/TO-CANCEL/cancel`, { apiVersion: API })).status).toBe(404);
    });
});

describe("batch jobs: list through ARM", () => {
    it("pages newest first with nextLink and applies the swagger's filters", async () => {
        for (let i = 0; i < 12; i++) {
            await start(`listed-${String(i).padStart(2, "0")}`);
            emulator.clock.advance(1);
        }
        const first = (await client.request("GET", `${WS_PATH}/jobs`, { apiVersion: API })).body as any;
        expect(first.value).toHaveLength(10);
        expect(first.value[0].name).toBe("listed-11");
        expect(first.nextLink).toContain("%24skip=");
        const names: string[] = first.value.map((j: any) => j.name);
        let next: string | undefined = first.nextLink;
        while (next !== undefined) {
            const page = (await client.request("GET", next, {})).body as any;
            names.push(...page.value.map((j: any) => j.name));
            next = page.nextLink;
        }
        expect(new Set(names).size).toBe(names.length);
        expect(names).toEqual(expect.arrayContaining(["progress", "doomed", "to-cancel", "listed-00"]));

        const query = async (q: Record<string, string>) =>
            ((await client.request("GET", `${WS_PATH}/jobs`, { apiVersion: API, query: q })).body as any)
                .value as any[];
        expect((await query({ jobType: "Command" })).length).toBe(0);
        expect((await query({ tag: "azureml.batchrun" })).length).toBe(10);
        expect((await query({ properties: "azureml.endpointname=jobs" })).length).toBe(10);
        expect((await query({ properties: "azureml.endpointname=other" })).length).toBe(0);
        expect((await query({ listViewType: "ArchivedOnly" })).length).toBe(0);
        expect(
            (await client.send("GET", `${WS_PATH}/jobs`, { apiVersion: API, query: { listViewType: "Everything" } }))
                .status,
        ).toBe(400);
    });
});
