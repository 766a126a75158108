import * as path from "path";
import {
    BatchEndpoint,
    Code,
    ComputeCluster,
    Environment,
    Model,
    batchDeploymentProperties,
} from "../../src/components";
import { SpecValidationError, batchDeploymentSpec } from "../../src/model";
import { FAKE_SUBSCRIPTION_ID, installMockEngine, settle } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";

const engine = installMockEngine({ project: "batch", stack: "test" });
const T = {
    component: "azureml:endpoints:BatchEndpoint",
    deploymentComponent: "azureml:endpoints:BatchDeployment",
    endpoint: "azure-native:machinelearningservices:BatchEndpoint",
    deployment: "azure-native:machinelearningservices:BatchDeployment",
    defaults: "pulumi-nodejs:dynamic/azureml:BatchEndpointDefaults",
};
const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const workspace = { workspaceName: "ws", workspaceId: WS, resourceGroupName: "rg" };
const where = { workspaceName: "ws", resourceGroupName: "rg" };
/** What registered references resolve to: the subscription comes from the (mocked) client config. */
const REGISTERED = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;

const byName = (type: string, name: string) => engine.get(type, name);

let scoring: BatchEndpoint;

beforeAll(async () => {
    const model = new Model("credit-model", { ...where, path: path.join(REPO_ROOT, "examples/assets/credit-model") });
    const code = new Code("credit-code", { ...where, path: path.join(REPO_ROOT, "examples/assets/credit-score") });
    const env = new Environment("credit-env", {
        ...where,
        image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
    });
    const mlflow = new Model("fraud-mlflow", {
        ...where,
        type: "mlflow_model",
        path: "https://example.blob.core.windows.net/models/fraud",
    });
    const cluster = new ComputeCluster("gpu", {
        ...where,
        type: "amlCompute",
        vmSize: "Standard_NC6s_v3",
        maxNodes: 2,
    });
    scoring = new BatchEndpoint("scoring", {
        workspace,
        description: "nightly scoring",
        tags: { team: "risk", cost: "shared" },
        defaultDeployment: "nightly",
        deployments: {
            nightly: {
                model,
                code,
                scoringScript: "batch_driver.py",
                environment: env,
                compute: "cpu",
                instanceCount: 2,
                miniBatchSize: 20,
                maxConcurrencyPerInstance: 4,
                retrySettings: { maxRetries: 5, timeoutSeconds: 300 },
                outputAction: "append_row",
                outputFileName: "scores.csv",
                errorThreshold: 10,
                loggingLevel: "warning",
                environmentVariables: { SCORE_MODE: "full" },
                tags: { cost: "nightly" },
            },
            mlflow: {
                model: mlflow,
                compute: cluster,
                outputAction: "summary_only",
                loggingLevel: "debug",
            },
            registered: {
                model: "azureml:credit:7",
                compute: `${WS}/computes/cpu-large`,
            },
            prep: {
                type: "pipelineComponent",
                component: "azureml:prep-pipeline:2",
                compute: "cpu",
                settings: { continue_on_step_failure: "false" },
            },
        },
    });
    scoring.invoke("score-mlflow", {
        deployment: "MLflow",
        inputs: { data: { path: "azureml://datastores/workspaceblobstore/paths/fraud/" } },
    });
    scoring.invoke("score-default", { inputs: { data: { path: "https://example.blob.core.windows.net/in/" } } });
    await settle();
});

describe("BatchEndpoint.invoke", () => {
    const invocation = (name: string) => byName("pulumi-nodejs:dynamic/azureml:BatchInvocation", name);

    it("runs after the default is set and the deployment exists, on the endpoint's own id and scoring URI", () => {
        const run = invocation("score-default");
        const deps = engine.allDependencies(run);
        expect(deps.has(byName(T.defaults, "scoring-defaults").urn)).toBe(true);
        expect(deps.has(byName(T.deployment, "scoring-nightly-deployment").urn)).toBe(true);
        expect(run.inputs.endpointId).toMatch(/\/batchEndpoints\/scoring$/);
        expect(run.inputs.scoringUri).toBe("https://scoring.westeurope.inference.ml.azure.com/jobs");
        // The default runs it: no deployment header, and the default's revision (its model version among it).
        expect(run.inputs.deployment).toBeUndefined();
        expect(run.inputs.deploymentRevision).toMatch(/\/deployments\/nightly\|.*\/models\/credit-model\/versions\//);
    });

    it("names a deployment by its key as declared (names are case-insensitive), with that deployment's revision", () => {
        const run = invocation("score-mlflow");
        expect(run.inputs.deployment).toBe("mlflow");
        expect(run.inputs.deploymentRevision).toMatch(/\/deployments\/mlflow\|/);
        expect(engine.allDependencies(run).has(byName(T.deployment, "scoring-mlflow-deployment").urn)).toBe(true);
    });

    it("refuses a deployment the endpoint does not have, naming the ones it has", () => {
        expect(() => scoring.invoke("nope", { deployment: "weekly", inputs: {} })).toThrow(
            /deployment: names no deployment of this endpoint, got "weekly" \(declared: nightly, mlflow, registered, prep\)/,
        );
    });
});

describe("BatchEndpoint graph", () => {
    it("creates endpoint → deployments (one after another) → defaults owner in one graph", () => {
        const endpoint = byName(T.endpoint, "scoring-endpoint");
        const names = ["nightly", "mlflow", "registered", "prep"];
        const deployments = names.map((n) => byName(T.deployment, `scoring-${n}-deployment`));
        expect(engine.allDependencies(deployments[0]).has(endpoint.urn)).toBe(true);
        // One after the other: Azure ML answers 409 to a change while its endpoint is updating.
        for (let i = 1; i < deployments.length; i++) {
            expect(engine.allDependencies(deployments[i]).has(deployments[i - 1].urn)).toBe(true);
        }
        const owner = byName(T.defaults, "scoring-defaults");
        const ownerDeps = engine.allDependencies(owner);
        expect(ownerDeps.has(endpoint.urn)).toBe(true);
        for (const d of deployments) {
            expect(ownerDeps.has(d.urn)).toBe(true);
        }
        // Nothing the endpoint or the deployments take comes from the owner: no cycle, no second pass.
        for (const r of [endpoint, ...deployments]) {
            expect(engine.allDependencies(r).has(owner.urn)).toBe(false);
        }
        expect(owner.inputs).toMatchObject({
            endpointId: `${REGISTERED}/batchEndpoints/scoring`,
            defaultDeployment: "nightly",
            description: "nightly scoring",
            tags: { team: "risk", cost: "shared" },
            version: "1",
        });
    });

    it("names children after the component, as online endpoints do", () => {
        const component = byName(T.component, "scoring");
        const nightly = byName(T.deploymentComponent, "scoring-nightly");
        expect(nightly.parent).toBe(component.urn);
        expect(byName(T.deployment, "scoring-nightly-deployment").parent).toBe(nightly.urn);
        expect(byName(T.endpoint, "scoring-endpoint").parent).toBe(component.urn);
        expect(byName(T.defaults, "scoring-defaults").parent).toBe(component.urn);
        expect(Object.keys(scoring.deployments)).toEqual(["nightly", "mlflow", "registered", "prep"]);
        expect(scoring.defaultDeployment).toBe("nightly");
        expect(scoring.endpointName).toBe("scoring");
    });

    it("never lets the endpoint resource PUT after creation: no defaults, owned settings ignored, auth mode replaced", () => {
        const endpoint = byName(T.endpoint, "scoring-endpoint");
        expect(endpoint.inputs).toMatchObject({
            endpointName: "scoring",
            workspaceName: "ws",
            properties: { authMode: "AADToken", description: "nightly scoring" },
            tags: { team: "risk", cost: "shared" },
        });
        expect(endpoint.inputs.properties.defaults).toBeUndefined();
        expect(endpoint.ignoreChanges).toEqual(
            expect.arrayContaining([
                "properties.defaults",
                "properties.description",
                "tags",
                "properties.properties",
                "identity",
            ]),
        );
        expect(endpoint.ignoreChanges).not.toContain("properties.authMode");
        expect(endpoint.replaceOnChanges).toEqual(["properties.authMode"]);
        expect(endpoint.deleteBeforeReplace).toBe(true);
    });

    it("writes a model deployment in ARM shape and ARM enum casing, tags merged over the endpoint's", () => {
        const nightly = byName(T.deployment, "scoring-nightly-deployment").inputs;
        expect(nightly).toMatchObject({
            endpointName: "scoring",
            deploymentName: "nightly",
            tags: { team: "risk", cost: "nightly" },
        });
        expect(nightly.properties).toMatchObject({
            compute: `${WS}/computes/cpu`,
            resources: { instanceCount: 2 },
            miniBatchSize: 20,
            maxConcurrencyPerInstance: 4,
            retrySettings: { maxRetries: 5, timeout: "PT300S" },
            outputAction: "AppendRow",
            outputFileName: "scores.csv",
            errorThreshold: 10,
            loggingLevel: "Warning",
            environmentVariables: { SCORE_MODE: "full" },
            codeConfiguration: { scoringScript: "batch_driver.py" },
        });
        expect(nightly.properties.model).toEqual({
            referenceType: "Id",
            assetId: expect.stringMatching(/\/models\/credit-model\/versions\/[0-9a-f]{16}$/),
        });
        expect(nightly.properties.codeConfiguration.codeId).toMatch(/\/codes\/credit-code\/versions\//);
        expect(nightly.properties.environmentId).toMatch(/\/environments\/credit-env\/versions\//);
        expect(nightly.properties.deploymentConfiguration).toBeUndefined();
        expect(byName(T.deployment, "scoring-nightly-deployment").customTimeouts).toEqual({
            create: "30m",
            update: "30m",
            delete: "30m",
        });
    });

    it("deploys an MLflow model without scoring script or environment, on a ComputeCluster component", () => {
        const mlflow = byName(T.deployment, "scoring-mlflow-deployment").inputs.properties;
        expect(mlflow.codeConfiguration).toBeUndefined();
        expect(mlflow.environmentId).toBeUndefined();
        expect(mlflow.model.assetId).toMatch(/\/models\/fraud-mlflow\/versions\//);
        expect(mlflow).toMatchObject({ outputAction: "SummaryOnly", loggingLevel: "Debug" });
        // The cluster's own id: the deployment waits for the cluster.
        expect(mlflow.compute).toBe(`${REGISTERED}/computes/gpu`);
        const deployment = byName(T.deployment, "scoring-mlflow-deployment");
        expect(
            engine
                .allDependencies(deployment)
                .has(byName("azure-native:machinelearningservices:Compute", "gpu-compute").urn),
        ).toBe(true);
    });

    it("resolves registered models and a compute given by ARM id", () => {
        const registered = byName(T.deployment, "scoring-registered-deployment").inputs.properties;
        expect(registered.model).toEqual({ referenceType: "Id", assetId: `${REGISTERED}/models/credit/versions/7` });
        expect(registered.compute).toBe(`${WS}/computes/cpu-large`);
    });

    it("deploys a pipeline component by its ARM id, its jobs on the deployment's compute", () => {
        const prep = byName(T.deployment, "scoring-prep-deployment").inputs.properties;
        expect(prep.deploymentConfiguration).toEqual({
            deploymentConfigurationType: "PipelineComponent",
            componentId: { referenceType: "Id", assetId: `${REGISTERED}/components/prep-pipeline/versions/2` },
            settings: { default_compute: "cpu", continue_on_step_failure: "false" },
        });
        expect(prep.model).toBeUndefined();
        expect(prep.compute).toBeUndefined();
        expect(prep.codeConfiguration).toBeUndefined();
    });

    it("leaves a default_compute the pipeline settings name as it is", () => {
        const spec = batchDeploymentSpec.parse({
            type: "pipelineComponent",
            component: "azureml:prep:1",
            compute: "cpu",
            settings: { default_compute: "gpu-cluster" },
        });
        const body = batchDeploymentProperties(spec, { computeId: "cpu-id", computeName: "cpu", componentId: "c" });
        expect(body.deploymentConfiguration).toMatchObject({ settings: { default_compute: "gpu-cluster" } });
    });

    it("serializes a small defaults provider with no credential in it", () => {
        const provider: string = byName(T.defaults, "scoring-defaults").inputs.__provider;
        expect(provider.length).toBeLessThan(4 * 1024);
        expect(provider).toContain('require("@azureml-pulumi/components/host-runtime")');
        expect(provider).toContain('dynamicProviders["batchEndpointDefaults"]');
        expect(provider).not.toMatch(/DefaultAzureCredential|getToken|password|ARM_CLIENT/i);
    });
});

describe("changing the default deployment", () => {
    it("changes only the owner's inputs: the endpoint and the deployments are the same", async () => {
        const declare = (name: string, defaultDeployment: string) =>
            new BatchEndpoint(name, {
                workspace,
                endpointName: "swap",
                defaultDeployment,
                deployments: {
                    blue: { model: "azureml:credit:1", compute: "cpu" },
                    green: { model: "azureml:credit:2", compute: "cpu" },
                },
            });
        declare("before", "blue");
        declare("after", "green");
        await settle();
        const strip = (inputs: Record<string, any>) => JSON.stringify(inputs);
        expect(strip(byName(T.endpoint, "after-endpoint").inputs)).toBe(
            strip(byName(T.endpoint, "before-endpoint").inputs),
        );
        for (const d of ["blue", "green"]) {
            expect(strip(byName(T.deployment, `after-${d}-deployment`).inputs)).toBe(
                strip(byName(T.deployment, `before-${d}-deployment`).inputs),
            );
        }
        const before = byName(T.defaults, "before-defaults").inputs;
        const after = byName(T.defaults, "after-defaults").inputs;
        expect(before.defaultDeployment).toBe("blue");
        expect(after.defaultDeployment).toBe("green");
        expect({ ...after, defaultDeployment: "blue" }).toEqual(before);
    });

    it("takes the default as the deployment key spells it, and the only deployment when none is named", async () => {
        const cased = new BatchEndpoint("cased", {
            workspace,
            defaultDeployment: "NIGHTLY",
            deployments: {
                nightly: { model: "azureml:credit:1", compute: "cpu" },
                other: { model: "azureml:credit:1", compute: "cpu" },
            },
        });
        const single = new BatchEndpoint("single", {
            workspace,
            deployments: { only: { model: "azureml:credit:1", compute: "cpu" } },
        });
        const empty = new BatchEndpoint("empty", { workspace });
        await settle();
        expect(cased.defaultDeployment).toBe("nightly");
        expect(byName(T.defaults, "cased-defaults").inputs.defaultDeployment).toBe("nightly");
        expect(single.defaultDeployment).toBe("only");
        expect(empty.defaultDeployment).toBeUndefined();
        expect(byName(T.defaults, "empty-defaults").inputs.defaultDeployment).toBeUndefined();
        // No tags declared still means the owner keeps them: an empty map, so removed tags come off.
        expect(byName(T.defaults, "empty-defaults").inputs.tags).toEqual({});
    });
});

describe("BatchEndpoint validation", () => {
    const thrown = (build: () => unknown): SpecValidationError => {
        try {
            build();
        } catch (error) {
            if (error instanceof SpecValidationError) {
                return error;
            }
            throw error;
        }
        throw new Error("expected a SpecValidationError");
    };

    it("reports every problem at once, each naming its argument path and value, before any resource exists", async () => {
        const customModel = new Model("plain-model", {
            ...where,
            path: "https://example.blob.core.windows.net/models/plain",
        });
        await settle();
        const registeredAfterModel = engine.resources.length;
        const error = thrown(
            () =>
                new BatchEndpoint("broken", {
                    workspace,
                    endpointName: "9lives",
                    defaultDeployment: "weekly",
                    deployments: {
                        nightly: { model: customModel, compute: "cpu_cluster!", loggingLevel: "verbose" as never },
                        pipe: { type: "pipelineComponent", component: "prep:2", compute: "/subscriptions/x/computes" },
                        slow: {
                            model: "azureml:credit:1",
                            compute: "cpu",
                            outputAction: "summary_only",
                            outputFileName: "out.csv",
                        },
                    },
                }),
        );
        expect(error.subject).toBe('BatchEndpoint "broken"');
        const lines = error.problems.map((p) => `${p.path}: ${p.message}`);
        expect(lines).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^defaultDeployment: names no deployment of this endpoint .*got "weekly"/),
                expect.stringMatching(
                    /^deployments\.pipe\.component: a registered asset reference reads azureml:<name>:<version>, got "prep:2"/,
                ),
                expect.stringMatching(/^deployments\.slow\.outputFileName: with outputAction 'summary_only'/),
                expect.stringMatching(/^deployments\.nightly\.loggingLevel: .*got "verbose"/),
                expect.stringMatching(/^endpointName: an endpoint name starts with a letter.*got "9lives"/),
                expect.stringMatching(
                    /^deployments\.nightly\.compute: compute names have 2 to 16 characters.*got "cpu_cluster!"/,
                ),
                expect.stringMatching(
                    /^deployments\.pipe\.compute: expected the ARM id of a compute .*got "\/subscriptions\/x\/computes"/,
                ),
                expect.stringMatching(
                    /^deployments\.nightly\.code: model 'plain-model' is a custom_model; batch scoring needs code, scoringScript and environment/,
                ),
            ]),
        );
        expect(lines).toHaveLength(8);
        // Nothing of the endpoint was registered: the model above is all that exists.
        await settle();
        expect(engine.resources.length).toBe(registeredAfterModel);
        expect(engine.resources.filter((r) => r.name.startsWith("broken"))).toEqual([]);
    });

    it("refuses more than one deployment without a default, and key auth", () => {
        const error = thrown(
            () =>
                new BatchEndpoint("ambiguous", {
                    workspace,
                    authMode: "key" as never,
                    deployments: {
                        blue: { model: "azureml:credit:1", compute: "cpu" },
                        green: { model: "azureml:credit:2", compute: "cpu" },
                    },
                }),
        );
        expect(error.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["authMode", "defaultDeployment"]));
        expect(error.message).toMatch(/defaultDeployment: the endpoint has 2 deployments; name the default one/);
    });

    it("reports a deployment name Azure refuses once, without a default that names it seeming undeclared", () => {
        const error = thrown(
            () =>
                new BatchEndpoint("short-names", {
                    workspace,
                    defaultDeployment: "v1",
                    deployments: { v1: { model: "azureml:credit:1", compute: "cpu" } },
                }),
        );
        expect(error.problems).toEqual([
            { path: "deployments.v1", message: 'invalid name: deployment names have 3 to 32 characters, got "v1"' },
        ]);
    });

    it("refuses environment variables on a pipeline component, which ARM would drop", () => {
        const error = thrown(
            () =>
                new BatchEndpoint("pipe-env", {
                    workspace,
                    deployments: {
                        prep: {
                            type: "pipelineComponent",
                            component: "azureml:prep:1",
                            compute: "cpu",
                            environmentVariables: { MODE: "x" },
                        },
                    },
                }),
        );
        expect(error.message).toMatch(
            /deployments\.prep\.environmentVariables: environment variables belong to type 'model'/,
        );
    });
});
