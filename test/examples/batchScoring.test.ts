import * as path from "path";
import { MockEngine, installMockEngine, settle } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";

const dir = path.join(REPO_ROOT, "examples", "batch-scoring");
const PROJECT = "azureml-batch-scoring";
const T = {
    endpoint: "azure-native:machinelearningservices:BatchEndpoint",
    deployment: "azure-native:machinelearningservices:BatchDeployment",
    defaults: "pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults",
    invocation: "pulumi-nodejs:dynamic/azureml:BatchInvocation",
};

/** Runs the example's program under a fresh mock engine with the given config, from its project directory. */
async function run(config: Record<string, string>): Promise<{ engine: MockEngine; exported: Record<string, any> }> {
    const engine = installMockEngine({
        project: PROJECT,
        stack: "dev",
        config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
    });
    let exported: Record<string, any> = {};
    const cwd = process.cwd();
    process.chdir(dir);
    try {
        jest.isolateModules(() => {
            exported = require("../../examples/batch-scoring/index");
        });
        await settle();
    } finally {
        process.chdir(cwd);
    }
    return { engine, exported };
}

let first: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
    first = await run({ applicationsUri: "azureml://datastores/workspaceblobstore/paths/credit/applications/" });
});

describe("examples/batch-scoring", () => {
    it("builds seed 000's flow in one graph: cluster, assets, endpoint → deployment → default → job", () => {
        const { engine } = first;
        const endpoint = engine.get(T.endpoint, "credit-batch-endpoint");
        const deployment = engine.get(T.deployment, "credit-batch-nightly-deployment");
        const defaults = engine.get(T.defaults, "credit-batch-defaults");
        const job = engine.get(T.invocation, "score-credit");
        const cluster = engine.get("azure-native:machinelearningservices:Compute", "batch-cluster-compute");
        expect(engine.allDependencies(deployment).has(endpoint.urn)).toBe(true);
        expect(engine.allDependencies(deployment).has(cluster.urn)).toBe(true);
        for (const before of [deployment, defaults]) {
            expect(engine.allDependencies(job).has(before.urn)).toBe(true);
        }
        expect(defaults.inputs.defaultDeployment).toBe("nightly");
        expect(deployment.inputs.properties).toMatchObject({
            codeConfiguration: { scoringScript: "batch_score.py" },
            outputAction: "AppendRow",
            outputFileName: "scores.csv",
            loggingLevel: "Info",
            retrySettings: { maxRetries: 3, timeout: "PT300S" },
        });
        expect(job.inputs.inputs).toEqual({
            applications: {
                type: "uri_folder",
                path: "azureml://datastores/workspaceblobstore/paths/credit/applications/",
            },
        });
        expect(job.inputs.output).toMatchObject({ path: "batch/credit" });
    });

    it("deploys seed 001's MLflow model without code or environment, the second deployment as the default", () => {
        const { engine } = first;
        for (const name of ["heart-batch-classifier-v1-deployment", "heart-batch-classifier-v2-deployment"]) {
            const properties = engine.get(T.deployment, name).inputs.properties;
            expect(properties.codeConfiguration).toBeUndefined();
            expect(properties.environmentId).toBeUndefined();
            expect(properties.model.assetId).toMatch(/\/models\/heart-classifier\/versions\/[0-9a-f]{16}$/);
        }
        expect(engine.get(T.defaults, "heart-batch-defaults").inputs.defaultDeployment).toBe("classifier-v2");
        expect(engine.get(T.invocation, "score-heart").inputs.deploymentRevision).toMatch(
            /\/deployments\/classifier-v2\|/,
        );
    });

    it("moves the default without a second pass: only the owner's input and the job's revision change", async () => {
        const inputsOf = (engine: MockEngine, type: string) =>
            engine
                .ofType(type)
                .map((r) => JSON.stringify({ name: r.name, inputs: r.inputs }))
                .sort();
        const before = {
            endpoints: inputsOf(first.engine, T.endpoint),
            deployments: inputsOf(first.engine, T.deployment),
        };
        const second = await run({ heartDefault: "classifier-v1" });
        expect(inputsOf(second.engine, T.endpoint)).toEqual(before.endpoints);
        expect(inputsOf(second.engine, T.deployment)).toEqual(before.deployments);
        expect(second.engine.get(T.defaults, "heart-batch-defaults").inputs.defaultDeployment).toBe("classifier-v1");
        expect(second.engine.get(T.invocation, "score-heart").inputs.deploymentRevision).toMatch(
            /\/deployments\/classifier-v1\|/,
        );
        // Without data of yours, no credit job is declared (and none would start).
        expect(second.engine.ofType(T.invocation).map((r) => r.name)).toEqual(["score-heart"]);
        expect(second.exported.creditResults).toBeUndefined();
    });
});
