import { ArmClient } from "./armClient";
import { ArmError } from "./armError";

/**
 * Starting a batch scoring job: a POST to the batch endpoint's scoring URI with an Entra token for
 * https://ml.azure.com (how-to-use-batch-model-deployments, REST tab), the body in the camelCase the azure-ai-ml SDK
 * sends (its data-plane `BatchJob`: `name`, `inputData`, `outputData`, `compute.instanceCount`, `miniBatchSize`, …).
 * The job's name is the client's: a repeated POST of the same name is refused, never a second job.
 */

/** One input of a job, in the data plane's enum spelling. */
export type BatchJobInput = { kind: "UriFolder" | "UriFile"; uri: string } | { kind: "Literal"; value: string };

/** Deployment settings one job overrides; absent ones stay the deployment's. */
export interface BatchJobSettings {
    readonly instanceCount?: number;
    readonly miniBatchSize?: number;
    readonly maxConcurrencyPerInstance?: number;
    readonly outputFileName?: string;
    readonly retrySettings?: { readonly maxRetries?: number; readonly timeoutSeconds?: number };
    readonly errorThreshold?: number;
    readonly loggingLevel?: "info" | "warning" | "debug";
}

/** Everything one invocation sends. */
export interface BatchJobRequest {
    /** The client-chosen job name (unique in the workspace). */
    readonly name: string;
    /** The deployment to run (the azureml-model-deployment header); undefined: the endpoint's default. */
    readonly deployment?: string;
    readonly inputs: Readonly<Record<string, BatchJobInput>>;
    /** The one output location: a folder on a datastore. */
    readonly output: { readonly name: string; readonly uri: string };
    readonly settings: BatchJobSettings;
    readonly tags?: Readonly<Record<string, string>>;
}

const LOGGING_LEVEL = { info: "Info", warning: "Warning", debug: "Debug" } as const;

/** The invocation body: the SDK's camelCase `BatchJob`, with nothing the request leaves out. */
export function batchJobBody(request: BatchJobRequest): Record<string, unknown> {
    const s = request.settings;
    const retry =
        s.retrySettings === undefined
            ? undefined
            : {
                  ...(s.retrySettings.maxRetries !== undefined ? { maxRetries: s.retrySettings.maxRetries } : {}),
                  ...(s.retrySettings.timeoutSeconds !== undefined
                      ? { timeout: `PT${s.retrySettings.timeoutSeconds}S` }
                      : {}),
              };
    const properties: Record<string, unknown> = {
        name: request.name,
        inputData: Object.fromEntries(
            Object.entries(request.inputs).map(([name, input]) => [
                name,
                input.kind === "Literal"
                    ? { jobInputType: "Literal", value: input.value }
                    : { jobInputType: input.kind, uri: input.uri },
            ]),
        ),
        outputData: { [request.output.name]: { jobOutputType: "UriFolder", uri: request.output.uri } },
        ...(s.instanceCount !== undefined ? { compute: { instanceCount: s.instanceCount } } : {}),
        ...(s.miniBatchSize !== undefined ? { miniBatchSize: s.miniBatchSize } : {}),
        ...(s.maxConcurrencyPerInstance !== undefined
            ? { maxConcurrencyPerInstance: s.maxConcurrencyPerInstance }
            : {}),
        ...(s.outputFileName !== undefined ? { outputFileName: s.outputFileName } : {}),
        ...(retry !== undefined && Object.keys(retry).length > 0 ? { retrySettings: retry } : {}),
        ...(s.errorThreshold !== undefined ? { errorThreshold: s.errorThreshold } : {}),
        ...(s.loggingLevel !== undefined ? { loggingLevel: LOGGING_LEVEL[s.loggingLevel] } : {}),
        ...(request.tags !== undefined ? { tags: request.tags } : {}),
    };
    return { properties };
}

/** What an invocation got: a new job, or the refusal that says a job of that name exists already. */
export type InvokeOutcome = "started" | "exists";

/**
 * POSTs one invocation. The pipeline retries throttling, 5xx and resets on its own (a retried POST that reaches a job
 * the first attempt created is refused as a duplicate, which reads as "exists"); other errors throw an ArmError with
 * the service's message. A duplicate name answers 409 ("A job with this ID already exists"); the status is not
 * documented, so a 400 saying so counts too.
 */
export async function invokeBatchEndpoint(
    dataPlane: ArmClient,
    scoringUri: string,
    request: BatchJobRequest,
): Promise<InvokeOutcome> {
    const response = await dataPlane.send("POST", scoringUri, {
        body: batchJobBody(request),
        headers: request.deployment !== undefined ? { "azureml-model-deployment": request.deployment } : {},
    });
    if (response.status < 300) {
        return "started";
    }
    const error = ArmError.fromResponse(response.status, response.body, "POST", scoringUri, response.headers);
    if (response.status === 409 || (response.status === 400 && /already exists/i.test(error.message))) {
        return "exists";
    }
    throw error;
}
