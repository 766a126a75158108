import { ArmClient, armTarget } from "../../src/azure";
import { AzureMlEmulator } from "../../src/testing";
import { API, RG, SUB } from "../support/emulator";
import { microsoftClient } from "../support/microsoftClient";

/** The default datastore a workspace gets when it is created. */

let emulator: AzureMlEmulator;
let bare: ArmClient;

const wsPath = (ws: string) =>
    `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${ws}`;
const storageAccount = (name: string) =>
    `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${name}`;
const createWorkspace = (ws: string, account: string) =>
    bare.runLongOperation("PUT", wsPath(ws), {
        apiVersion: API,
        body: { location: "westeurope", properties: { storageAccount: storageAccount(account) } },
        pollIntervalMs: 5,
    });
const read = async (path: string) => (await bare.request("GET", path, { apiVersion: API })).body as any;

beforeAll(async () => {
    emulator = await AzureMlEmulator.start({ lroRetryAfterSeconds: null });
    bare = new ArmClient(armTarget(emulator.env()), { maxRetries: 0 });
});

afterAll(() => emulator.stop());

describe("the default datastore", () => {
    it("is workspaceblobstore: the azureml-blobstore-<workspace id> container of the workspace's storage account", async () => {
        await createWorkspace("ws-data", "stcredit01");
        const workspace = await read(wsPath("ws-data"));
        expect(workspace.properties.workspaceId).toMatch(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        );
        const datastore = await read(`${wsPath("ws-data")}/datastores/workspaceblobstore`);
        expect(datastore).toMatchObject({
            name: "workspaceblobstore",
            type: "Microsoft.MachineLearningServices/workspaces/datastores",
            properties: {
                datastoreType: "AzureBlob",
                accountName: "stcredit01",
                containerName: `azureml-blobstore-${workspace.properties.workspaceId}`,
                endpoint: "core.windows.net",
                protocol: "https",
                isDefault: true,
            },
        });
    });

    it("stays the same when the workspace is updated", async () => {
        const before = await read(wsPath("ws-data"));
        await createWorkspace("ws-data", "stcredit01");
        const after = await read(wsPath("ws-data"));
        expect(after.properties.workspaceId).toBe(before.properties.workspaceId);
        expect((await read(`${wsPath("ws-data")}/datastores/workspaceblobstore`)).properties.containerName).toBe(
            `azureml-blobstore-${before.properties.workspaceId}`,
        );
    });

    it("gives each workspace its own container, and a purged then re-created workspace a new one", async () => {
        await createWorkspace("ws-other", "stcredit01");
        const first = (await read(`${wsPath("ws-other")}/datastores/workspaceblobstore`)).properties.containerName;
        expect(first).not.toBe(
            (await read(`${wsPath("ws-data")}/datastores/workspaceblobstore`)).properties.containerName,
        );
        await bare.runLongOperation("DELETE", wsPath("ws-other"), {
            apiVersion: API,
            query: { forceToPurge: "true" },
            pollIntervalMs: 5,
        });
        expect(
            (await bare.send("GET", `${wsPath("ws-other")}/datastores/workspaceblobstore`, { apiVersion: API })).status,
        ).toBe(404);
        await createWorkspace("ws-other", "stcredit02");
        const second = (await read(`${wsPath("ws-other")}/datastores/workspaceblobstore`)).properties;
        expect(second.accountName).toBe("stcredit02");
        expect(second.containerName).not.toBe(first);
    });

    it("answers 404 for a datastore the workspace does not have", async () => {
        const missing = await bare.send("GET", `${wsPath("ws-data")}/datastores/workspacefilestore`, {
            apiVersion: API,
        });
        expect(missing.status).toBe(404);
        expect((missing.body as any).error.code).toBe("ResourceNotFound");
    });

    it("reads through Microsoft's ARM client as an AzureBlob datastore", async () => {
        const client = microsoftClient(emulator);
        const datastore = await client.datastores.get(RG, "ws-data", "workspaceblobstore");
        expect(datastore.properties).toMatchObject({
            datastoreType: "AzureBlob",
            accountName: "stcredit01",
            isDefault: true,
        });
    });
});
