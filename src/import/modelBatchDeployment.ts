import { batchDeployment, readBatchDeploymentHeader } from "./batchDeploymentFields";
import { readDeploymentAssets } from "./deploymentAssets";
import type { MapContext, MappedBatchDeployment } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { computeNameOf } from "./references";

const OUTPUT_ACTIONS = {
    append_row: "append_row",
    appendrow: "append_row",
    summary_only: "summary_only",
    summaryonly: "summary_only",
} as const;
const LOGGING_LEVELS = { info: "info", warning: "warning", debug: "debug" } as const;

/**
 * The scoring settings of a model deployment, from `settings:` (CLI 1.7 and later) or from the file's top level
 * (earlier files): mini batches, concurrency, output, retries, error threshold, logging, environment variables.
 */
function readScoringSettings(settings: Fields, draft: Draft): void {
    draft.put(
        ["maxConcurrencyPerInstance"],
        settings.integer("max_concurrency_per_instance"),
        settings.origin("max_concurrency_per_instance"),
    );
    draft.put(["miniBatchSize"], settings.integer("mini_batch_size"), settings.origin("mini_batch_size"));
    draft.put(["outputAction"], settings.choice("output_action", OUTPUT_ACTIONS), settings.origin("output_action"));
    draft.put(["outputFileName"], settings.text("output_file_name"), settings.origin("output_file_name"));
    const retry = settings.nested("retry_settings", "retry_settings");
    if (retry !== undefined) {
        draft.put(["retrySettings", "maxRetries"], retry.integer("max_retries"), retry.origin("max_retries"));
        draft.put(["retrySettings", "timeoutSeconds"], retry.integer("timeout"), retry.origin("timeout"));
        retry.finish();
    }
    draft.put(["errorThreshold"], settings.integer("error_threshold"), settings.origin("error_threshold"));
    draft.put(["loggingLevel"], settings.choice("logging_level", LOGGING_LEVELS), settings.origin("logging_level"));
    const variables = settings.textMap("environment_variables");
    if (variables !== undefined) {
        const earlier = (draft.value.environmentVariables ?? {}) as Record<string, string>;
        draft.put(["environmentVariables"], { ...earlier, ...variables }, settings.origin("environment_variables"));
    }
}

/** `resources.instance_count`: the nodes per job; the rest of a job's resources belong to the cluster. */
function readResources(fields: Fields, draft: Draft): void {
    const resources = fields.nested("resources", "resources");
    if (resources === undefined) {
        return;
    }
    draft.put(["instanceCount"], resources.integer("instance_count"), resources.origin("instance_count"));
    for (const key of ["instance_type", "max_instance_count", "shm_size", "docker_args", "locations", "properties"]) {
        resources.leftOut(
            key,
            "batch jobs run on the deployment's compute cluster as it is sized (its vmSize); remove it, or size the cluster under computes",
        );
    }
    resources.finish();
}

/** A model batch deployment (modelBatchDeployment.schema.json, or batchDeployment.schema.json with type: model). */
export function mapModelBatchDeployment(fields: Fields, ctx: MapContext): MappedBatchDeployment | undefined {
    const draft = new Draft();
    const header = readBatchDeploymentHeader(fields, draft);
    const type = fields.text("type");
    if (type !== undefined && type.trim().toLowerCase() !== "model") {
        fields.report("invalid", "type", `a model batch deployment has type model, got "${type}"; fix type or $schema`);
    }
    const { assets, complete } = readDeploymentAssets(fields, ctx, draft);
    const compute = fields.text("compute");
    if (compute === undefined && !fields.has("compute")) {
        fields.report("invalid", undefined, "a model batch deployment runs on a cluster; set compute: azureml:<name>");
    }
    draft.put(["compute"], compute !== undefined ? computeNameOf(compute) : undefined, fields.origin("compute"));
    readResources(fields, draft);
    const topLevelVariables = fields.textMap("environment_variables");
    draft.put(["environmentVariables"], topLevelVariables, fields.origin("environment_variables"));
    readScoringSettings(fields, draft);
    const settings = fields.nested("settings", "settings");
    if (settings !== undefined) {
        draft.put(["instanceCount"], settings.integer("instance_count"), settings.origin("instance_count"));
        readScoringSettings(settings, draft);
        settings.finish();
    }
    fields.leftOut(
        "job_definition",
        "an experimental job definition the platform does not send; remove it (the model, code and settings above define the jobs)",
    );
    fields.finish();
    return batchDeployment(fields, header, draft, assets, complete && compute !== undefined);
}
