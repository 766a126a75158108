import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { hashContent, uploadPaths } from "../../src/assets/contentHash";
import { BLOB_ENDPOINT_OVERRIDE, BLOB_KEY_OVERRIDE, containerClient, uploadContent } from "../../src/azure";
import { Azurite, azuriteMain, startAzurite } from "../../src/local/azurite";
import { deleteAssetContent, uploadAsset } from "../../src/providers/assetUploadRuntime";
import { writeTree } from "../support/tree";

/** The datastore URL the program builds: a real account that the override must keep requests away from. */
const DATASTORE = "https://realaccount.blob.core.windows.net";
const KEY = Buffer.alloc(64, 1).toString("base64");
/** The override's environment; a null key leaves the key variable out. */
const override = (endpoint: string, key: string | null = KEY): NodeJS.ProcessEnv =>
    key === null
        ? { [BLOB_ENDPOINT_OVERRIDE]: endpoint }
        : { [BLOB_ENDPOINT_OVERRIDE]: endpoint, [BLOB_KEY_OVERRIDE]: key };

describe("blob endpoint override", () => {
    it("uses the datastore URL when unset, even with a stray key", () => {
        const client = containerClient(DATASTORE, "ds", "accountKey", {
            AZURE_STORAGE_KEY: KEY,
            [BLOB_KEY_OVERRIDE]: KEY,
        });
        expect(client.url).toBe(`${DATASTORE}/ds`);
        expect(client.accountName).toBe("realaccount");
    });

    it.each(["entra", "accountKey"] as const)(
        "sends auth %s to the loopback account with its key, keeping the container",
        (auth) => {
            const client = containerClient(DATASTORE, "ds", auth, override("http://127.0.0.1:1234/emu/"));
            expect(client.url).toBe("http://127.0.0.1:1234/emu/ds");
            expect(client.accountName).toBe("emu");
            expect(client.credential).toBeInstanceOf(StorageSharedKeyCredential);
            expect((client.credential as StorageSharedKeyCredential).accountName).toBe("emu");
        },
    );

    it.each([
        "http://10.0.0.5:10000/emu",
        "https://emu.blob.core.windows.net/emu",
        "http://127.0.0.1.evil.example/emu",
        "ftp://127.0.0.1/emu",
    ])("refuses the non-loopback override %s", (endpoint) => {
        expect(() => containerClient(DATASTORE, "ds", "entra", override(endpoint))).toThrow(
            `${BLOB_ENDPOINT_OVERRIDE}="${endpoint}" must be a loopback URL (http://127.0.0.1:<port>/<account>)`,
        );
    });

    it.each(["", "  "])("refuses a set but empty override %j", (endpoint) => {
        expect(() => containerClient(DATASTORE, "ds", "entra", override(endpoint))).toThrow(
            `${BLOB_ENDPOINT_OVERRIDE} is set but empty; unset it to upload to Azure storage`,
        );
    });

    it.each(["http://127.0.0.1:1234", "http://127.0.0.1:1234/emu/ds", "http://127.0.0.1:1234/emu?sig=x"])(
        "refuses %s, which does not name exactly one account",
        (endpoint) => {
            expect(() => containerClient(DATASTORE, "ds", "entra", override(endpoint))).toThrow(
                `${BLOB_ENDPOINT_OVERRIDE}="${endpoint}" must name the emulator's account and nothing else`,
            );
        },
    );

    it("refuses text that is not a URL, and an override without its key", () => {
        expect(() => containerClient(DATASTORE, "ds", "entra", override("nope"))).toThrow(
            `${BLOB_ENDPOINT_OVERRIDE}="nope" is not a URL`,
        );
        expect(() => containerClient(DATASTORE, "ds", "entra", override("http://localhost:1/emu", null))).toThrow(
            `${BLOB_ENDPOINT_OVERRIDE} is set but ${BLOB_KEY_OVERRIDE} is not`,
        );
        expect(() => containerClient(DATASTORE, "ds", "entra", override("http://localhost:1/emu", ""))).toThrow(
            `${BLOB_ENDPOINT_OVERRIDE} is set but ${BLOB_KEY_OVERRIDE} is empty`,
        );
    });

    it("still checks the datastore URL itself", () => {
        expect(() =>
            containerClient("http://storage.example.com", "ds", "entra", override("http://127.0.0.1:1/emu")),
        ).toThrow("blob endpoints must be https");
    });
});

describe("uploads with the override, on Azurite", () => {
    let azurite: Azurite;
    const names = async (container: string, prefix = ""): Promise<string[]> => {
        const client = new BlobServiceClient(
            azurite.accountUrl,
            new StorageSharedKeyCredential(azurite.account, azurite.key),
        ).getContainerClient(container);
        const found: string[] = [];
        for await (const item of client.listBlobsFlat({ prefix })) {
            found.push(item.name);
        }
        return found.sort();
    };

    beforeAll(async () => {
        azurite = await startAzurite();
    }, 60_000);
    afterAll(() => azurite?.stop());

    it("lands under the datastore's container and path, creating the container a fresh account lacks", async () => {
        const source = writeTree({ MLmodel: "flavors: {}\n", "sub/w.bin": Buffer.alloc(2048, 3) });
        const content = await hashContent(source);
        const paths = uploadPaths(content.digest, source);
        const container = containerClient(DATASTORE, "azureml-blobstore-1", "entra", azurite.env());
        const result = await uploadContent(container, content, paths, { maxConcurrency: 2, blockSizeBytes: 1 << 20 });
        expect(result).toEqual({ uploadedFiles: 2, uploadedBytes: 2060, skippedFiles: 0 });
        expect(await names("azureml-blobstore-1")).toEqual(
            [`${paths.assetPath}/MLmodel`, `${paths.assetPath}/sub/w.bin`, paths.manifestPath].sort(),
        );
    });

    it("signs with the override's key: a wrong one is refused", async () => {
        const source = writeTree({ "a.txt": "a" });
        const content = await hashContent(source);
        const wrong = { ...azurite.env(), [BLOB_KEY_OVERRIDE]: KEY };
        const container = containerClient(DATASTORE, "azureml-blobstore-2", "accountKey", wrong);
        await expect(
            uploadContent(container, content, uploadPaths(content.digest, source), {
                maxConcurrency: 1,
                blockSizeBytes: 1 << 20,
            }),
        ).rejects.toMatchObject({ statusCode: 403 });
    });

    it("runs the provider's upload and delete through the process environment", async () => {
        const source = writeTree({ "conda.yaml": "name: m\n" });
        const digest = (await hashContent(source)).digest;
        const props = {
            source,
            digest,
            accountUrl: DATASTORE,
            container: "azureml-blobstore-3",
            ...uploadPaths(digest, source),
            auth: "entra" as const,
            deleteOnDestroy: true,
            maxConcurrency: 4,
            blockSizeMiB: 1,
        };
        const saved = { ...process.env };
        Object.assign(process.env, azurite.env());
        try {
            expect(await uploadAsset(props)).toMatchObject({ uploadedFiles: 1, fileCount: 1 });
            expect(await names(props.container, props.prefix)).toEqual([
                props.manifestPath,
                `${props.assetPath}/conda.yaml`,
            ]);
            expect(await uploadAsset(props)).toMatchObject({ uploadedFiles: 0, skippedFiles: 1 });
            expect(await deleteAssetContent(props)).toBe(1);
            expect(await names(props.container)).toEqual([]);
        } finally {
            delete process.env[BLOB_ENDPOINT_OVERRIDE];
            delete process.env[BLOB_KEY_OVERRIDE];
            Object.assign(process.env, saved);
        }
    });
});

describe("startAzurite", () => {
    it("keeps data in a caller's location across restarts", async () => {
        const location = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rehearsal-")), ".azurite");
        const first = await startAzurite({ location, account: "rehearsal" });
        try {
            expect(first.env()).toEqual({ [BLOB_ENDPOINT_OVERRIDE]: first.accountUrl, [BLOB_KEY_OVERRIDE]: first.key });
            expect(first.accountUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rehearsal$/);
            const blob = containerClient(DATASTORE, "kept", "entra", first.env());
            await blob.create();
            await blob.getBlockBlobClient("x.txt").upload("x", 1);
        } finally {
            await first.stop();
        }
        expect(fs.readdirSync(location).length).toBeGreaterThan(0);
        const second = await startAzurite({ location, account: "rehearsal" });
        try {
            expect(second.key).not.toBe(first.key);
            const blob = containerClient(DATASTORE, "kept", "entra", second.env());
            expect((await blob.getBlockBlobClient("x.txt").downloadToBuffer()).toString()).toBe("x");
        } finally {
            await second.stop();
            fs.rmSync(path.dirname(location), { recursive: true, force: true });
        }
    }, 60_000);

    it("says how to install Azurite when the package cannot be found", () => {
        expect(() => azuriteMain([os.tmpdir()])).toThrow(
            "`up --local` uploads local assets to Azurite: npm install --save-dev azurite",
        );
        expect(azuriteMain()).toMatch(/azurite.dist.src.blob.main\.js$/);
    });

    it("refuses an account name storage would refuse", async () => {
        await expect(startAzurite({ account: "Bad_Name" })).rejects.toThrow("3 to 24 lowercase letters and digits");
    });
});
