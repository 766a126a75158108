/**
 * Which az ml CLI v2 kind a file is: by its `$schema` (https://azuremlschemas.azureedge.net/latest/<kind>.schema.json,
 * or the early http://azureml/sdk-2-0/<Kind>.json), or by its shape when it has none.
 */

export const IMPORTED_KINDS = {
    managedOnlineEndpoint: "managed online endpoint",
    kubernetesOnlineEndpoint: "Kubernetes online endpoint",
    managedOnlineDeployment: "managed online deployment",
    kubernetesOnlineDeployment: "Kubernetes online deployment",
    onlineDeployment: "online deployment",
    batchEndpoint: "batch endpoint",
    modelBatchDeployment: "model batch deployment",
    pipelineComponentBatchDeployment: "pipeline component batch deployment",
    model: "model",
    environment: "environment",
    code: "code asset",
    amlCompute: "compute cluster (amlCompute)",
    kubernetesCompute: "attached Kubernetes compute",
} as const;
export type ImportedKind = keyof typeof IMPORTED_KINDS;

/** The $schema URL of a kind, for messages that ask for one. */
export function schemaUrl(kind: ImportedKind): string {
    const name = kind === "onlineDeployment" ? "managedOnlineDeployment" : kind;
    return `https://azuremlschemas.azureedge.net/latest/${name}.schema.json`;
}

export type Recognition =
    | { readonly kind: ImportedKind }
    /** Only the other files can tell: the endpoint a deployment joins, the deployments of an endpoint, ... */
    | { readonly kind: "ambiguous"; readonly candidates: readonly ImportedKind[] }
    /** An az ml file of a kind the platform does not deploy (jobs, data, components, workspaces, ...). */
    | { readonly kind: "otherAzureMl"; readonly schema: string }
    /** A conda environment specification (what an environment's conda_file names). */
    | { readonly kind: "conda" }
    | { readonly kind: "unknown"; readonly reason: string };

type Raw = Record<string, unknown>;

const lower = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : undefined);
const hasAny = (raw: Raw, keys: readonly string[]) => keys.some((k) => Object.hasOwn(raw, k));

const BATCH_DEPLOYMENT_FIELDS = [
    "compute",
    "settings",
    "component",
    "mini_batch_size",
    "max_concurrency_per_instance",
    "output_action",
    "output_file_name",
    "retry_settings",
    "error_threshold",
    "logging_level",
    "job_definition",
];
const ONLINE_DEPLOYMENT_FIELDS = [
    "instance_type",
    "instance_count",
    "request_settings",
    "liveness_probe",
    "readiness_probe",
    "scale_settings",
    "app_insights_enabled",
    "data_collector",
    "egress_public_network_access",
    "model_mount_path",
];

function batchDeploymentKind(raw: Raw): ImportedKind {
    return lower(raw.type) === "pipeline" || Object.hasOwn(raw, "component")
        ? "pipelineComponentBatchDeployment"
        : "modelBatchDeployment";
}

function bySchemaName(name: string, raw: Raw): ImportedKind | undefined {
    switch (name) {
        case "managedonlineendpoint":
        case "kubernetesonlineendpoint":
        case "managedonlinedeployment":
        case "kubernetesonlinedeployment":
        case "batchendpoint":
        case "modelbatchdeployment":
        case "pipelinecomponentbatchdeployment":
        case "model":
        case "environment":
        case "code":
        case "amlcompute":
        case "kubernetescompute":
            return (Object.keys(IMPORTED_KINDS) as ImportedKind[]).find((k) => k.toLowerCase() === name);
        case "onlineendpoint":
            return Object.hasOwn(raw, "compute") ? "kubernetesOnlineEndpoint" : "managedOnlineEndpoint";
        case "onlinedeployment":
            return "onlineDeployment";
        case "batchdeployment":
            return batchDeploymentKind(raw);
        case "compute":
            return lower(raw.type) === "kubernetes" ? "kubernetesCompute" : "amlCompute";
        default:
            return undefined;
    }
}

function byShape(raw: Raw): Recognition {
    if (Object.hasOwn(raw, "endpoint_name")) {
        const type = lower(raw.type);
        if (type === "model" || type === "pipeline" || hasAny(raw, BATCH_DEPLOYMENT_FIELDS)) {
            return { kind: batchDeploymentKind(raw) };
        }
        if (type === "managed" || type === "kubernetes" || hasAny(raw, ONLINE_DEPLOYMENT_FIELDS)) {
            return { kind: "onlineDeployment" };
        }
        return { kind: "ambiguous", candidates: ["onlineDeployment", "modelBatchDeployment"] };
    }
    const type = lower(raw.type);
    if (type === "amlcompute" || type === "kubernetes") {
        return { kind: type === "kubernetes" ? "kubernetesCompute" : "amlCompute" };
    }
    if (hasAny(raw, ["traffic", "mirror_traffic", "public_network_access"]) || Object.hasOwn(raw, "compute")) {
        return { kind: Object.hasOwn(raw, "compute") ? "kubernetesOnlineEndpoint" : "managedOnlineEndpoint" };
    }
    if (Object.hasOwn(raw, "defaults")) {
        return { kind: "batchEndpoint" };
    }
    if (Object.hasOwn(raw, "auth_mode")) {
        return { kind: "ambiguous", candidates: ["managedOnlineEndpoint", "batchEndpoint"] };
    }
    if (hasAny(raw, ["image", "build", "conda_file", "inference_config"])) {
        return { kind: "environment" };
    }
    if (["custom_model", "mlflow_model", "triton_model"].includes(type ?? "") || Object.hasOwn(raw, "flavors")) {
        return { kind: "model" };
    }
    if (hasAny(raw, ["dependencies", "channels"])) {
        return { kind: "conda" };
    }
    if (Object.hasOwn(raw, "path")) {
        return { kind: "ambiguous", candidates: ["model", "code"] };
    }
    return { kind: "unknown", reason: "it has no $schema, and its fields are not those of a kind the import reads" };
}

/** Recognises one file's kind; `raw` is its top-level mapping. */
export function recognise(raw: Raw): Recognition {
    const schema = raw.$schema;
    if (typeof schema !== "string") {
        return byShape(raw);
    }
    const name = (schema.split(/[/\\]/).pop() ?? "").replace(/(\.schema)?\.json$/i, "");
    const kind = bySchemaName(name.toLowerCase(), raw);
    if (kind !== undefined) {
        return { kind };
    }
    if (/azuremlschemas\.azureedge\.net|azuremlsdk2|^https?:\/\/azureml\//i.test(schema)) {
        return { kind: "otherAzureMl", schema: name };
    }
    return { kind: "unknown", reason: `its $schema "${schema}" is not an az ml CLI v2 schema` };
}
