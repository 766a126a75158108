import { z } from "zod";
import { REGISTERED_REFERENCE_PATTERN, deploymentName } from "./common";
import {
    BATCH_JOB_TIMEOUT_SECONDS,
    batchErrorThreshold,
    batchInstanceCount,
    batchJobTimeoutSeconds,
    batchLoggingLevel,
    batchMaxConcurrencyPerInstance,
    batchMaxRetries,
    batchMiniBatchSize,
    batchOutputFileName,
    batchRetryTimeoutSeconds,
} from "./batchJobSettings";
import { issueReporter } from "./problems";

/**
 * What a batch invocation (one batch scoring job started through a batch endpoint and waited for) takes, as plain
 * values: its inputs, where its output goes, the deployment settings it overrides, and how it waits. The endpoint
 * itself is a resource reference and is checked where it is known (the BatchInvocation resource).
 */

/** The datastore every workspace has (its default blob datastore), where outputs go unless told otherwise. */
export const BATCH_OUTPUT_DATASTORE = "workspaceblobstore";

/** The output a model deployment writes (the name Azure ML's examples use); pipeline components name their own. */
export const BATCH_OUTPUT_NAME = "score";

/** Names of a job's inputs and outputs: identifiers, as component inputs and outputs are. */
export const batchJobPortName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,254}$/, {
    error: "input and output names hold letters, digits and '_' and do not start with a digit",
});

const DATASTORE_URI = /^azureml:\/\/datastores\/[^/\s]+\/paths\/\S+$/;
const FULL_DATASTORE_URI =
    /^azureml:\/\/subscriptions\/[^/\s]+\/resourcegroups\/[^/\s]+\/workspaces\/[^/\s]+\/datastores\/[^/\s]+\/paths\/\S+$/i;
const DATA_ASSET_ID =
    /^\/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/\s]+\/data\/[^/\s]+\/versions\/[^/\s]+$/i;

/**
 * What is wrong with the path of a batch job's data input, or undefined when Azure ML can read it: an https URL, a
 * datastore URI, a registered data asset `azureml:<name>:<version>` or its ARM id (how-to-access-data-batch-endpoints-jobs).
 * A data asset's version must be pinned: with `@latest`, a new version would be scored by no job, since nothing the
 * program declares changes.
 */
export function batchInputPathProblem(path: string): string | undefined {
    if (/^https:\/\/[^/\s]+(\/\S*)?$/i.test(path)) {
        return undefined;
    }
    if (/^http:\/\//i.test(path)) {
        return "plain http is not accepted; use an https URL";
    }
    if (path.startsWith("azureml://")) {
        return DATASTORE_URI.test(path) || FULL_DATASTORE_URI.test(path)
            ? undefined
            : "datastore URIs read azureml://datastores/<datastore>/paths/<path>";
    }
    if (/^azureml:[^/]/.test(path)) {
        if (REGISTERED_REFERENCE_PATTERN.test(path)) {
            return undefined;
        }
        return /@latest$/.test(path)
            ? "pin the data asset's version (azureml:<name>:<version>): with @latest a new version would never start a job, since nothing in the program changes"
            : "a data asset reads azureml:<name>:<version>";
    }
    if (DATA_ASSET_ID.test(path)) {
        return undefined;
    }
    return (
        "batch jobs read their input in Azure: give an https URL, azureml://datastores/<datastore>/paths/<path>, a data " +
        "asset azureml:<name>:<version> or its resource id; upload local data first (as a data asset or to a datastore)"
    );
}

/** One input of a batch job: data read from a path, or a literal value (pipeline component deployments only). */
export const batchInvocationInputSpec = z
    .strictObject({
        /** `uri_folder` / `uri_file`: data read from `path`; `literal`: a `value`. @default "uri_folder" */
        type: z.enum(["uri_folder", "uri_file", "literal"]).default("uri_folder"),
        /** Where the data is (see batchInputPathProblem). Required for `uri_folder` and `uri_file`. @default - */
        path: z.string().optional(),
        /** The literal's value, sent as text. Required for `literal`. @default - */
        value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    })
    .superRefine((input, ctx) => {
        const add = issueReporter(ctx);
        if (input.type === "literal") {
            if (input.value === undefined) {
                add(["value"], undefined, "a literal input needs a value: a string, a number or a boolean");
            }
            if (input.path !== undefined) {
                add(
                    ["path"],
                    input.path,
                    "a literal input takes a value, not a path; remove path or set type to 'uri_folder' or 'uri_file'",
                );
            }
            return;
        }
        if (input.path === undefined) {
            add(["path"], undefined, `a ${input.type} input needs a path: where the data to score is`);
        } else {
            const problem = batchInputPathProblem(input.path);
            if (problem !== undefined) {
                add(["path"], input.path, problem);
            }
        }
        if (input.value !== undefined) {
            add(["value"], input.value, "only literal inputs take a value; remove it or set type to 'literal'");
        }
    });

/** What is wrong with a folder path inside a datastore, or undefined when it is one. */
export function batchOutputPathProblem(path: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
        return "give the folder inside the datastore (e.g. scores/nightly); the datastore goes in output.datastore";
    }
    const segments = path.split("/").filter((s) => s !== "");
    if (segments.length === 0) {
        return "a folder path cannot be empty; leave path out for the default";
    }
    if (/[\s?#\\]/.test(path)) {
        return "folder paths hold no spaces, '?', '#' or '\\'";
    }
    if (segments.some((s) => s === "." || s === "..")) {
        return "folder paths have no '.' or '..' segments";
    }
    return undefined;
}

/**
 * Where a batch job writes its output: always a folder of its own, `path` followed by the job's name (unique to the
 * invocation and attempt). Azure ML fails a job whose output file exists, so a fixed folder would fail the second
 * job after it queued and ran; there is no way to ask for one.
 */
export const batchInvocationOutputSpec = z.strictObject({
    /** The job output this location is for: model deployments have one; pipeline components name theirs. @default "score" */
    name: batchJobPortName.default(BATCH_OUTPUT_NAME),
    /** A datastore of the workspace, by name. @default "workspaceblobstore" (every workspace's default blob datastore) */
    datastore: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,255}$/, { error: "datastore names hold letters, digits and '_'" })
        .default(BATCH_OUTPUT_DATASTORE),
    /** The folder in the datastore under which each job writes a folder named after it. @default "batch/<endpoint name>" */
    path: z
        .string()
        .superRefine((path, ctx) => {
            const problem = batchOutputPathProblem(path);
            if (problem !== undefined) {
                ctx.addIssue({ code: "custom", input: path, message: problem });
            }
        })
        .optional(),
});

/** Deployment settings one job overrides; anything left out is the deployment's. */
export const batchJobOverridesSpec = z.strictObject({
    /** Nodes that run the job. @default the deployment's */
    instanceCount: batchInstanceCount.optional(),
    /** Files per mini batch. @default the deployment's */
    miniBatchSize: batchMiniBatchSize.optional(),
    /** Scoring processes per node. @default the deployment's */
    maxConcurrencyPerInstance: batchMaxConcurrencyPerInstance.optional(),
    /** The file predictions go to, in the output folder. @default the deployment's (predictions.csv unless set) */
    outputFileName: batchOutputFileName.optional(),
    /** Retries of a failing mini batch. @default the deployment's */
    retrySettings: z
        .strictObject({
            /** @default the deployment's (3 unless set) */
            maxRetries: batchMaxRetries.optional(),
            /** @default the deployment's (30 unless set) */
            timeoutSeconds: batchRetryTimeoutSeconds.optional(),
        })
        .optional(),
    /** Failed files tolerated before the job fails; -1 tolerates any number. @default the deployment's */
    errorThreshold: batchErrorThreshold.optional(),
    /** @default the deployment's */
    loggingLevel: batchLoggingLevel.optional(),
});

/** The plain settings of a batch invocation (its endpoint is a resource reference, checked where it is known). */
export const batchInvocationSpec = z.strictObject({
    /** The deployment to run (the azureml-model-deployment header). @default the endpoint's default deployment */
    deployment: deploymentName.optional(),
    /** Anything that names the deployment's version; a change starts a new job. @default - */
    deploymentRevision: z.string().optional(),
    /** The job's inputs by name: model deployments take exactly one data input. */
    inputs: z.record(batchJobPortName, batchInvocationInputSpec).refine((inputs) => Object.keys(inputs).length > 0, {
        error: "a batch job needs an input; model deployments take exactly one data input",
    }),
    /** @default workspaceblobstore, batch/<endpoint name>/<job name>/ */
    output: batchInvocationOutputSpec.optional(),
    /** @default {}: the deployment's settings */
    overrides: batchJobOverridesSpec.default({}),
    /** A change of this value starts a new job even when nothing else changed. @default - */
    trigger: z.string().optional(),
    /** Wait for the job to end; false returns once it is started. @default true */
    wait: z.boolean().default(true),
    /** How long a job may take, from its creation, before the update fails. @default 3600 */
    timeoutSeconds: batchJobTimeoutSeconds.default(BATCH_JOB_TIMEOUT_SECONDS),
    /** Cancel the job when it times out. @default true */
    cancelOnTimeout: z.boolean().default(true),
    /** The start of the job names. @default the resource name, made a valid job name */
    jobNamePrefix: z
        .string()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, {
            error: "a job name prefix has 1 to 64 letters, digits, '-' or '_', starting with a letter or digit",
        })
        .optional(),
});

export type BatchInvocationInputSpec = z.output<typeof batchInvocationInputSpec>;
export type BatchInvocationOutputSpec = z.output<typeof batchInvocationOutputSpec>;
export type { BatchInvocationOutputSpecInput, BatchInvocationSpecInput } from "./generated/batchInvocation";
export type BatchJobOverridesSpec = z.output<typeof batchJobOverridesSpec>;
export type BatchInvocationSpec = z.output<typeof batchInvocationSpec>;
