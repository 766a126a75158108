import { describeValue } from "../model";
import { batchDeployment, readBatchDeploymentHeader } from "./batchDeploymentFields";
import type { MapContext, MappedBatchDeployment } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { computeNameOf, parseAssetReference } from "./references";

/**
 * A pipeline component batch deployment (pipelineComponentBatchDeployment.schema.json, or batchDeployment.schema.json
 * with type: pipeline): a registered component and its job settings. `settings.default_compute` is the cluster the
 * jobs run on: the deployment's compute in stack config.
 */
export function mapPipelineComponentBatchDeployment(
    fields: Fields,
    _ctx: MapContext,
): MappedBatchDeployment | undefined {
    const draft = new Draft();
    const header = readBatchDeploymentHeader(fields, draft);
    draft.put(["type"], "pipelineComponent", fields.origin("type"));
    const type = fields.text("type");
    if (type !== undefined && type.trim().toLowerCase() !== "pipeline") {
        fields.report(
            "invalid",
            "type",
            `a pipeline component deployment has type pipeline, got "${type}"; fix type or $schema`,
        );
    }
    let complete = true;
    const raw = fields.raw("component");
    const component = typeof raw === "string" ? parseAssetReference(raw) : undefined;
    if (raw === undefined) {
        complete = false;
        fields.report(
            "invalid",
            undefined,
            "a pipeline component deployment needs component: azureml:<name>:<version>",
        );
    } else if (component?.kind === "registered") {
        draft.put(["component"], component.text, fields.origin("component"));
    } else {
        complete = false;
        fields.report(
            "invalid",
            "component",
            `the platform deploys a registered pipeline component at a fixed version, got ${describeValue(raw)}; register it (az ml component create --file <file>) and write azureml:<name>:<version>`,
        );
    }
    const settings = fields.nested("settings", "settings");
    const compute = settings?.text("default_compute");
    if (settings === undefined || compute === undefined) {
        complete = false;
        fields.report(
            "invalid",
            settings !== undefined ? "settings" : undefined,
            "the platform runs a pipeline deployment's jobs on a cluster it knows; set settings.default_compute: <compute name>",
        );
    } else {
        draft.put(["compute"], computeNameOf(compute), settings.origin("default_compute"));
    }
    for (const key of Object.keys(settings?.value ?? {}).filter((k) => k !== "default_compute")) {
        const value = settings!.raw(key);
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
            draft.put(["settings", key], String(value), settings!.origin(key));
        } else {
            settings!.report(
                "invalid",
                key,
                `expected a single value, got ${describeValue(value)}; job settings are text`,
            );
        }
    }
    settings?.finish();
    fields.finish();
    return batchDeployment(fields, header, draft, {}, complete);
}
