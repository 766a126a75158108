import * as pulumi from "@pulumi/pulumi";
import { batchJobBody, batchJobState, batchJobStudioUrl } from "../../src/azure";
import { SpecValidationError } from "../../src/model";
import { BatchInvocation } from "../../src/providers/batchInvocation";
import { batchJobRequest, batchOutputLocation } from "../../src/providers/batchInvocationRequest";
import { failedJobMessage, timedOutJobMessage } from "../../src/providers/batchJobFailure";
import { installMockEngine, settle } from "../../src/testing";
import { BATCH_INVOCATION_TYPE } from "../support/batchInvocation";

const engine = installMockEngine({ project: "credit", stack: "dev" });
const WS =
    "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const ENDPOINT = `${WS}/batchEndpoints/scorer`;
const SCORING = "https://scorer.westeurope.inference.ml.azure.com/jobs";
const heart = { heart: { path: "azureml:heart-data:3" } };

/** The problem lines a construction throws, or [] when it does not. */
function problems(name: string, args: Record<string, unknown>): string[] {
    try {
        new BatchInvocation(name, { endpointId: ENDPOINT, scoringUri: SCORING, inputs: heart, ...args } as never);
        return [];
    } catch (error) {
        expect(error).toBeInstanceOf(SpecValidationError);
        expect(String((error as Error).message)).toMatch(new RegExp(`^BatchInvocation ${name} is invalid:`));
        return (error as SpecValidationError).problems.map((p) => `${p.path}: ${p.message}`);
    }
}

describe("BatchInvocation arguments", () => {
    it("registers with its defaults, the resource's scope and a job name prefix made from its name", async () => {
        new BatchInvocation("nightly scoring", {
            endpointId: ENDPOINT,
            scoringUri: SCORING,
            inputs: { heart: { path: pulumi.output("azureml://datastores/workspaceblobstore/paths/heart/") } },
            deploymentRevision: pulumi.output("blue@model:3"),
        });
        await settle();
        const recorded = engine.get(BATCH_INVOCATION_TYPE, "nightly scoring");
        expect(recorded.inputs).toMatchObject({
            endpointId: ENDPOINT,
            scoringUri: SCORING,
            inputs: { heart: { path: "azureml://datastores/workspaceblobstore/paths/heart/" } },
            deploymentRevision: "blue@model:3",
            wait: true,
            cancelOnTimeout: true,
            timeoutSeconds: 3600,
            jobNamePrefix: "nightly-scoring",
            scope: "credit/dev/nightly scoring",
        });
        expect(recorded.inputs.__provider).toContain('dynamicProviders["batchInvocation"]');
        // The engine never cuts the wait short: the job's own timeout decides, with room to cancel it.
        expect(recorded.customTimeouts).toEqual({ create: "90m", update: "90m" });
    });

    it("refuses bad settings before anything is created, naming the argument, the value and the fix", () => {
        expect(
            problems("bad", {
                endpointId: `${WS}/onlineEndpoints/scorer`,
                inputs: {
                    local: { path: "./data" },
                    latest: { path: "azureml:heart-data@latest" },
                    plain: { path: "http://example.com/data" },
                    "1st": { path: "https://example.com/data" },
                },
                output: { path: "azureml://datastores/x/paths/y" },
                overrides: { miniBatchSize: 0, loggingLevel: "verbose" },
                timeoutSeconds: 30,
            }),
        ).toEqual([
            `endpointId: expected a batch endpoint resource id (/subscriptions/…/workspaces/<workspace>/batchEndpoints/<name>), got "${WS}/onlineEndpoints/scorer"`,
            expect.stringMatching(/^inputs\.local\.path: batch jobs read their input in Azure: .*, got "\.\/data"$/),
            `inputs.latest.path: pin the data asset's version (azureml:<name>:<version>): with @latest a new version would never start a job, since nothing in the program changes, got "azureml:heart-data@latest"`,
            `inputs.plain.path: plain http is not accepted; use an https URL, got "http://example.com/data"`,
            expect.stringMatching(
                /^inputs\["1st"\]: invalid name: input and output names hold letters, digits and '_'/,
            ),
            `output.path: give the folder inside the datastore (e.g. scores/nightly); the datastore goes in output.datastore, got "azureml://datastores/x/paths/y"`,
            "overrides.miniBatchSize: at least 1, got 0",
            expect.stringMatching(/^overrides\.loggingLevel: .*"verbose"/),
            "timeoutSeconds: at least 60 seconds, got 30",
        ]);
    });

    it("has no way to write every job into one fixed folder (the second job would fail on the first one's file)", () => {
        expect(problems("fixed", { output: { path: "scores", uniquePath: false } as never })).toEqual([
            "output.uniquePath: unknown key; allowed keys: name, datastore, path",
        ]);
    });

    it("takes literals, data assets by reference or id, and values that are not known yet", () => {
        expect(
            problems("good", {
                inputs: {
                    threshold: { type: "literal", value: 0.5 },
                    asset: { path: `${WS}/data/heart/versions/3` },
                    file: { type: "uri_file", path: "https://example.blob.core.windows.net/data/heart.csv" },
                    later: { path: pulumi.output("not checked until known") },
                },
                deployment: pulumi.output("x"),
            }),
        ).toEqual([]);
        expect(problems("literal-path", { inputs: { t: { type: "literal", path: "https://example.com" } } })).toEqual([
            "inputs.t.value: a literal input needs a value: a string, a number or a boolean",
            `inputs.t.path: a literal input takes a value, not a path; remove path or set type to 'uri_folder' or 'uri_file', got "https://example.com"`,
        ]);
    });
});

describe("where a job's output goes", () => {
    const props = { endpointId: ENDPOINT, scoringUri: SCORING, inputs: heart };

    it("is a folder of its own per job: by default under batch/<endpoint>, else under the path given", () => {
        expect(batchOutputLocation(props, "scorer", "job-1")).toEqual({
            name: "score",
            uri: "azureml://datastores/workspaceblobstore/paths/batch/scorer/job-1/",
        });
        expect(
            batchOutputLocation(
                { ...props, output: { datastore: "results", path: "/nightly//scores/" } },
                "scorer",
                "job-1",
            ),
        ).toEqual({ name: "score", uri: "azureml://datastores/results/paths/nightly/scores/job-1/" });
    });

    it("always ends in the job's own folder, whatever folder is given", () => {
        for (const path of ["fixed", "fixed/", "a/b"]) {
            expect(batchOutputLocation({ ...props, output: { name: "preds", path } }, "scorer", "job-1").uri).toMatch(
                /\/job-1\/$/,
            );
        }
    });
});

describe("the invocation on the wire", () => {
    it("is the SDK's camelCase BatchJob with the client's job name and only the overrides given", () => {
        const request = batchJobRequest(
            {
                endpointId: ENDPOINT,
                scoringUri: SCORING,
                deployment: "blue",
                inputs: {
                    heart: { type: "uri_file", path: "https://example.com/heart.csv" },
                    n: { type: "literal", value: 3 },
                },
                overrides: { instanceCount: 2, retrySettings: { timeoutSeconds: 90 }, loggingLevel: "debug" },
                scope: "credit/dev/nightly",
            },
            "scorer",
            "nightly-0123",
        );
        expect(request.deployment).toBe("blue");
        expect(batchJobBody(request)).toEqual({
            properties: {
                name: "nightly-0123",
                inputData: {
                    heart: { jobInputType: "UriFile", uri: "https://example.com/heart.csv" },
                    n: { jobInputType: "Literal", value: "3" },
                },
                outputData: {
                    score: {
                        jobOutputType: "UriFolder",
                        uri: "azureml://datastores/workspaceblobstore/paths/batch/scorer/nightly-0123/",
                    },
                },
                compute: { instanceCount: 2 },
                retrySettings: { timeout: "PT90S" },
                loggingLevel: "Debug",
                tags: { "azureml-pulumi-invocation": "credit/dev/nightly" },
            },
        });
    });
});

describe("a job as ARM shows it", () => {
    it("reads status, creation time, outputs, owner and studio link; builds the link the SDK's way when missing", () => {
        const job = batchJobState(WS, "nightly-1", {
            name: "nightly-1",
            properties: {
                status: "Running",
                outputs: { score: { jobOutputType: "uri_folder", uri: "azureml://datastores/d/paths/p/" } },
                properties: { "azureml.endpointname": "scorer", "azureml.deploymentname": "blue" },
            },
            systemData: { createdAt: "2026-01-01T00:00:00.000Z" },
        });
        expect(job).toEqual({
            name: "nightly-1",
            status: "Running",
            createdAt: Date.parse("2026-01-01T00:00:00.000Z"),
            outputs: { score: "azureml://datastores/d/paths/p/" },
            studioUrl:
                "https://ml.azure.com/runs/nightly-1?wsid=/subscriptions/00000000-0000-0000-0000-0000000000aa/resourcegroups/rg/workspaces/ws",
            endpointName: "scorer",
            deployment: "blue",
        });
        expect(batchJobStudioUrl(WS, "nightly-1")).toBe(job.studioUrl);
    });

    it("fails naming the job, any message the response carries, and where the reason is", () => {
        const job = batchJobState(WS, "nightly-1", {
            properties: { status: "Failed", error: { message: "quota exceeded" } },
        });
        const context = { endpointId: ENDPOINT, nextJobName: "nightly-1-2" };
        expect(failedJobMessage(job, context)).toBe(
            `batch job nightly-1 on ${ENDPOINT} (deployment the endpoint's default) ended Failed: quota exceeded. ` +
                `Azure ML reports no reason through its API; it is in the job's logs: open ${job.studioUrl}, select the batchscoring ` +
                "step, then Outputs + logs (logs/job_progress_overview.txt holds the job's error, logs/user/error/ the scoring " +
                "script's stack traces), or run `az ml job stream --name nightly-1`. Running the update again starts the job again, as nightly-1-2",
        );
        expect(
            timedOutJobMessage({ ...job, status: "Running" }, 600, { kind: "cancel failed", error: "403" }, context),
        ).toContain(
            "did not end within timeoutSeconds (600 s from its creation): it was Running; canceling it failed (403)",
        );
    });
});
