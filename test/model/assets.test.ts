import { assetSourceKind, codeSpec, environmentSpec, modelSpec } from "../../src/model";
import { parsed, problemLines } from "../support/problems";

describe("asset sources", () => {
    it.each([
        ["./model", "local"],
        ["models/credit.pkl", "local"],
        ["https://acct.blob.core.windows.net/models/credit", "https"],
        ["azureml://datastores/workspaceblobstore/paths/models/credit", "datastore"],
    ])("classifies %s as %s", (path, kind) => {
        expect(assetSourceKind(path)).toBe(kind);
        expect(problemLines(modelSpec, { path })).toEqual([]);
    });

    it.each([
        ["http://acct.blob.core.windows.net/m", "plain http is not accepted"],
        ["azureml://datastores/only", "datastore URIs read azureml://datastores/<datastore>/paths/<path>"],
        ["azureml:credit:1", "referenced from the deployment, not declared as a path"],
        ["s3://bucket/model", "asset paths are local paths, https URLs or azureml://datastores"],
        ["", "an asset path cannot be empty"],
    ])("rejects %s", (path, message) => {
        const lines = problemLines(modelSpec, { path }, "m");
        expect(lines[0].startsWith("m.path: ")).toBe(true);
        expect(lines[0]).toContain(message);
    });
});

describe("model and code specs", () => {
    it("defaults the model type to custom_model and rejects unknown types", () => {
        expect(parsed(modelSpec, { path: "./m" }).type).toBe("custom_model");
        expect(problemLines(modelSpec, { path: "./m", type: "onnx_model" }, "m")[0]).toContain(
            'm.type: Invalid option: expected one of "custom_model"|"mlflow_model"|"triton_model"',
        );
    });

    it("keeps versions path-safe", () => {
        expect(problemLines(codeSpec, { path: "./src", version: "1/2" }, "c")[0]).toContain(
            "c.version: versions start with a letter or digit",
        );
    });
});

describe("environment spec", () => {
    it("accepts an image with a conda file", () => {
        expect(
            problemLines(environmentSpec, {
                image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest",
                condaFile: "env/conda.yaml",
            }),
        ).toEqual([]);
    });

    it("accepts a build context and defaults the Dockerfile", () => {
        expect(parsed(environmentSpec, { build: { path: "./docker" } }).build).toEqual({
            path: "./docker",
            dockerfilePath: "Dockerfile",
        });
    });

    it("needs exactly one of image and build", () => {
        expect(problemLines(environmentSpec, {}, "e")[0]).toContain(
            "e.image: an environment needs an image or a build context",
        );
        expect(
            problemLines(environmentSpec, { image: "mcr.microsoft.com/a/b:1", build: { path: "." } }, "e")[0],
        ).toContain("e.build: an environment takes an image or a build context, not both");
    });

    it("refuses a conda file without an image", () => {
        expect(problemLines(environmentSpec, { build: { path: "." }, condaFile: "conda.yaml" }, "e")[0]).toContain(
            "e.condaFile: a conda file is layered on an image",
        );
    });

    it("checks image references and inference routes", () => {
        expect(problemLines(environmentSpec, { image: "Not An Image" }, "e")[0]).toContain(
            "e.image: images read <registry>/<repository>",
        );
        const route = { path: "/score", port: 70000 };
        const lines = problemLines(
            environmentSpec,
            {
                image: "mcr.microsoft.com/a/b:1",
                inferenceConfig: { livenessRoute: route, readinessRoute: route, scoringRoute: route },
            },
            "e",
        );
        expect(lines).toContain("e.inferenceConfig.livenessRoute.port: at most 65535, got 70000");
    });
});
