import * as pulumi from "@pulumi/pulumi";
import { isBatchEndpointId } from "../azure/batchEndpointId";
import type { BatchInvocationOutputSpecInput, BatchJobOverridesSpec } from "../model/batchInvocation";
import { BATCH_JOB_TIMEOUT_SECONDS } from "../model/batchJobSettings";
import { SpecValidationError } from "../model/validate";
import { batchInvocationProblems, settingsForValidation } from "./batchInvocationChecks";
import { jobNamePrefixFrom } from "./batchJobIdentity";
import { HostedDynamicResource } from "./hostedDynamicResource";

/** One input of a batch job: data read from a path, or a literal value. */
export type BatchInvocationInputArg =
    | {
          /** @default "uri_folder" */
          readonly type?: "uri_folder" | "uri_file";
          /**
           * Where the data is: an https URL, `azureml://datastores/<datastore>/paths/<path>`, a data asset
           * `azureml:<name>:<version>` (pinned: `@latest` is refused) or a data asset's resource id.
           */
          readonly path: pulumi.Input<string>;
      }
    | {
          /** A literal: pipeline component deployments only (model deployments refuse it). */
          readonly type: "literal";
          /** Sent as text. */
          readonly value: string | number | boolean;
      };

/** Arguments of BatchInvocation. */
export interface BatchInvocationArgs {
    /** The batch endpoint's resource id (/subscriptions/…/workspaces/<workspace>/batchEndpoints/<name>). */
    readonly endpointId: pulumi.Input<string>;
    /** The batch endpoint's scoring URI (its `properties.scoringUri`), where jobs are started. */
    readonly scoringUri: pulumi.Input<string>;
    /** The deployment to run, sent as the `azureml-model-deployment` header. @default the endpoint's default deployment */
    readonly deployment?: pulumi.Input<string>;
    /**
     * Anything that names the version of the deployment that runs, such as its resource id and the ids of its model,
     * code and environment: when it changes, a new job starts, so a new model version scores the data again.
     * @default - (a new deployment version alone starts no job)
     */
    readonly deploymentRevision?: pulumi.Input<string>;
    /** The job's inputs by name (identifiers). Model deployments take exactly one data input. */
    readonly inputs: Readonly<Record<string, BatchInvocationInputArg>>;
    /**
     * Where the output goes: `datastore` (@default "workspaceblobstore") and a folder `path` (@default
     * "batch/<endpoint name>") under which every job writes a folder named after it, so no job can fail on a file an
     * earlier one wrote. `name` is the job output it is for (@default "score").
     * @default a folder of its own per job under batch/<endpoint name>/ on workspaceblobstore
     */
    readonly output?: BatchInvocationOutputSpecInput;
    /** Deployment settings this job overrides (instances, mini batch size, output file, retries, …). @default {} */
    readonly overrides?: BatchJobOverridesSpec;
    /** Any text: a change starts a new job even when nothing else changed. @default - */
    readonly trigger?: pulumi.Input<string>;
    /** Wait for the job to end; false: the update ends once the job is started. @default true */
    readonly wait?: boolean;
    /** How long a job may take, counted from its creation, before the update fails. @default 3600 */
    readonly timeoutSeconds?: number;
    /** Cancel the job when it runs out of time (otherwise it is left running). @default true */
    readonly cancelOnTimeout?: boolean;
    /** How job names start: `<prefix>-<hash>`. @default the resource name, with other characters than letters, digits, '-' and '_' made '-' */
    readonly jobNamePrefix?: string;
}

/** Room on top of a job's timeout for starting it, canceling it and Azure's answers. */
const ENGINE_SLACK_MINUTES = 30;

/**
 * Runs a batch endpoint once: starts a batch scoring job with the given inputs, waits for it to complete and
 * exposes where its output is. A change of what defines the job (the endpoint, the deployment or its revision, the
 * inputs, the output, the overrides or the trigger) starts a new one; nothing else does: the scoring URI, `wait`,
 * `timeoutSeconds`, `cancelOnTimeout` and `jobNamePrefix` change how a job is reached, followed or named, not what
 * it computes. A failed job fails the update with its status and where its logs are; a job that runs out of time
 * is canceled (unless `cancelOnTimeout` is false) and fails the update.
 *
 * Jobs are named by the client: `<prefix>-<hash of what defines the job and this resource>`, so a retried or
 * repeated create, or the next run after a killed one, finds the job already started and follows it instead of
 * paying for a second. Running the update again after a job Failed or was Canceled starts it again as
 * `<name>-2`, `-3`, …; going back to settings of an earlier job finds that job and starts nothing.
 *
 * Destroying the resource leaves the jobs and their outputs in place (a running job runs on). Runs in the
 * provider host (batchInvocationProvider).
 */
export class BatchInvocation extends HostedDynamicResource {
    /** The job this invocation started or followed. */
    declare readonly jobName: pulumi.Output<string>;
    /** Its status when the update ended: Completed when waited for. */
    declare readonly status: pulumi.Output<string>;
    /** The folder its output is in: azureml://datastores/<datastore>/paths/<folder>/. */
    declare readonly outputUri: pulumi.Output<string>;
    /** The job in Azure ML studio (https://ml.azure.com/runs/<job>?wsid=…): progress, logs, and why it failed. */
    declare readonly studioUrl: pulumi.Output<string>;

    constructor(name: string, args: BatchInvocationArgs, opts?: pulumi.CustomResourceOptions) {
        const pending = (value: unknown) => pulumi.Output.isInstance(value) || value instanceof Promise;
        const problems = batchInvocationProblems(settingsForValidation(args, pending));
        if (typeof args.endpointId === "string" && !isBatchEndpointId(args.endpointId)) {
            problems.unshift({
                path: "endpointId",
                message: `expected a batch endpoint resource id (/subscriptions/…/workspaces/<workspace>/batchEndpoints/<name>), got "${args.endpointId}"`,
            });
        }
        if (problems.length > 0) {
            throw new SpecValidationError(`BatchInvocation ${name}`, problems);
        }
        const timeoutSeconds = args.timeoutSeconds ?? BATCH_JOB_TIMEOUT_SECONDS;
        const engineMinutes = `${Math.ceil(timeoutSeconds / 60) + ENGINE_SLACK_MINUTES}m`;
        super(
            "batchInvocation",
            "BatchInvocation",
            name,
            {
                wait: true,
                cancelOnTimeout: true,
                ...args,
                timeoutSeconds,
                jobNamePrefix: args.jobNamePrefix ?? jobNamePrefixFrom(name),
                scope: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
                jobName: undefined,
                status: undefined,
                outputUri: undefined,
                studioUrl: undefined,
            },
            ["jobName", "status", "outputUri", "studioUrl"],
            // The engine must never cut a job's wait short: the job's own timeout decides, and cancels it.
            { ...opts, customTimeouts: opts?.customTimeouts ?? { create: engineMinutes, update: engineMinutes } },
        );
    }
}
