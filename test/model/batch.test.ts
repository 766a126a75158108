import { batchDeploymentSpec, batchEndpointSpec, batchJobSpec } from "../../src/model";
import { parsed, problemLines } from "../support/problems";

const model = { model: "azureml:credit:1", compute: "cpu-cluster" };

describe("batch deployment spec", () => {
    it("applies Azure ML's batch defaults", () => {
        expect(parsed(batchDeploymentSpec, model)).toMatchObject({
            type: "model",
            instanceCount: 1,
            miniBatchSize: 10,
            maxConcurrencyPerInstance: 1,
            retrySettings: { maxRetries: 3, timeoutSeconds: 30 },
            outputAction: "append_row",
            outputFileName: "predictions.csv",
            errorThreshold: -1,
            loggingLevel: "info",
        });
    });

    it("writes no output file with summary_only", () => {
        expect(parsed(batchDeploymentSpec, { ...model, outputAction: "summary_only" }).outputFileName).toBeUndefined();
        expect(
            problemLines(
                batchDeploymentSpec,
                { ...model, outputAction: "summary_only", outputFileName: "out.csv" },
                "d",
            )[0],
        ).toContain("d.outputFileName: with outputAction 'summary_only' nothing is written to an output file");
    });

    it("needs a model for model deployments and a component for pipeline ones", () => {
        expect(problemLines(batchDeploymentSpec, { compute: "c" }, "d")).toEqual([
            "d.model: a model deployment needs a model; set model to a key of models or azureml:<name>:<version>",
        ]);
        expect(problemLines(batchDeploymentSpec, { type: "pipelineComponent", compute: "c" }, "d")).toEqual([
            "d.component: a pipelineComponent deployment needs component: azureml:<name>:<version>",
        ]);
        expect(
            problemLines(
                batchDeploymentSpec,
                { ...model, type: "pipelineComponent", component: "azureml:prep:1" },
                "d",
            )[0],
        ).toContain("d.model: model belongs to type 'model'");
    });

    it("rejects an error threshold below -1 and output file names with folders", () => {
        expect(problemLines(batchDeploymentSpec, { ...model, errorThreshold: -2 }, "d")).toEqual([
            "d.errorThreshold: -1 (no limit) or more, got -2",
        ]);
        expect(problemLines(batchDeploymentSpec, { ...model, outputFileName: "out/p.csv" }, "d")).toEqual([
            'd.outputFileName: a file name, without folders, got "out/p.csv"',
        ]);
    });
});

describe("batch endpoint spec", () => {
    it("defaults to aad_token and to its only deployment", () => {
        const e = parsed(batchEndpointSpec, { deployments: { nightly: model } });
        expect(e.authMode).toBe("aad_token");
        expect(e.defaultDeployment).toBe("nightly");
    });

    it("accepts only aad_token", () => {
        expect(problemLines(batchEndpointSpec, { authMode: "key" }, "b")).toEqual([
            "b.authMode: batch endpoints accept only 'aad_token', got \"key\"",
        ]);
    });

    it("needs a default among several deployments, and one that exists", () => {
        expect(problemLines(batchEndpointSpec, { deployments: { a1x: model, b1x: model } }, "b")).toEqual([
            "b.defaultDeployment: the endpoint has 2 deployments; name the default one",
        ]);
        expect(
            problemLines(batchEndpointSpec, { deployments: { nightly: model }, defaultDeployment: "weekly" }, "b"),
        ).toEqual(['b.defaultDeployment: names no deployment of this endpoint (declared: nightly), got "weekly"']);
    });
});

describe("batch job spec", () => {
    it("takes cloud inputs and rejects local ones", () => {
        expect(
            parsed(batchJobSpec, { endpoint: "credit-batch", input: { path: "azureml://datastores/d/paths/in" } }).input
                .type,
        ).toBe("uri_folder");
        expect(problemLines(batchJobSpec, { endpoint: "credit-batch", input: { path: "./data" } }, "j")).toEqual([
            'j.input.path: batch inputs are https URLs or azureml://datastores/... URIs, got "./data"',
        ]);
    });
});
