import { platformSpec, validate } from "../../src/model";
import type { MockEngine } from "../../src/testing";
import { runShippedStack } from "../support/platformRun";
import { shippedConfig } from "../support/stackFiles";

const T = {
    endpoint: "azure-native:machinelearningservices:BatchEndpoint",
    deployment: "azure-native:machinelearningservices:BatchDeployment",
    defaults: "pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults",
    invocation: "pulumi-nodejs:dynamic/azureml:BatchInvocation",
};

const JOB = {
    endpoint: "credit-batch-dev",
    input: { type: "uri_folder", path: "azureml://datastores/workspaceblobstore/paths/credit/applications/" },
    output: { path: "azureml://datastores/workspaceblobstore/paths/scores/credit/" },
    outputFileName: "scores.csv",
    miniBatchSize: 5,
    trigger: "2026-12",
};

let engine: MockEngine;
let outputs: Record<string, any> | undefined;

beforeAll(async () => {
    ({ engine, outputs } = await runShippedStack("dev", {
        "azureml-platform:batchJobs": { "score-applications": JOB },
    }));
});

describe("batch jobs from stack config", () => {
    it("score data in the same up: endpoint → deployment → default → invocation in one graph", () => {
        const endpoint = engine.get(T.endpoint, "credit-batch-dev-endpoint");
        const deployment = engine.get(T.deployment, "credit-batch-dev-nightly-deployment");
        const defaults = engine.get(T.defaults, "credit-batch-dev-defaults");
        const invocation = engine.get(T.invocation, "score-applications");
        const deps = engine.allDependencies(invocation);
        for (const before of [endpoint, deployment, defaults]) {
            expect(deps.has(before.urn)).toBe(true);
        }
        expect(engine.allDependencies(defaults).has(deployment.urn)).toBe(true);
        expect(engine.allDependencies(deployment).has(endpoint.urn)).toBe(true);
        // The endpoint's own id and scoring URI, and the deployment's revision (its id and its assets' ids).
        expect(invocation.inputs.endpointId).toMatch(
            /\/workspaces\/azureml-platform-dev\/batchEndpoints\/credit-batch-dev$/,
        );
        expect(invocation.inputs.scoringUri).toBe("https://credit-batch-dev.westeurope.inference.ml.azure.com/jobs");
        expect(invocation.inputs.deploymentRevision).toContain("/batchEndpoints/credit-batch-dev/deployments/nightly|");
        expect(invocation.inputs.deploymentRevision).toMatch(/\/models\/credit-default\/versions\/[0-9a-f]{16}/);
    });

    it("carry the job's input, output folder and overrides; the default deployment runs it", () => {
        const invocation = engine.get(T.invocation, "score-applications");
        expect(invocation.inputs.deployment).toBeUndefined();
        expect(invocation.inputs.inputs).toEqual({ input_data: JOB.input });
        expect(invocation.inputs.output).toMatchObject({ datastore: "workspaceblobstore", path: "scores/credit/" });
        expect(invocation.inputs.overrides).toEqual({ outputFileName: "scores.csv", miniBatchSize: 5 });
        expect(invocation.inputs.trigger).toBe("2026-12");
        expect(Object.keys(outputs?.batchJobs ?? {})).toEqual(["score-applications"]);
    });

    it("are refused, with the key path, when they name an endpoint or deployment the stack does not declare", () => {
        const config = (job: Record<string, unknown>) => {
            const entries = shippedConfig("dev");
            const bare = Object.fromEntries(
                Object.entries(entries)
                    .filter(([k]) => k.startsWith("azureml-platform:"))
                    .map(([k, v]) => [k.replace(/^azureml-platform:/, ""), v]),
            );
            return { ...bare, batchJobs: { nightly: job } };
        };
        const unknownEndpoint = validate(platformSpec, config({ ...JOB, endpoint: "credit-batch-prod" }));
        expect(unknownEndpoint.ok ? [] : unknownEndpoint.problems.map((p) => p.path)).toEqual([
            "batchJobs.nightly.endpoint",
        ]);
        const unknownDeployment = validate(platformSpec, config({ ...JOB, deployment: "weekly" }));
        expect(unknownDeployment.ok ? [] : unknownDeployment.problems).toEqual([
            expect.objectContaining({
                path: "batchJobs.nightly.deployment",
                message: expect.stringContaining("declared: nightly"),
            }),
        ]);
    });
});
