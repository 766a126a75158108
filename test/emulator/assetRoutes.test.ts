import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { ArmClient, armTarget } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, RG, SUB, WS, WS_PATH } from "../support/emulator";
import { microsoftClient } from "../support/microsoftClient";

/** Code, model and environment assets: containers, versions, and what may change on a version. */

let emulator: AzureMlEmulator;
let bare: ArmClient;
let client: AzureMachineLearningWorkspaces;

const put = (path: string, properties: Record<string, unknown>) =>
    bare.send("PUT", `${WS_PATH}/${path}`, { apiVersion: API, body: { properties } });
const get = (path: string) => bare.send("GET", `${WS_PATH}/${path}`, { apiVersion: API });
const del = (path: string) => bare.send("DELETE", `${WS_PATH}/${path}`, { apiVersion: API });
const codeUri = (folder: string) => `https://account.blob.core.windows.net/azureml-blobstore-x/LocalUpload/${folder}`;

beforeAll(async () => {
    emulator = await AzureMlEmulator.start({ lroRetryAfterSeconds: null });
    emulator.seedWorkspace(SUB, RG, WS);
    bare = new ArmClient(armTarget(emulator.env()), { maxRetries: 0 });
    client = microsoftClient(emulator);
});

afterAll(() => emulator.stop());

describe("Microsoft's ARM client against the emulator's assets", () => {
    it("creates a code version without a container, then reads both", async () => {
        const created = await client.codeVersions.createOrUpdate(RG, WS, "score", "1", {
            properties: { codeUri: codeUri("a1"), description: "scoring script" },
        });
        expect(created.properties).toMatchObject({ codeUri: codeUri("a1"), description: "scoring script" });
        const container = await client.codeContainers.get(RG, WS, "score");
        expect(container.properties).toMatchObject({ latestVersion: "1", nextVersion: "2", isArchived: false });
        const read = await client.codeVersions.get(RG, WS, "score", "1");
        expect(read.name).toBe("1");
        expect(read.properties.codeUri).toBe(codeUri("a1"));
    });

    it("creates and reads a model version and an environment version", async () => {
        await client.modelVersions.createOrUpdate(RG, WS, "credit", "3", {
            properties: {
                modelUri: "azureml://datastores/workspaceblobstore/paths/credit/3",
                modelType: "mlflow_model",
            },
        });
        const model = await client.modelVersions.get(RG, WS, "credit", "3");
        expect(model.properties).toMatchObject({ modelType: "mlflow_model", isArchived: false });
        expect((await client.modelContainers.get(RG, WS, "credit")).properties.nextVersion).toBe("4");

        await client.environmentVersions.createOrUpdate(RG, WS, "sklearn", "1", {
            properties: { image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest" },
        });
        const environment = await client.environmentVersions.get(RG, WS, "sklearn", "1");
        expect(environment.properties).toMatchObject({
            image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
            environmentType: "UserCreated",
        });
    });
});

describe("asset versions", () => {
    it("answers 201 for a new version and 200 for the same one again", async () => {
        expect((await put("codes/train/versions/1", { codeUri: codeUri("t1") })).status).toBe(201);
        const again = await put("codes/train/versions/1", { codeUri: codeUri("t1") });
        expect(again.status).toBe(200);
        expect((again.body as any).properties).toMatchObject({
            codeUri: codeUri("t1"),
            provisioningState: "Succeeded",
        });
    });

    it("lets description, tags and isArchived change on an existing version", async () => {
        const changed = await put("codes/train/versions/1", {
            codeUri: codeUri("t1"),
            description: "now described",
            tags: { team: "risk" },
            isArchived: true,
        });
        expect(changed.status).toBe(200);
        expect(((await get("codes/train/versions/1")).body as any).properties).toMatchObject({
            description: "now described",
            tags: { team: "risk" },
            isArchived: true,
        });
    });

    it("refuses a new path for an existing code or model version, as Azure does", async () => {
        const code = await put("codes/train/versions/1", { codeUri: codeUri("t2") });
        expect(code.status).toBe(409);
        expect((code.body as any).error).toMatchObject({
            code: "UserError",
            message: "Asset paths cannot be updated.",
        });
        expect(((await get("codes/train/versions/1")).body as any).properties.codeUri).toBe(codeUri("t1"));

        await put("models/fraud/versions/1", { modelUri: "azureml://jobs/a/outputs/model" });
        const model = await put("models/fraud/versions/1", { modelUri: "azureml://jobs/b/outputs/model" });
        expect(model.status).toBe(409);
        expect((model.body as any).error.message).toBe("Asset paths cannot be updated.");
    });

    it("refuses any other content change, naming the version and the fields", async () => {
        await put("environments/serve/versions/2", { image: "python:3.11" });
        const refused = await put("environments/serve/versions/2", { image: "python:3.12", description: "newer" });
        expect(refused.status).toBe(409);
        const error = (refused.body as any).error;
        expect(error).toMatchObject({
            code: "UserError",
            message: "Environment serve with version 2 is already registered and cannot be changed.",
        });
        expect(error.details[0].message).toContain("changes image");
        const modelType = await put("models/fraud/versions/1", {
            modelUri: "azureml://jobs/a/outputs/model",
            modelType: "custom_model",
        });
        expect(modelType.status).toBe(409);
        expect((modelType.body as any).error.message).toBe(
            "Model fraud with version 1 is already registered and cannot be changed.",
        );
    });

    it("keeps names and versions case-sensitive", async () => {
        expect((await get("codes/train/versions/1")).status).toBe(200);
        expect((await get("codes/Train/versions/1")).status).toBe(404);
        expect((await get("codes/Train")).status).toBe(404);
    });

    it("refuses a body without properties", async () => {
        const refused = await bare.send("PUT", `${WS_PATH}/models/empty/versions/1`, { apiVersion: API, body: {} });
        expect(refused.status).toBe(400);
        expect((await get("models/empty")).status).toBe(404);
    });
});

describe("asset containers", () => {
    it("answers 201 then 200 for a container PUT, with its description", async () => {
        expect((await put("environments/base", { description: "base images" })).status).toBe(201);
        const updated = await put("environments/base", { description: "base images, v2" });
        expect(updated.status).toBe(200);
        expect(((await get("environments/base")).body as any).properties).toMatchObject({
            description: "base images, v2",
            nextVersion: "1",
        });
    });

    it("refuses to delete a container that has versions, then deletes it once they are gone", async () => {
        await put("models/churn/versions/1", { modelUri: "azureml://jobs/c/outputs/model" });
        await put("models/churn/versions/2", { modelUri: "azureml://jobs/d/outputs/model" });
        const refused = await del("models/churn");
        expect(refused.status).toBe(409);
        expect((refused.body as any).error.message).toContain("still has 2 version(s) (1, 2)");

        expect((await del("models/churn/versions/1")).status).toBe(200);
        expect((await del("models/churn/versions/1")).status).toBe(204);
        expect((await get("models/churn/versions/1")).status).toBe(404);
        expect((await del("models/churn/versions/2")).status).toBe(200);
        // The container outlives its versions and keeps counting (azure-sdk-for-python#28423).
        expect(((await get("models/churn")).body as any).properties.nextVersion).toBe("3");
        expect((await del("models/churn")).status).toBe(200);
        expect((await get("models/churn")).status).toBe(404);
        expect((await del("models/churn")).status).toBe(204);
    });

    it("reports the latest version created", async () => {
        await put("codes/ordered/versions/10", { codeUri: codeUri("o10") });
        await put("codes/ordered/versions/b", { codeUri: codeUri("ob") });
        const props = ((await get("codes/ordered")).body as any).properties;
        expect(props.latestVersion).toBe("b");
        expect(props.nextVersion).toBe("11");
    });
});
