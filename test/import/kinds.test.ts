import { importAzureMlYaml } from "../../src/import";
import { findingLines, fixture, importFixtures, tempFolder } from "./importFixtures";

/** Every fixture folder imports on its own and validates through the platform schema. */
describe.each(["managed-online", "kubernetes-online", "batch", "batch-pipeline", "assets", "dev-stack"])(
    "the %s fixtures",
    (folder) => {
        const result = importFixtures([folder]);

        it("import and validate, with no field left out", () => {
            expect(findingLines(result, "invalid")).toEqual([]);
            expect(findingLines(result, "leftOut")).toEqual([]);
            expect(result.valid).toBe(true);
            expect(result.specs).toBeDefined();
        });
    },
);

describe("online endpoints and deployments", () => {
    const result = importFixtures(["managed-online", "kubernetes-online"]);
    const online = result.config.onlineEndpoints!;

    it("maps a managed endpoint: auth, identity, network access, tags as text, traffic", () => {
        expect(online["fraud-online"]).toMatchObject({
            authMode: "aml_token",
            identity: { type: "SystemAssigned" },
            publicNetworkAccess: "Enabled",
            description: "Card fraud scoring, blue/green",
            tags: { team: "risk", "cost-center": "4711" },
            traffic: { blue: 90, green: 10 },
        });
        expect(online["fraud-online"]).not.toHaveProperty("kind");
    });

    it("maps a managed deployment's settings to their stack config keys and units", () => {
        expect(online["fraud-online"].deployments!.blue).toEqual({
            model: "fraud-online-blue-model",
            code: "fraud-online-blue-code",
            scoringScript: "score.py",
            environment: "fraud-online-blue-environment",
            instanceType: "Standard_DS3_v2",
            instanceCount: 2,
            requestSettings: { requestTimeoutMs: 3000, maxConcurrentRequestsPerInstance: 2 },
            livenessProbe: { initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 30 },
            readinessProbe: {
                initialDelaySeconds: 10,
                periodSeconds: 5,
                timeoutSeconds: 2,
                successThreshold: 1,
                failureThreshold: 3,
            },
            environmentVariables: {
                WORKER_COUNT: "2",
                FRAUD_API_KEY: "${{keyvault:https://fraud-kv.vault.azure.net/secrets/api-key}}",
            },
            appInsightsEnabled: true,
            dataCollector: {
                collections: {
                    model_inputs: { enabled: true, samplingRate: 0.5 },
                    model_outputs: { enabled: true, samplingRate: 0.5 },
                },
                rollingRate: "Hour",
            },
            description: "Gradient-boosted fraud model, v1",
            egressPublicNetworkAccess: "Enabled",
        });
    });

    it("turns inline assets into entries with generated keys, local paths relative to the project", () => {
        expect(result.config.models!["fraud-online-blue-model"]).toEqual({
            path: "test/fixtures/azml/managed-online/model",
        });
        expect(result.config.environments!["fraud-online-blue-environment"]).toEqual({
            image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
            condaFile: "test/fixtures/azml/managed-online/environment/conda.yaml",
        });
        expect(result.config.codes!["fraud-online-blue-code"]).toEqual({
            path: "test/fixtures/azml/managed-online/onlinescoring",
        });
    });

    it("keeps azureml: references, shares an identical inline code asset, and reads a file without $schema", () => {
        expect(online["fraud-online"].deployments!.green).toEqual({
            model: "azureml:fraud-model:2",
            code: "fraud-online-blue-code",
            scoringScript: "score.py",
            environment: "azureml:fraud-runtime:3",
            instanceType: "Standard_F2s_v2",
            instanceCount: 1,
        });
    });

    it("grants Key Vault reading when a deployment references a secret, and says so", () => {
        expect(online["fraud-online"].keyVaultAccess).toBe(true);
        expect(findingLines(result, "note")).toContainEqual(
            `${fixture("managed-online", "blue-deployment.yml")}:17: environment_variables: a Key Vault reference: keyVaultAccess: true is set on onlineEndpoints.fraud-online, so the platform grants the endpoint's identity Key Vault Secrets User on the workspace's vault (az ml leaves that grant to you)`,
        );
    });

    it("maps a Kubernetes endpoint, its compute by key, and deployments with resources and target-utilisation scaling", () => {
        expect(online["vision-k8s"]).toMatchObject({
            kind: "kubernetes",
            compute: "k8s-compute",
            authMode: "key",
            traffic: { blue: 100, green: 0 },
        });
        expect(online["vision-k8s"].deployments!.blue).toEqual({
            model: "densenet-onnx",
            instanceType: "defaultinstancetype",
            requestSettings: { requestTimeoutMs: 240000, maxConcurrentRequestsPerInstance: 4 },
            scaleSettings: {
                type: "targetUtilization",
                minInstances: 1,
                maxInstances: 3,
                targetUtilizationPercentage: 70,
                pollingIntervalSeconds: 10,
            },
            resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi", gpu: "1" } },
        });
        expect(online["vision-k8s"].deployments!.green).toMatchObject({
            model: "azureml:densenet-torch:4",
            modelMountPath: "/var/azureml-app/azureml-models/densenet",
            environment: "torchserve-cpu",
            scaleSettings: { type: "default" },
        });
        expect(result.config.computes!["k8s-compute"]).toEqual({
            type: "kubernetes",
            resourceId:
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/ml-aks",
            namespace: "azureml",
            identity: { type: "SystemAssigned" },
            description: "AKS cluster with the Azure ML extension",
        });
    });

    it("maps an inline Triton model (named, versioned) and a custom container's inference routes", () => {
        expect(result.config.models!["densenet-onnx"]).toEqual({
            version: "1",
            type: "triton_model",
            path: "test/fixtures/azml/kubernetes-online/models",
        });
        expect(result.config.environments!["torchserve-cpu"]).toEqual({
            image: "docker.io/pytorch/torchserve:0.9.0-cpu",
            inferenceConfig: {
                livenessRoute: { path: "/ping", port: 8080 },
                readinessRoute: { path: "/ping", port: 8080 },
                scoringRoute: { path: "/predictions/densenet", port: 8080 },
            },
        });
    });
});

describe("batch endpoints and deployments", () => {
    const result = importFixtures(["batch", "batch-pipeline"]);
    const batch = result.config.batchEndpoints!;

    it("maps a cluster: size, tier, instances, idle time in seconds", () => {
        expect(result.config.computes!["batch-cluster"]).toEqual({
            type: "amlCompute",
            vmSize: "Standard_DS3_v2",
            tier: "lowPriority",
            minNodes: 0,
            maxNodes: 5,
            idleSecondsBeforeScaleDown: 180,
        });
    });

    it("maps a model deployment's settings, its default, and its inline assets", () => {
        expect(batch["mnist-batch"]).toEqual({
            description: "A batch endpoint for scoring images from the MNIST dataset.",
            tags: { type: "deep-learning" },
            deployments: {
                "mnist-torch-dpl": {
                    model: "mnist-classifier-torch",
                    code: "mnist-batch-mnist-torch-dpl-code",
                    scoringScript: "batch_driver.py",
                    environment: "batch-torch-py38",
                    compute: "batch-cluster",
                    instanceCount: 1,
                    maxConcurrencyPerInstance: 2,
                    miniBatchSize: 10,
                    outputAction: "append_row",
                    outputFileName: "predictions.csv",
                    retrySettings: { maxRetries: 3, timeoutSeconds: 30 },
                    errorThreshold: -1,
                    loggingLevel: "info",
                },
            },
            defaultDeployment: "mnist-torch-dpl",
        });
    });

    it("resolves a reference to a model imported at that version to the model's key (MLflow: no code)", () => {
        expect(batch["heart-classifier-batch"].deployments!["classifier-xgboost-mlflow"]).toMatchObject({
            model: "heart-classifier-mlflow",
            compute: "batch-cluster",
            instanceCount: 2,
            environmentVariables: { MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR: "false" },
        });
        expect(result.config.models!["heart-classifier-mlflow"]).toMatchObject({ version: "1", type: "mlflow_model" });
        expect(findingLines(result, "note").filter((n) => n.includes("now names"))).toEqual([]);
    });

    it("maps a pipeline component deployment: default_compute becomes its compute, settings stay text", () => {
        expect(batch["hello-pipeline-batch"].deployments!["hello-batch-dpl"]).toEqual({
            type: "pipelineComponent",
            component: "azureml:hello_batch:1",
            compute: "pipeline-cluster",
            description: "A hello world deployment with a single step.",
            settings: { continue_on_step_failure: "false" },
        });
    });

    it("skips, with a note, a conda file no imported environment names", () => {
        expect(findingLines(result, "note")).toContainEqual(
            `${fixture("batch", "heart-classifier-mlflow", "model", "conda.yaml")}:1: (file): a conda specification no imported environment names; skipped`,
        );
        expect(findingLines(result, "note").some((n) => n.includes("batch/environment/conda.yaml"))).toBe(false);
    });
});

describe("assets on their own", () => {
    const result = importFixtures(["assets"]);

    it("maps custom, MLflow and Triton models, local or in a datastore", () => {
        expect(result.config.models).toEqual({
            "lightgbm-iris-datastore": {
                version: "3",
                type: "custom_model",
                path: "azureml://datastores/workspaceblobstore/paths/models/lightgbm-iris/",
            },
            "local-file-example": {
                path: "test/fixtures/azml/assets/models/mlflow-model/model.pkl",
                description: "Model created from local file.",
            },
            "local-mlflow-example": {
                type: "mlflow_model",
                path: "test/fixtures/azml/assets/models/mlflow-model",
                description: "Model created from local MLflow model directory.",
                tags: { framework: "sklearn" },
                properties: { "training-run": "lively_shoe_1234" },
            },
            "densenet-triton": {
                version: "2",
                type: "triton_model",
                path: "test/fixtures/azml/assets/models/triton",
                description: "DenseNet in a Triton model repository",
            },
        });
    });

    it("maps image, image with conda file, build context and inference config environments, and code", () => {
        expect(result.config.environments).toEqual({
            "tfserving-half-plus-two": {
                image: "docker.io/tensorflow/serving:2.14.0",
                inferenceConfig: {
                    livenessRoute: { path: "/v1/models/half_plus_two", port: 8501 },
                    readinessRoute: { path: "/v1/models/half_plus_two", port: 8501 },
                    scoringRoute: { path: "/v1/models/half_plus_two:predict", port: 8501 },
                },
            },
            "docker-context-example": {
                build: {
                    path: "test/fixtures/azml/assets/environments/docker-contexts/python-and-pip",
                    dockerfilePath: "Dockerfile",
                },
                osType: "Linux",
            },
            "docker-image-plus-conda-example": {
                version: "2",
                image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
                condaFile: "test/fixtures/azml/assets/environments/conda-yamls/pydata.yml",
                description: "Environment created from a Docker image plus Conda environment.",
            },
            "docker-image-example": {
                image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
                description: "Environment created from a Docker image.",
            },
        });
        expect(result.config.codes).toEqual({
            "iris-scoring-code": {
                version: "1",
                path: "test/fixtures/azml/assets/code/src",
                description: "Scoring script for the iris classifier",
            },
        });
    });
});

describe("fields az ml knows that the stack config has no place for", () => {
    const result = importFixtures(["left-out"]);

    it("are written without, each reported with why and what to do", () => {
        expect(result.valid).toBe(true);
        expect(result.leftOut).toBe(true);
        expect(result.config.computes).toEqual({
            "gpu-cluster": {
                type: "amlCompute",
                vmSize: "Standard_NC6s_v3",
                minNodes: 0,
                maxNodes: 4,
                remoteLoginPortPublicAccess: "Disabled",
            },
        });
        expect(findingLines(result, "leftOut")).toEqual([
            `${fixture("left-out", "compute.yml")}:5: location: the stack's location applies to every resource it creates; remove location here and set it once in the stack file`,
            `${fixture("left-out", "compute.yml")}:9: ssh_settings: the platform puts no SSH credentials on clusters (local auth stays disabled); remove ssh_settings, and use a compute instance for interactive access`,
            `${fixture("left-out", "train-job.yml")}:1: $schema: a commandJob file: the platform deploys computes, models, code, environments and endpoints, not this; keep managing it with az ml`,
        ]);
    });
});

describe("recognising a file's kind", () => {
    let remove: () => void = () => undefined;
    afterEach(() => remove());

    function importTemp(files: Record<string, string>) {
        const temp = tempFolder(files);
        remove = temp.remove;
        return importAzureMlYaml([temp.dir], { projectDir: temp.dir });
    }

    it("tells an endpoint without $schema by the deployments that join it", () => {
        const result = importTemp({
            "endpoint.yml": "name: churn\nauth_mode: aad_token\n",
            "deployment.yml":
                "name: main\nendpoint_name: churn\nmodel: azureml:churn:3\ncompute: azureml:cpu\nsettings:\n  mini_batch_size: 5\n",
            "cluster.yml": "name: cpu\ntype: amlcompute\nsize: Standard_DS3_v2\n",
        });
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(result.config.batchEndpoints).toEqual({
            churn: {
                authMode: "aad_token",
                deployments: { main: { model: "azureml:churn:3", compute: "cpu", miniBatchSize: 5 } },
            },
        });
    });

    it("tells a model from code by how a deployment names it", () => {
        const result = importTemp({
            "endpoint.yml":
                "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: churn-online\nauth_mode: key\n",
            "deployment.yml":
                "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nname: blue\nendpoint_name: churn-online\nmodel: azureml:churn-model:1\ncode_configuration:\n  code: azureml:churn-code:1\n  scoring_script: score.py\nenvironment: azureml:churn-env:1\ninstance_type: Standard_DS3_v2\n",
            "a.yml": "name: churn-model\nversion: 1\npath: model.pkl\n",
            "b.yml": "name: churn-code\nversion: 1\npath: src\n",
            "model.pkl": "weights",
            "src/score.py": "def run(data): return data\n",
        });
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(Object.keys(result.config.models!)).toEqual(["churn-model"]);
        expect(Object.keys(result.config.codes!)).toEqual(["churn-code"]);
        expect(result.config.onlineEndpoints!["churn-online"].deployments!.blue).toMatchObject({
            model: "churn-model",
            code: "churn-code",
        });
    });

    it("reads early CLI v2 schemas: batchDeployment with settings at the top level, sdk-2-0 OnlineDeployment", () => {
        const result = importTemp({
            "batch-endpoint.yml":
                "$schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json\nname: legacy-batch\n",
            "batch.yml":
                "$schema: https://azuremlschemas.azureedge.net/latest/batchDeployment.schema.json\nendpoint_name: legacy-batch\nname: xgb\nmodel: azureml:heart:1\ncompute: azureml:cpu\nresources:\n  instance_count: 2\nmax_concurrency_per_instance: 2\nmini_batch_size: 2\noutput_action: append_row\noutput_file_name: predictions.csv\nretry_settings:\n  max_retries: 3\n  timeout: 300\nerror_threshold: -1\nlogging_level: info\n",
            "cluster.yml":
                "$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: cpu\ntype: amlcompute\n",
            "online-endpoint.yml":
                "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: legacy-online\n",
            "online.yml":
                "$schema: http://azureml/sdk-2-0/OnlineDeployment.json\nendpoint_name: legacy-online\nname: blue\nmodel: azureml:m:1\nenvironment: azureml:env:1\ninstance_type: Standard_DS3_v2\n",
        });
        expect(findingLines(result, "invalid")).toEqual([]);
        expect(result.config.batchEndpoints!["legacy-batch"].deployments!.xgb).toEqual({
            model: "azureml:heart:1",
            compute: "cpu",
            instanceCount: 2,
            maxConcurrencyPerInstance: 2,
            miniBatchSize: 2,
            outputAction: "append_row",
            outputFileName: "predictions.csv",
            retrySettings: { maxRetries: 3, timeoutSeconds: 300 },
            errorThreshold: -1,
            loggingLevel: "info",
        });
        expect(result.config.computes!.cpu).toEqual({ type: "amlCompute", vmSize: "Standard_DS3_v2" });
        expect(findingLines(result, "note")).toContainEqual(
            expect.stringContaining(
                "cluster.yml:1: (file): no size: az ml's default Standard_DS3_v2 is written as vmSize",
            ),
        );
        expect(result.config.onlineEndpoints!["legacy-online"]).toEqual({
            authMode: "key",
            deployments: {
                blue: { model: "azureml:m:1", environment: "azureml:env:1", instanceType: "Standard_DS3_v2" },
            },
        });
        expect(findingLines(result, "note")).toContainEqual(
            expect.stringContaining(
                "online-endpoint.yml:2: auth_mode: not given: az ml's default 'key' is written as authMode (the platform's own default is aad_token)",
            ),
        );
    });

    it("asks for $schema when nothing tells the kind", () => {
        const result = importAzureMlYaml([fixture("problems", "endpoint.yml")]);
        expect(result.valid).toBe(true);
        const temp = tempFolder({ "thing.yml": "name: lonely\npath: somewhere\n" });
        remove = temp.remove;
        const lonely = importAzureMlYaml([`${temp.dir}/thing.yml`], { projectDir: temp.dir });
        expect(findingLines(lonely, "invalid")).toEqual([
            `${temp.dir}/thing.yml:1: (file): not an az ml CLI v2 file the import reads: its fields fit a model and a code asset alike, and no other file tells which; add $schema: https://azuremlschemas.azureedge.net/latest/model.schema.json or https://azuremlschemas.azureedge.net/latest/code.schema.json`,
        ]);
    });
});
