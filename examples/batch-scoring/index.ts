import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { BatchEndpoint, Code, ComputeCluster, Environment, Model, Workspace } from "@azureml-pulumi/components";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
/** Which heart-classifier deployment runs jobs by default: switch it and `pulumi up` moves the default, nothing else. */
const heartDefault = config.get("heartDefault") ?? "classifier-v2";
/** Credit applications to score (CSV files): an azureml://datastores/... folder or an https URL. */
const applicationsUri = config.get("applicationsUri");
/** Change it to score the same data again (e.g. a date). */
const trigger = config.get("scoreTrigger");

const group = new resources.ResourceGroup("batch", { location });
const workspace = new Workspace("batch", { resourceGroupName: group.name, location, publicNetworkAccess: "Enabled" });
const where = { workspaceName: workspace.workspaceName, resourceGroupName: group.name };

// Batch jobs run on a cluster that scales to zero between jobs.
const cluster = new ComputeCluster("batch-cluster", {
    ...where,
    type: "amlCompute",
    location,
    vmSize: "Standard_DS3_v2",
    minNodes: 0,
    maxNodes: 4,
});

// Seed 000's flow: a model with its own scoring script and environment, one deployment as the default, and a job
// that scores a folder into an output location of its own.
// Paths are relative to this project's directory, where `pulumi up` runs the program.
const creditModel = new Model("credit-model", { ...where, name: "credit-default", path: "../assets/credit-model" });
const creditCode = new Code("credit-score", { ...where, path: "../assets/credit-score" });
const batchRuntime = new Environment("batch-runtime", {
    ...where,
    image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
});
const credit = new BatchEndpoint("credit-batch", {
    workspace,
    endpointName: `credit-batch-${pulumi.getStack()}`.slice(0, 32),
    location,
    description: "Scores credit applications (CSV files) with the credit-default model",
    deployments: {
        nightly: {
            model: creditModel,
            code: creditCode,
            scoringScript: "batch_score.py",
            environment: batchRuntime,
            compute: cluster,
            instanceCount: 2,
            miniBatchSize: 10,
            maxConcurrencyPerInstance: 2,
            retrySettings: { maxRetries: 3, timeoutSeconds: 300 },
            outputAction: "append_row",
            outputFileName: "scores.csv",
            errorThreshold: 10,
            loggingLevel: "info",
        },
    },
});

// Seed 001's flow: an MLflow model deployed without scoring script or environment (Azure ML generates both), then
// a second deployment that becomes the default.
const heartModel = new Model("heart-classifier", { ...where, type: "mlflow_model", path: "heart-classifier" });
const heart = new BatchEndpoint("heart-batch", {
    workspace,
    endpointName: `heart-batch-${pulumi.getStack()}`.slice(0, 32),
    location,
    description: "Heart-disease classifier (MLflow, no-code deployment)",
    defaultDeployment: heartDefault,
    deployments: {
        "classifier-v1": { model: heartModel, compute: cluster, outputFileName: "predictions.csv" },
        "classifier-v2": {
            model: heartModel,
            compute: cluster,
            instanceCount: 2,
            miniBatchSize: 2,
            outputFileName: "predictions.csv",
        },
    },
});

// A job per `pulumi up` only when what defines it changes: the data, the deployment (or its model version), the
// overrides or the trigger. Outputs go to a folder named after the job, so no job fails on an earlier one's file.
const heartScores = heart.invoke("score-heart", {
    inputs: {
        heart_dataset: {
            type: "uri_folder",
            path: "https://azuremlexampledata.blob.core.windows.net/data/heart-disease-uci/data",
        },
    },
    output: { path: "batch/heart" },
    ...(trigger !== undefined ? { trigger } : {}),
    timeoutSeconds: 2 * 3600,
});

export const heartJob = heartScores.jobName;
export const heartResults = heartScores.outputUri;
export const heartStudio = heartScores.studioUrl;
export const creditScoringUri = credit.scoringUri;

// The credit job needs data of yours: set applicationsUri (see README.md) and the next `pulumi up` scores it.
export const creditResults = applicationsUri
    ? credit.invoke("score-credit", {
          inputs: { applications: { type: "uri_folder", path: applicationsUri } },
          output: { path: "batch/credit" },
          overrides: { miniBatchSize: 20 },
          ...(trigger !== undefined ? { trigger } : {}),
      }).outputUri
    : undefined;
