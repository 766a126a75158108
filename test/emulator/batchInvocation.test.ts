import { ArmClient } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { armJob, batchEndpointOnManualClock, bearer } from "../support/batch";
import { call } from "../support/emulatorHttp";
import { API, WS_PATH, startEmulator } from "../support/emulator";

let emulator: AzureMlEmulator;
let client: ArmClient;
let scoringUri: string;

beforeAll(async () => {
    ({ emulator, client } = await startEmulator({ clock: { manual: true } }));
    scoringUri = await batchEndpointOnManualClock(emulator, client, "scorer", true);
});

afterAll(async () => {
    await emulator.stop();
});

const invoke = async (body: unknown, headers: Record<string, string> = {}) =>
    call(emulator, "POST", scoringUri, { ...(await bearer()), ...headers }, body);
const dataPlaneJob = async (name: string) =>
    call(emulator, "GET", `${scoringUri}/${encodeURIComponent(name)}`, await bearer());

describe("batch invocation: the two spellings of the body", () => {
    it("takes the SDK's camelCase body with a client job name and every per-job setting", async () => {
        const started = await invoke(
            {
                properties: {
                    name: "NightlyScore-01",
                    inputData: {
                        input_data: {
                            jobInputType: "UriFolder",
                            uri: "azureml://datastores/workspaceblobstore/paths/in/",
                        },
                    },
                    outputData: {
                        score: {
                            jobOutputType: "UriFolder",
                            uri: "azureml://datastores/workspaceblobstore/paths/out/camel/",
                        },
                    },
                    compute: { instanceCount: 3 },
                    miniBatchSize: 20,
                    outputFileName: "scores.csv",
                    retrySettings: { maxRetries: 2, timeout: "PT60S" },
                    errorThreshold: 5,
                    loggingLevel: "Debug",
                },
            },
            { "repeatability_request-id": "5a4c1c3e-4a38-4c36-9a53-5bd0f1b4a7e0" },
        );
        expect(started.status).toBe(200);
        expect(started.body).toMatchObject({
            name: "NightlyScore-01",
            type: "Microsoft.MachineLearningServices/workspaces/batchEndpoints/jobs",
        });
        expect(started.body.properties).toMatchObject({
            status: "NotStarted",
            miniBatchSize: 20,
            outputFileName: "scores.csv",
            errorThreshold: 5,
            loggingLevel: "Debug",
            retrySettings: { maxRetries: 2, timeout: "PT60S" },
            compute: { instanceCount: 3 },
            tags: { "azureml.batchrun": "true", "azureml.deploymentname": "v1" },
            properties: { "azureml.endpointname": "scorer", "azureml.deploymentname": "v1" },
        });

        const arm = await armJob(client, "NightlyScore-01");
        expect(arm.status).toBe(200);
        expect(arm.body).toMatchObject({
            id: `${WS_PATH}/jobs/NightlyScore-01`,
            type: "Microsoft.MachineLearningServices/workspaces/jobs",
        });
        expect(arm.body.properties).toMatchObject({
            jobType: "Pipeline",
            experimentName: "scorer",
            inputs: {
                input_data: { jobInputType: "uri_folder", uri: "azureml://datastores/workspaceblobstore/paths/in/" },
            },
            outputs: {
                score: { jobOutputType: "uri_folder", uri: "azureml://datastores/workspaceblobstore/paths/out/camel/" },
            },
            tags: { "azureml.batchrun": "true" },
        });
        expect((await dataPlaneJob("NightlyScore-01")).body.name).toBe("NightlyScore-01");
    });

    it("takes Microsoft's PascalCase REST body with a client job name", async () => {
        const started = await invoke({
            properties: {
                Name: "rest-job",
                InputData: {
                    heart_data: {
                        JobInputType: "UriFile",
                        Uri: "https://azuremlexampledata.blob.core.windows.net/data/heart.csv",
                    },
                },
                OutputData: {
                    score: {
                        JobOutputType: "UriFile",
                        Uri: `${WS_PATH}/datastores/workspaceblobstore/paths/out/rest.csv`,
                    },
                },
            },
        });
        expect(started.status).toBe(200);
        expect(started.body.name).toBe("rest-job");
        expect((await armJob(client, "rest-job")).body.properties.inputs.heart_data).toEqual({
            jobInputType: "uri_file",
            uri: "https://azuremlexampledata.blob.core.windows.net/data/heart.csv",
        });
    });

    it("names a job itself with a GUID when the client gives no name", async () => {
        const started = await invoke({
            properties: { InputData: { d: { JobInputType: "UriFolder", Uri: "azureml:heart-data:1" } } },
        });
        expect(started.body.name).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(started.body.properties.outputData.score.uri).toBe(
            `azureml://datastores/workspaceblobstore/paths/azureml/${started.body.name}/score/`,
        );
    });

    it("looks job names up case-sensitively, through ARM and the data plane", async () => {
        expect((await armJob(client, "nightlyscore-01")).status).toBe(404);
        expect((await armJob(client, "NIGHTLYSCORE-01")).body.error.code).toBe("ResourceNotFound");
        expect((await dataPlaneJob("nightlyscore-01")).status).toBe(404);
    });

    it("answers 409 to a duplicate job name, also one differing only in case", async () => {
        const body = (name: string) => ({
            properties: {
                name,
                inputData: { d: { jobInputType: "UriFolder", uri: "https://x.blob.core.windows.net/in/" } },
            },
        });
        expect((await invoke(body("dup-1"))).status).toBe(200);
        const again = await invoke(body("dup-1"));
        expect(again.status).toBe(409);
        expect(again.body.error.message).toContain("A job with this ID already exists: 'dup-1'");
        expect((await invoke(body("DUP-1"))).status).toBe(409);
    });
});

describe("batch invocation: what Azure refuses", () => {
    const valid = {
        properties: { InputData: { d: { JobInputType: "UriFolder", Uri: "https://x.blob.core.windows.net/in/" } } },
    };

    it("answers 401 without a token, with an ARM token, and with a token it cannot read", async () => {
        const none = await call(emulator, "POST", scoringUri, {}, valid);
        expect(none.status).toBe(401);
        expect(none.body.error.message).toContain("no 'Authorization: Bearer <token>' header");
        const arm = await call(
            emulator,
            "POST",
            scoringUri,
            await bearer("https://management.azure.com/.default"),
            valid,
        );
        expect(arm.status).toBe(401);
        expect(arm.body.error.message).toContain("the token's audience is 'https://management.azure.com'");
        expect(arm.headers["www-authenticate"]).toContain("https://ml.azure.com");
        expect((await call(emulator, "POST", scoringUri, { authorization: "Bearer entra" }, valid)).status).toBe(401);
        expect(
            (
                await call(
                    emulator,
                    "GET",
                    `${scoringUri}/rest-job`,
                    await bearer("https://management.azure.com/.default"),
                )
            ).status,
        ).toBe(401);
    });

    it("refuses an ml.azure.com token on ARM, as ARM checks its audience", async () => {
        const answer = await call(
            emulator,
            "GET",
            `${emulator.baseUrl}${WS_PATH}/jobs/rest-job?api-version=${API}`,
            await bearer(),
        );
        expect(answer.status).toBe(401);
        expect(answer.body.error.code).toBe("InvalidAuthenticationTokenAudience");
    });

    it("refuses input types and locations a batch job cannot take, naming the field and the fix", async () => {
        const bad = async (input: unknown) =>
            (await invoke({ properties: { inputData: { d: input } } })).body.error.message as string;
        expect(await bad({ jobInputType: "uri_folder", uri: "https://x.blob.core.windows.net/in/" })).toContain(
            "jobInputType must be UriFolder, UriFile or Literal",
        );
        expect(await bad({ jobInputType: "MLTable", uri: "azureml:table:1" })).toContain("MLTable) are not supported");
        expect(await bad({ jobInputType: "UriFolder", uri: "./local/data" })).toContain("upload local files first");
        expect((await invoke({ properties: {} })).body.error.message).toContain("exactly one data input");
        expect((await invoke({ properties: { InputData: {}, inputData: {} } })).body.error.message).toContain(
            "both 'inputData' and 'InputData'",
        );
        expect((await invoke({ properties: { name: "-bad", inputData: valid.properties.InputData } })).status).toBe(
            400,
        );
    });

    it("takes a literal input on a pipeline component deployment and refuses it on a model deployment", async () => {
        const literal = { properties: { InputData: { score_mode: { JobInputType: "Literal", Value: "append" } } } };
        const onModel = await invoke(literal);
        expect(onModel.status).toBe(400);
        expect(onModel.body.error.message).toContain(
            "literal inputs are supported only by pipeline component deployments",
        );
        const onPipeline = await invoke(literal, { "azureml-model-deployment": "pipe" });
        expect(onPipeline.status).toBe(200);
        expect(onPipeline.body.name).toMatch(/^pipelinejob-/);
        expect((await armJob(client, onPipeline.body.name)).body.properties.inputs.score_mode).toEqual({
            jobInputType: "literal",
            value: "append",
        });
    });
});

describe("batch jobs: an output file that exists", () => {
    it("fails the second job writing the same file", async () => {
        const body = (name: string) => ({
            properties: {
                name,
                inputData: { d: { jobInputType: "UriFolder", uri: "https://x.blob.core.windows.net/in/" } },
                outputData: {
                    score: { jobOutputType: "UriFolder", uri: "azureml://datastores/workspaceblobstore/paths/shared/" },
                },
            },
        });
        expect((await invoke(body("writer-1"))).status).toBe(200);
        emulator.clock.advance(10_000);
        expect((await armJob(client, "writer-1")).body.properties.status).toBe("Completed");
        const second = await invoke(body("writer-2"));
        expect(second.status).toBe(200);
        emulator.clock.advance(10_000);
        const failed = (await armJob(client, "writer-2")).body.properties;
        expect(failed.status).toBe("Failed");
        expect(failed.error).toBeUndefined();
        expect([...emulator.state.jobs.values()].find((j) => j.name === "writer-2")?.error?.message).toContain(
            "azureml://datastores/workspaceblobstore/paths/shared/predictions.csv' already exists (written by job 'writer-1')",
        );
        // Another file name in the same folder is a new output.
        const other = await invoke({ properties: { ...body("writer-3").properties, outputFileName: "other.csv" } });
        emulator.clock.advance(10_000);
        expect((await armJob(client, other.body.name)).body.properties.status).toBe("Completed");
    });
});

describe("batch endpoint PATCH", () => {
    it("changes tags and ignores properties.defaults: a default moves only with a PUT", async () => {
        const path = `${WS_PATH}/batchEndpoints/scorer`;
        const patched = await client.send("PATCH", path, {
            apiVersion: API,
            body: { tags: { team: "risk" }, properties: { defaults: { deploymentName: "pipe" } } },
        });
        expect(patched.status).toBe(202);
        expect(patched.headers.location).toContain("mfeOperationResults");
        emulator.clock.advance(10_000);
        const endpoint = (await client.request("GET", path, { apiVersion: API })).body as any;
        expect(endpoint.tags).toEqual({ team: "risk" });
        expect(endpoint.properties.defaults).toEqual({ deploymentName: "v1" });
    });
});
