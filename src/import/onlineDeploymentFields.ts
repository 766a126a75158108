import { readDeploymentAssets } from "./deploymentAssets";
import type { DeploymentAssets, MapContext, OnlineKind } from "./entities";
import { Draft, Fields, withArticle } from "./fieldReader";
import { vmSize } from "./amlCompute";

const PROBE_FIELDS = [
    ["initial_delay", "initialDelaySeconds"],
    ["period", "periodSeconds"],
    ["timeout", "timeoutSeconds"],
    ["success_threshold", "successThreshold"],
    ["failure_threshold", "failureThreshold"],
] as const;
const SCALE_TYPES = {
    default: "default",
    target_utilization: "targetUtilization",
    targetutilization: "targetUtilization",
} as const;
const ROLLING_RATES = { minute: "Minute", hour: "Hour", day: "Day", month: "Month", year: "Year" } as const;
const DEPLOYMENT_TYPES = { managed: "managed", kubernetes: "kubernetes", k8s: "kubernetes" } as const;

/** What the shared part of an online deployment file gives its kind's mapper. */
export interface OnlineDeploymentCommon {
    readonly name?: string;
    readonly endpoint?: string;
    readonly kind?: OnlineKind;
    readonly assets: DeploymentAssets;
    readonly complete: boolean;
}

/** Liveness and readiness probes: seconds in az ml files as in stack config. */
function probe(fields: Fields, key: string, draft: Draft, to: string): void {
    const settings = fields.nested(key, key);
    if (settings === undefined) {
        return;
    }
    draft.mark([to], fields.origin(key));
    for (const [from, field] of PROBE_FIELDS) {
        draft.put([to, field], settings.integer(from), settings.origin(from));
    }
    settings.finish();
}

function requestSettings(fields: Fields, draft: Draft): void {
    const settings = fields.nested("request_settings", "request_settings");
    if (settings === undefined) {
        return;
    }
    draft.mark(["requestSettings"], fields.origin("request_settings"));
    for (const [from, to] of [
        ["request_timeout_ms", "requestTimeoutMs"],
        ["max_concurrent_requests_per_instance", "maxConcurrentRequestsPerInstance"],
        ["max_queue_wait_ms", "maxQueueWaitMs"],
    ] as const) {
        draft.put(["requestSettings", to], settings.integer(from), settings.origin(from));
    }
    settings.finish();
}

function scaleSettings(fields: Fields, draft: Draft): void {
    const settings = fields.nested("scale_settings", "scale_settings");
    if (settings === undefined) {
        return;
    }
    const type = settings.choice("type", SCALE_TYPES);
    if (type === undefined && !settings.has("type")) {
        settings.report("invalid", undefined, "scale settings need their type: default or target_utilization");
    }
    draft.put(["scaleSettings", "type"], type, settings.origin("type"));
    if (type === "targetUtilization") {
        for (const [from, to] of [
            ["min_instances", "minInstances"],
            ["max_instances", "maxInstances"],
            ["target_utilization_percentage", "targetUtilizationPercentage"],
            ["polling_interval", "pollingIntervalSeconds"],
        ] as const) {
            draft.put(["scaleSettings", to], settings.integer(from), settings.origin(from));
        }
    }
    settings.finish();
}

/** data_collector: collections with their `enabled`, one sampling_rate for all, rolling_rate, request_logging. */
function dataCollector(fields: Fields, draft: Draft): void {
    const collector = fields.nested("data_collector", "data_collector");
    if (collector === undefined) {
        return;
    }
    // az ml copies the one sampling rate to each collection; so does the platform.
    const samplingRate = collector.number("sampling_rate");
    const collections = collector.nested("collections", "collections");
    if (collections === undefined && !collector.has("collections")) {
        collector.report(
            "invalid",
            undefined,
            "data collection needs its collections (model_inputs, model_outputs, request, response or your own names); add collections:",
        );
    }
    draft.mark(["dataCollector"], fields.origin("data_collector"));
    for (const name of Object.keys(collections?.value ?? {})) {
        const collection = collections!.nested(name, `collection ${name}`);
        if (collection === undefined) {
            continue;
        }
        draft.put(
            ["dataCollector", "collections", name, "enabled"],
            collection.boolean("enabled") ?? false,
            collection.origin("enabled"),
        );
        draft.put(
            ["dataCollector", "collections", name, "samplingRate"],
            samplingRate,
            collector.origin("sampling_rate"),
        );
        collection.leftOut(
            "data",
            "the platform lets Azure ML register the collected data under its default data asset (<endpoint>-<deployment>-<collection>, in workspaceblobstore); remove data, or register the asset you want from that path",
        );
        collection.readOnly("client_id");
        collection.finish();
    }
    collections?.finish();
    draft.put(
        ["dataCollector", "rollingRate"],
        collector.choice("rolling_rate", ROLLING_RATES),
        collector.origin("rolling_rate"),
    );
    const logging = collector.nested("request_logging", "request_logging");
    if (logging !== undefined) {
        const headers = logging.list("capture_headers");
        draft.put(
            ["dataCollector", "captureHeaders"],
            headers?.map((h) => String(h)),
            logging.origin("capture_headers"),
        );
        logging.finish();
    }
    collector.leftOut(
        "destination",
        "collected data goes to the workspace's default datastore; remove destination (or move the data from there)",
    );
    collector.leftOut("enabled", "the platform enables collection per collection; set enabled under each collection");
    collector.finish();
}

/**
 * The fields managed and Kubernetes online deployments share: the assets, instances, request settings, probes,
 * scaling, environment variables, App Insights and data collection.
 */
export function readOnlineDeployment(
    fields: Fields,
    ctx: MapContext,
    draft: Draft,
    kind: OnlineKind | undefined,
): OnlineDeploymentCommon {
    fields.consumed("$schema");
    const name = fields.text("name");
    const endpoint = fields.text("endpoint_name");
    for (const key of ["name", "endpoint_name"]) {
        if (!fields.has(key)) {
            fields.report("invalid", undefined, `${withArticle(fields.what)} file needs ${key}; set ${key}:`);
        }
    }
    const declared = fields.choice("type", DEPLOYMENT_TYPES);
    if (declared !== undefined && kind !== undefined && declared !== kind) {
        fields.report("invalid", "type", `this is a ${kind} online deployment's schema; fix type or $schema`);
    }
    const { assets, complete } = readDeploymentAssets(fields, ctx, draft);
    draft.put(["modelMountPath"], fields.text("model_mount_path"), fields.origin("model_mount_path"));
    const instanceType = fields.text("instance_type");
    draft.put(
        ["instanceType"],
        (kind ?? declared) === "kubernetes" ? instanceType : vmSize(instanceType),
        fields.origin("instance_type"),
    );
    draft.put(["instanceCount"], fields.integer("instance_count"), fields.origin("instance_count"));
    requestSettings(fields, draft);
    probe(fields, "liveness_probe", draft, "livenessProbe");
    probe(fields, "readiness_probe", draft, "readinessProbe");
    draft.put(
        ["environmentVariables"],
        fields.textMap("environment_variables"),
        fields.origin("environment_variables"),
    );
    draft.put(["appInsightsEnabled"], fields.boolean("app_insights_enabled"), fields.origin("app_insights_enabled"));
    scaleSettings(fields, draft);
    dataCollector(fields, draft);
    draft.put(["description"], fields.text("description"), fields.origin("description"));
    draft.put(["tags"], fields.textMap("tags"), fields.origin("tags"));
    draft.put(["properties"], fields.textMap("properties"), fields.origin("properties"));
    fields.readOnly("id", "provisioning_state", "creation_context");
    return { name, endpoint, kind: kind ?? declared, assets, complete };
}
