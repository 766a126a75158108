import { JobInputRecord, JobOutputRecord } from "./state";
import { durationSeconds } from "../../model/isoDuration";

/**
 * The body of a batch endpoint invocation, read in either of its two spellings: Microsoft's REST docs use
 * PascalCase (`properties.InputData.<name>.{JobInputType, Uri}`), the azure-ai-ml SDK serialises its BatchJob
 * model in camelCase (`properties.inputData.<name>.{jobInputType, uri}`, `outputData`, `name`, `compute`, …).
 * Only those two spellings are read: other casings are not documented anywhere.
 */
export interface JobRequest {
    name?: string;
    inputs: Record<string, JobInputRecord>;
    outputs: Record<string, Omit<JobOutputRecord, "file">>;
    settings: Record<string, unknown>;
    tags: Record<string, string>;
    properties: Record<string, string>;
}

/** The input types of the data-plane JobInputType enum, and why each one a batch job cannot take is refused. */
const REFUSED_INPUT_TYPES: Record<string, string> = {
    MLTable: "data assets of type table (MLTable) are not supported as batch endpoint inputs",
    CustomModel: "model inputs are not data inputs; a batch job takes uri_file / uri_folder data or literals",
    MLFlowModel: "model inputs are not data inputs; a batch job takes uri_file / uri_folder data or literals",
    TritonModel: "model inputs are not data inputs; a batch job takes uri_file / uri_folder data or literals",
};

/** The job name pattern of the Jobs API (Jobs_CreateOrUpdate `id`). */
const JOB_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

/** Data input URIs a batch job can read; a local path must be uploaded by the client first (the CLI and SDK do). */
const DATA_URI = [
    /^https:\/\/[^/\s]+\/\S*$/,
    /^(wasbs|abfss|adl):\/\/\S+$/,
    /^azureml:\/\/(datastores|locations|subscriptions)\/\S+$/,
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/(data\/[^/]+\/versions\/[^/]+|datastores\/[^/]+\/paths\/\S*)$/i,
    /^azureml:[A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z0-9_.-]+$/,
];

export class BadJobRequest extends Error {}

/** Reads one field in PascalCase or camelCase; both at once is ambiguous and refused. */
function field(obj: Record<string, unknown>, camel: string, where: string): unknown {
    const pascal = camel[0].toUpperCase() + camel.slice(1);
    const a = obj[camel];
    const b = obj[pascal];
    if (a !== undefined && b !== undefined) {
        throw new BadJobRequest(
            `${where} has both '${camel}' and '${pascal}'; send one spelling (camelCase as the SDK does, or PascalCase as the REST docs do).`,
        );
    }
    return a ?? b;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Record<string, string> {
    if (value === undefined || value === null) {
        return {};
    }
    if (!isObject(value) || Object.values(value).some((v) => typeof v !== "string")) {
        throw new BadJobRequest(`${where} must be an object of strings; got ${JSON.stringify(value)}.`);
    }
    return value as Record<string, string>;
}

function readInput(name: string, raw: unknown): JobInputRecord {
    const where = `properties.inputData.${name}`;
    if (!isObject(raw)) {
        throw new BadJobRequest(
            `${where} must be an object such as { "jobInputType": "UriFolder", "uri": "https://…" }; got ${JSON.stringify(raw)}.`,
        );
    }
    const type = field(raw, "jobInputType", where);
    if (typeof type === "string" && REFUSED_INPUT_TYPES[type] !== undefined) {
        throw new BadJobRequest(`${where}.jobInputType '${type}' is refused: ${REFUSED_INPUT_TYPES[type]}.`);
    }
    if (type === "Literal") {
        const value = field(raw, "value", where);
        if (typeof value !== "string") {
            throw new BadJobRequest(
                `${where} is a Literal input and needs a string 'value'; got ${JSON.stringify(value)}.`,
            );
        }
        return { kind: "Literal", value };
    }
    if (type !== "UriFile" && type !== "UriFolder") {
        throw new BadJobRequest(
            `${where}.jobInputType must be UriFolder, UriFile or Literal (the data-plane enum's spelling); got ${JSON.stringify(type)}.`,
        );
    }
    const uri = field(raw, "uri", where);
    if (typeof uri !== "string" || !DATA_URI.some((pattern) => pattern.test(uri))) {
        throw new BadJobRequest(
            `${where}.uri ${JSON.stringify(uri)} is not a location a batch job can read: use https://…, azureml://datastores/<store>/paths/<path>, a data asset id (/subscriptions/…/data/<name>/versions/<version>) or azureml:<name>:<version>; upload local files first.`,
        );
    }
    return { kind: type, uri };
}

function readOutput(name: string, raw: unknown): Omit<JobOutputRecord, "file"> {
    const where = `properties.outputData.${name}`;
    if (!isObject(raw)) {
        throw new BadJobRequest(
            `${where} must be an object such as { "jobOutputType": "UriFile", "uri": "azureml://datastores/<store>/paths/<path>" }; got ${JSON.stringify(raw)}.`,
        );
    }
    const type = field(raw, "jobOutputType", where);
    if (type !== "UriFile" && type !== "UriFolder") {
        throw new BadJobRequest(`${where}.jobOutputType must be UriFile or UriFolder; got ${JSON.stringify(type)}.`);
    }
    const uri = field(raw, "uri", where);
    // Outputs go only to data stores (docs: "outputs can be stored only in Azure Machine Learning data stores").
    if (
        typeof uri !== "string" ||
        !(
            /^azureml:\/\/datastores\/[^/]+\/paths\/\S+$/.test(uri) ||
            /^\/subscriptions\/\S+\/datastores\/[^/]+\/paths\/\S+$/i.test(uri)
        )
    ) {
        throw new BadJobRequest(
            `${where}.uri ${JSON.stringify(uri)} must be a path on a registered blob data store: azureml://datastores/<store>/paths/<path> or <datastore id>/paths/<path>.`,
        );
    }
    return { kind: type, uri };
}

function positiveInt(value: unknown, where: string, min: number): number | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (!Number.isInteger(value) || (value as number) < min) {
        throw new BadJobRequest(`${where} must be a whole number of at least ${min}; got ${JSON.stringify(value)}.`);
    }
    return value as number;
}

/** The per-job settings the SDK can send (params_override), checked against the deployment settings' ranges. */
function readSettings(props: Record<string, unknown>): Record<string, unknown> {
    const settings: Record<string, unknown> = {};
    const compute = field(props, "compute", "properties");
    if (compute !== undefined && compute !== null) {
        if (!isObject(compute)) {
            throw new BadJobRequest(
                `properties.compute must be an object such as { "instanceCount": 2 }; got ${JSON.stringify(compute)}.`,
            );
        }
        settings.instanceCount = positiveInt(
            field(compute, "instanceCount", "properties.compute"),
            "properties.compute.instanceCount",
            1,
        );
    }
    settings.miniBatchSize = positiveInt(field(props, "miniBatchSize", "properties"), "properties.miniBatchSize", 1);
    settings.maxConcurrencyPerInstance = positiveInt(
        field(props, "maxConcurrencyPerInstance", "properties"),
        "properties.maxConcurrencyPerInstance",
        1,
    );
    settings.errorThreshold = positiveInt(
        field(props, "errorThreshold", "properties"),
        "properties.errorThreshold",
        -1,
    );
    const level = field(props, "loggingLevel", "properties");
    if (level !== undefined && level !== null && !["Info", "Warning", "Debug"].includes(level as string)) {
        throw new BadJobRequest(
            `properties.loggingLevel must be Info, Warning or Debug; got ${JSON.stringify(level)}.`,
        );
    }
    settings.loggingLevel = level ?? undefined;
    const fileName = field(props, "outputFileName", "properties");
    if (
        fileName !== undefined &&
        fileName !== null &&
        (typeof fileName !== "string" || fileName === "" || /[/\\]/.test(fileName))
    ) {
        throw new BadJobRequest(
            `properties.outputFileName must be a file name without a path; got ${JSON.stringify(fileName)}.`,
        );
    }
    settings.outputFileName = fileName ?? undefined;
    const retry = field(props, "retrySettings", "properties");
    if (retry !== undefined && retry !== null) {
        if (!isObject(retry)) {
            throw new BadJobRequest(
                `properties.retrySettings must be an object such as { "maxRetries": 3, "timeout": "PT30S" }; got ${JSON.stringify(retry)}.`,
            );
        }
        const timeout = field(retry, "timeout", "properties.retrySettings");
        if (
            timeout !== undefined &&
            timeout !== null &&
            !(typeof timeout === "string" && durationSeconds(timeout) !== undefined)
        ) {
            throw new BadJobRequest(
                `properties.retrySettings.timeout must be an ISO 8601 duration such as PT30S; got ${JSON.stringify(timeout)}.`,
            );
        }
        settings.retrySettings = {
            maxRetries: positiveInt(
                field(retry, "maxRetries", "properties.retrySettings"),
                "properties.retrySettings.maxRetries",
                0,
            ),
            timeout,
        };
    }
    return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/** Legacy `outputDataset: { datastoreId, path }` (the REST flow of the docs' first version) as a folder output. */
function legacyOutput(props: Record<string, unknown>): Record<string, Omit<JobOutputRecord, "file">> | undefined {
    const dataset = field(props, "outputDataset", "properties");
    if (dataset === undefined || dataset === null) {
        return undefined;
    }
    if (
        !isObject(dataset) ||
        typeof field(dataset, "datastoreId", "properties.outputDataset") !== "string" ||
        typeof field(dataset, "path", "properties.outputDataset") !== "string"
    ) {
        throw new BadJobRequest(
            `properties.outputDataset needs datastoreId (a data store's ARM id) and path; got ${JSON.stringify(dataset)}.`,
        );
    }
    const store = field(dataset, "datastoreId", "properties.outputDataset") as string;
    const path = (field(dataset, "path", "properties.outputDataset") as string).replace(/^\/+/, "");
    return {
        score: readOutput("score", { jobOutputType: "UriFolder", uri: `${store.replace(/\/+$/, "")}/paths/${path}` }),
    };
}

/** Parses and checks an invocation body; throws BadJobRequest with a message that names the field, value and fix. */
export function readJobRequest(body: Record<string, unknown>): JobRequest {
    const props = field(body, "properties", "the body");
    if (!isObject(props)) {
        throw new BadJobRequest(
            'The body needs a "properties" object: { "properties": { "InputData": { "<name>": { "JobInputType": "UriFolder", "Uri": "https://…" } } } }.',
        );
    }
    const name = field(props, "name", "properties");
    if (name !== undefined && name !== null && (typeof name !== "string" || !JOB_NAME.test(name))) {
        throw new BadJobRequest(
            `properties.name ${JSON.stringify(name)} is not a valid job name: start with a letter or digit, then letters, digits, '-' or '_', at most 255 characters.`,
        );
    }
    const rawInputs = field(props, "inputData", "properties") ?? {};
    if (!isObject(rawInputs)) {
        throw new BadJobRequest(
            `properties.inputData must be an object of named inputs; got ${JSON.stringify(rawInputs)}.`,
        );
    }
    const inputs = Object.fromEntries(Object.entries(rawInputs).map(([key, raw]) => [key, readInput(key, raw)]));
    const rawOutputs = field(props, "outputData", "properties");
    if (rawOutputs !== undefined && rawOutputs !== null && !isObject(rawOutputs)) {
        throw new BadJobRequest(
            `properties.outputData must be an object of named outputs; got ${JSON.stringify(rawOutputs)}.`,
        );
    }
    const outputs = rawOutputs
        ? Object.fromEntries(Object.entries(rawOutputs).map(([key, raw]) => [key, readOutput(key, raw)]))
        : (legacyOutput(props) ?? {});
    return {
        name: typeof name === "string" ? name : undefined,
        inputs,
        outputs,
        settings: readSettings(props),
        tags: stringMap(field(props, "tags", "properties"), "properties.tags"),
        properties: stringMap(field(props, "properties", "properties"), "properties.properties"),
    };
}
