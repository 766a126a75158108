import * as fs from "fs";
import * as path from "path";
import { Code, Environment, Model, registeredAsset } from "../../src/components";
import { hashContent, versionFromDigest } from "../../src/assets";
import { SpecValidationError } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";
import { writeTree } from "../support/tree";

const engine = installMockEngine({ project: "assets", stack: "test" });
const T = {
    modelVersion: "azure-native:machinelearningservices:ModelVersion",
    modelContainer: "azure-native:machinelearningservices:ModelContainer",
    codeVersion: "azure-native:machinelearningservices:CodeVersion",
    envVersion: "azure-native:machinelearningservices:EnvironmentVersion",
    upload: "pulumi-nodejs:dynamic/azureml:AssetUpload",
};
const where = { workspaceName: "ws", resourceGroupName: "rg" };

const modelDir = writeTree({ MLmodel: "flavors: {}\n", "model.pkl": "weights" });
const sameContent = writeTree({ MLmodel: "flavors: {}\n", "model.pkl": "weights" });
const otherContent = writeTree({ MLmodel: "flavors: {}\n", "model.pkl": "weights v2" });
const codeDir = writeTree({ "score.py": "def run(data): return data\n" });
const dockerDir = writeTree({
    Dockerfile: "FROM mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest\n",
});
const condaA = path.join(writeTree({ "conda.yaml": "dependencies: [python=3.10]\n" }), "conda.yaml");
const condaB = path.join(writeTree({ "conda.yaml": "dependencies: [python=3.11]\n" }), "conda.yaml");
const image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest";

beforeAll(async () => {
    new Model("credit", { ...where, path: modelDir, type: "mlflow_model" });
    new Model("credit-copy", { ...where, path: sameContent });
    new Model("credit-v2", { ...where, path: otherContent });
    new Model("remote", { ...where, path: "https://acct.blob.core.windows.net/models/credit" });
    new Model("pinned", { ...where, path: modelDir, version: "7" });
    new Code("score", { ...where, path: codeDir });
    new Environment("env-a", { ...where, image, condaFile: condaA });
    new Environment("env-a-again", { ...where, image, condaFile: condaA });
    new Environment("env-b", { ...where, image, condaFile: condaB });
    new Environment("custom", {
        ...where,
        build: { path: dockerDir },
        inferenceConfig: {
            livenessRoute: { path: "/live", port: 5001 },
            readinessRoute: { path: "/ready", port: 5001 },
            scoringRoute: { path: "/score", port: 5001 },
        },
    });
    await settle();
});

describe("Model", () => {
    it("registers a container and a version derived from the content hash, uploaded first", async () => {
        const digest = (await hashContent(modelDir)).digest;
        const version = engine.get(T.modelVersion, "credit-version");
        const upload = engine.get(T.upload, "credit-upload");
        expect(version.inputs).toMatchObject({
            name: "credit",
            version: versionFromDigest(digest),
            workspaceName: "ws",
            resourceGroupName: "rg",
        });
        expect(version.inputs.properties.modelType).toBe("mlflow_model");
        expect(version.inputs.properties.modelUri).toBe(
            `https://fakestorage.blob.core.windows.net/${upload.inputs.container}/LocalUpload/${digest}/${path.basename(modelDir)}`,
        );
        expect(engine.propertyDependenciesOf(version, "properties")).toContain(upload.urn);
        expect(upload.inputs).toMatchObject({
            digest,
            source: modelDir,
            auth: "entra",
            deleteOnDestroy: false,
            maxConcurrency: 4,
            blockSizeMiB: 8,
        });
        expect(upload.customTimeouts).toMatchObject({ create: "60m" });
        expect(
            engine.invokes.find((i) => i.token === "azure-native:machinelearningservices:getDatastore")?.inputs,
        ).toEqual({ name: "workspaceblobstore", workspaceName: "ws", resourceGroupName: "rg" });
    });

    it("gives identical content the same version and different content another", () => {
        const version = (name: string) => engine.get(T.modelVersion, `${name}-version`).inputs.version;
        expect(version("credit-copy")).toBe(version("credit"));
        expect(version("credit-v2")).not.toBe(version("credit"));
    });

    it("keeps registered versions and containers on destroy (deployments may use them)", () => {
        expect(engine.get(T.modelVersion, "credit-version").retainOnDelete).toBe(true);
        expect(engine.get(T.modelContainer, "credit-container").retainOnDelete).toBe(true);
    });

    it("uses a cloud URI as it is, with a version from the URI and no upload", () => {
        const version = engine.get(T.modelVersion, "remote-version");
        expect(version.inputs.properties.modelUri).toBe("https://acct.blob.core.windows.net/models/credit");
        expect(version.inputs.version).toMatch(/^[0-9a-f]{16}$/);
        expect(engine.ofType(T.upload).map((r) => r.name)).not.toContain("remote-upload");
    });

    it("takes an explicit version", () => {
        expect(engine.get(T.modelVersion, "pinned-version").inputs.version).toBe("7");
    });

    it("refuses a local path that does not exist, before creating anything", () => {
        const before = engine.resources.length;
        expect(() => new Model("ghost", { ...where, path: "./no/such/model" })).toThrow(SpecValidationError);
        expect(() => new Model("ghost", { ...where, path: "./no/such/model" })).toThrow(
            'path: no such file or directory (paths are relative to the program\'s directory), got "./no/such/model"',
        );
        expect(engine.resources.length).toBe(before);
    });
});

describe("Code", () => {
    it("registers a content-addressed code version pointing at the upload", async () => {
        const digest = (await hashContent(codeDir)).digest;
        const version = engine.get(T.codeVersion, "score-version");
        expect(version.inputs.version).toBe(versionFromDigest(digest));
        expect(version.inputs.properties.codeUri).toContain(`/LocalUpload/${digest}/`);
    });
});

describe("Environment", () => {
    it("puts the conda file's content into the version", () => {
        const a = engine.get(T.envVersion, "env-a-version");
        expect(a.inputs.properties).toMatchObject({
            image,
            condaFile: "dependencies: [python=3.10]\n",
            osType: "Linux",
        });
        expect(engine.get(T.envVersion, "env-a-again-version").inputs.version).toBe(a.inputs.version);
        expect(engine.get(T.envVersion, "env-b-version").inputs.version).not.toBe(a.inputs.version);
    });

    it("uploads a build context and serves custom inference routes", async () => {
        const custom = engine.get(T.envVersion, "custom-version");
        const digest = (await hashContent(dockerDir)).digest;
        expect(custom.inputs.properties.build).toEqual({
            contextUri: expect.stringContaining(`/LocalUpload/${digest}/`),
            dockerfilePath: "Dockerfile",
        });
        expect(custom.inputs.properties.inferenceConfig).toEqual({
            livenessRoute: { path: "/live", port: 5001 },
            readinessRoute: { path: "/ready", port: 5001 },
            scoringRoute: { path: "/score", port: 5001 },
        });
        expect(engine.get(T.upload, "custom-upload").inputs.digest).toBe(digest);
    });

    it("refuses a conda file that does not exist", () => {
        expect(() => new Environment("bad-env", { ...where, image, condaFile: "missing/conda.yaml" })).toThrow(
            /condaFile: no such file/,
        );
    });

    it("changes version when the build context changes", async () => {
        fs.writeFileSync(path.join(dockerDir, "extra.txt"), "x");
        new Environment("custom-changed", { ...where, build: { path: dockerDir } });
        await settle();
        expect(engine.get(T.envVersion, "custom-changed-version").inputs.version).not.toBe(
            engine.get(T.envVersion, "custom-version").inputs.version,
        );
    });
});

describe("registered assets", () => {
    it("refer to a version registered elsewhere by its ARM id, creating nothing", async () => {
        const before = engine.resources.length;
        const handle = registeredAsset("model", "azureml:fraud:3", where);
        const id = await new Promise<string>((resolve) => handle.id.apply(resolve));
        expect(id).toBe(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/fraud/versions/3",
        );
        expect(handle.assetName).toBe("fraud");
        expect(engine.resources.length).toBe(before);
    });

    it("refuses a reference that is not azureml:<name>:<version>", () => {
        expect(() => registeredAsset("environment", "azureml:fraud", where)).toThrow(
            'environment: registered references read azureml:<name>:<version>, got "azureml:fraud"',
        );
    });
});
