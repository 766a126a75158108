import * as fs from "fs";
import * as path from "path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { Model } from "../../src/components";
import { EngineLifecycle, ProviderHost, installMockEngine, settle } from "../../src/testing";
import { AZURITE_ACCOUNT, Azurite, startAzurite } from "../support/azurite";
import { REPO_ROOT } from "../support/stackFiles";
import { writeTree } from "../support/tree";

const UPLOAD = "pulumi-nodejs:dynamic/azureml:AssetUpload";
const CONTAINER = "azureml-blobstore-test";
const engine = installMockEngine({ project: "uploads", stack: "test" });

let azurite: Azurite;
let host: ProviderHost;
let blobs: ReturnType<BlobServiceClient["getContainerClient"]>;

/** Builds a Model under mocks and returns the AssetUpload inputs it would send to the provider. */
async function uploadInputs(
    name: string,
    source: string,
    upload: Record<string, unknown> = {},
): Promise<Record<string, any>> {
    new Model(name, {
        path: source,
        workspaceName: "ws",
        resourceGroupName: "rg",
        datastore: { accountUrl: azurite.accountUrl, container: CONTAINER },
        upload: { auth: "accountKey", ...upload },
    });
    await settle();
    return engine.get(UPLOAD, `${name}-upload`).inputs;
}

async function blobNames(prefix = ""): Promise<string[]> {
    const names: string[] = [];
    for await (const item of blobs.listBlobsFlat({ prefix })) {
        names.push(item.name);
    }
    return names.sort();
}

beforeAll(async () => {
    azurite = await startAzurite();
    blobs = new BlobServiceClient(
        azurite.accountUrl,
        new StorageSharedKeyCredential(AZURITE_ACCOUNT, azurite.key),
    ).getContainerClient(CONTAINER);
    await blobs.createIfNotExists();
    // The key reaches the provider host through its environment only, as AZURE_STORAGE_KEY would in CI.
    host = await ProviderHost.start({ cwd: REPO_ROOT, env: { AZURE_STORAGE_KEY: azurite.key } });
}, 60_000);

afterAll(async () => {
    await host?.stop();
    await azurite?.stop();
});

describe("AssetUpload on Azurite through the real provider host", () => {
    it("uploads on the first run, nothing when unchanged, and a new path when one file changes", async () => {
        const dir = writeTree(
            { MLmodel: "flavors: {}\n", "model.pkl": Buffer.alloc(3 * 1024 * 1024, 7), "conda.yaml": "name: m\n" },
            undefined,
        );
        const source = path.relative(REPO_ROOT, dir);
        const inputs = await uploadInputs("credit", source);
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::uploads::azureml:assets:Model$azureml:AssetUpload::credit-upload",
        );

        expect((await resource.up(inputs)).result).toBe("created");
        expect(resource.state!.outputs).toMatchObject({
            uploadedFiles: 3,
            uploadedBytes: 3 * 1024 * 1024 + 20,
            skippedFiles: 0,
        });
        const assetPath = inputs.assetPath as string;
        expect(await blobNames(assetPath)).toEqual([
            `${assetPath}/MLmodel`,
            `${assetPath}/conda.yaml`,
            `${assetPath}/model.pkl`,
        ]);

        expect((await resource.up(inputs)).result).toBe("unchanged");

        // Same content under another resource (a new stack, say): the completed path costs one read, no bytes.
        const twin = new EngineLifecycle(
            host,
            "urn:pulumi:test::uploads::azureml:assets:Model$azureml:AssetUpload::twin-upload",
        );
        await twin.up(inputs);
        expect(twin.state!.outputs).toMatchObject({ uploadedBytes: 0, uploadedFiles: 0, skippedFiles: 3 });

        fs.writeFileSync(path.join(dir, "conda.yaml"), "name: m2\n");
        const changed = await uploadInputs("credit2", source);
        expect(changed.digest).not.toBe(inputs.digest);
        expect(changed.assetPath).not.toBe(assetPath);
        expect((await resource.up(changed)).result).toBe("replaced");
        expect(resource.state!.outputs.uploadedFiles).toBe(3);
        // The old path stays: older model versions point at it.
        expect(await blobNames(assetPath)).toHaveLength(3);
        expect(await blobNames(changed.assetPath)).toHaveLength(3);
    });

    it("resumes an interrupted upload: only what is missing goes up", async () => {
        const dir = writeTree({
            "a.bin": Buffer.alloc(1024, 1),
            "b.bin": Buffer.alloc(2048, 2),
            "c.bin": Buffer.alloc(4096, 3),
        });
        const inputs = await uploadInputs("resumable", path.relative(REPO_ROOT, dir));
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::uploads::azureml:assets:Model$azureml:AssetUpload::resumable-upload",
        );
        await resource.up(inputs);
        // As if the process had been killed after two files: no manifest, one blob missing.
        await blobs.deleteBlob(inputs.manifestPath);
        await blobs.deleteBlob(`${inputs.assetPath}/b.bin`);
        await resource.up({ ...inputs, maxConcurrency: 2 });
        expect(resource.state!.outputs).toMatchObject({ uploadedFiles: 1, uploadedBytes: 2048, skippedFiles: 2 });
    });

    it("uploads big files in blocks", async () => {
        const dir = writeTree({ "weights.bin": Buffer.alloc(5 * 1024 * 1024 + 17, 9) });
        const inputs = await uploadInputs("blocky", path.relative(REPO_ROOT, dir), { blockSizeMiB: 1 });
        const resource = new EngineLifecycle(
            host,
            "urn:pulumi:test::uploads::azureml:assets:Model$azureml:AssetUpload::blocky-upload",
        );
        await resource.up(inputs);
        const blocks = await blobs.getBlockBlobClient(`${inputs.assetPath}/weights.bin`).getBlockList("committed");
        expect(blocks.committedBlocks?.length).toBe(6);
    });

    it("keeps blobs on delete unless asked, and removes them when asked", async () => {
        const kept = await uploadInputs("kept", path.relative(REPO_ROOT, writeTree({ "k.txt": "keep me" })));
        const keptResource = new EngineLifecycle(host, "urn:pulumi:test::uploads::x$azureml:AssetUpload::kept-upload");
        await keptResource.up(kept);
        await keptResource.destroy();
        expect(await blobNames(kept.assetPath)).toHaveLength(1);

        const gone = await uploadInputs("gone", path.relative(REPO_ROOT, writeTree({ "g.txt": "delete me" })), {
            deleteOnDestroy: true,
        });
        const goneResource = new EngineLifecycle(host, "urn:pulumi:test::uploads::x$azureml:AssetUpload::gone-upload");
        await goneResource.up(gone);
        await goneResource.destroy();
        expect(await blobNames(gone.prefix)).toEqual([]);
    });

    it("keeps working on state written by version 0.1.0: no change on upgrade, and its delete removes blobs", async () => {
        const fixture = path.join(REPO_ROOT, "test", "fixtures", "providerState", "v0.1.0.json");
        const v010 = JSON.parse(fs.readFileSync(fixture, "utf8")).providers.AssetUpload as string;
        const inputs = await uploadInputs("old", path.relative(REPO_ROOT, writeTree({ "o.txt": "old state" })), {
            deleteOnDestroy: true,
        });
        const resource = new EngineLifecycle(host, "urn:pulumi:test::uploads::x$azureml:AssetUpload::old-upload");
        await resource.up({ ...inputs, __provider: v010 });
        expect(resource.state!.outputs.__provider).toBe(v010);
        expect(await blobNames(inputs.assetPath)).toHaveLength(1);

        expect((await resource.up(inputs)).result).toBe("unchanged");
        expect(await resource.up({ ...inputs, maxConcurrency: 2 })).toEqual({ result: "updated", failures: [] });
        expect(resource.state!.outputs.__provider).toBe(inputs.__provider);

        const old = new EngineLifecycle(host, "urn:pulumi:test::uploads::x$azureml:AssetUpload::old-delete");
        await old.up({ ...inputs, __provider: v010 });
        await old.destroy();
        expect(await blobNames(inputs.prefix)).toEqual([]);
    });

    it("refuses content that changed after the plan was made", async () => {
        const dir = writeTree({ "x.txt": "planned" });
        const inputs = await uploadInputs("drift", path.relative(REPO_ROOT, dir));
        fs.writeFileSync(path.join(dir, "x.txt"), "edited during the update");
        const resource = new EngineLifecycle(host, "urn:pulumi:test::uploads::x$azureml:AssetUpload::drift-upload");
        await expect(resource.up(inputs)).rejects.toThrow(/changed after the plan was made/);
    });

    it("keeps the key out of state and the provider text small", async () => {
        const inputs = await uploadInputs("small", path.relative(REPO_ROOT, writeTree({ "s.txt": "s" })));
        const resource = new EngineLifecycle(host, "urn:pulumi:test::uploads::x$azureml:AssetUpload::small-upload");
        await resource.up(inputs);
        const state = JSON.stringify(resource.state);
        expect(state).not.toContain(azurite.key);
        expect(state).not.toMatch(/AccountKey|SharedKey|sig=/);
        expect((inputs.__provider as string).length).toBeLessThan(16 * 1024);
        expect(inputs.__provider).not.toContain(azurite.key);
    });

    it("lets unknown values through check during a preview", async () => {
        const inputs = await uploadInputs("preview", path.relative(REPO_ROOT, writeTree({ "p.txt": "p" })));
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        expect(
            (await host.check("urn:x", {}, { ...inputs, accountUrl: unknown, container: unknown })).failures,
        ).toEqual([]);
        expect(
            (await host.check("urn:x", {}, { ...inputs, accountUrl: "http://storage.example.com/acct" })).failures,
        ).toEqual([
            {
                property: "accountUrl",
                reason: 'blob endpoints must be https (plain http only to a local emulator), got "http://storage.example.com/acct"',
            },
        ]);
    });

    it("says what is missing when the key is not in the environment", async () => {
        const bare = await ProviderHost.start({ cwd: REPO_ROOT, env: { AZURE_STORAGE_KEY: "" } });
        try {
            const inputs = await uploadInputs("nokey", path.relative(REPO_ROOT, writeTree({ "n.txt": "n" })));
            await expect(
                bare.create("urn:pulumi:test::uploads::x$azureml:AssetUpload::nokey-upload", inputs),
            ).rejects.toThrow(
                "upload auth is accountKey but AZURE_STORAGE_KEY is not set in the environment of the Pulumi run",
            );
        } finally {
            await bare.stop();
        }
    });
});
