import { z } from "zod";
import { REGISTERED_REFERENCE_PATTERN, assetName, computeName, endpointName, tags } from "./common";
import { batchEndpointSpec } from "./batchEndpoint";
import { codeSpec } from "./code";
import { computeSpec } from "./compute";
import { environmentSpec } from "./environment";
import { modelSpec } from "./model";
import { onlineEndpointSpec } from "./onlineEndpoint";
import { workspaceSpec } from "./workspace";

/** Azure region names as ARM spells them: westeurope, eastus2, … */
export const location = z.string().regex(/^[a-z][a-z0-9]{2,30}$/, { error: "Azure regions are lower-case letters and digits, for example westeurope" });

export const resourceGroupSpec = z.strictObject({
    /** @default "<project>-<stack>" */
    name: z
        .string()
        .regex(/^[-\w.()]{0,89}[-\w()]$/, { error: "resource group names have 1 to 90 letters, digits, '_', '-', '.', '(' or ')' and do not end with '.'" })
        .optional(),
    /** Use an existing group instead of creating one. @default false */
    existing: z.boolean().default(false),
});

/**
 * The whole stack configuration of the platform program: one key per entity family under the project's
 * namespace (`azureml-platform:workspace`, `azureml-platform:onlineEndpoints`, …).
 */
export const platformSpec = z
    .strictObject({
        location,
        /** @default a new group named "<project>-<stack>" */
        resourceGroup: resourceGroupSpec.default({ existing: false }),
        /** Tags on every resource. @default {} */
        tags: tags.default({}),
        workspace: workspaceSpec,
        /** @default {} */
        computes: z.record(computeName, computeSpec).default({}),
        /** @default {} */
        models: z.record(assetName, modelSpec).default({}),
        /** @default {} */
        codes: z.record(assetName, codeSpec).default({}),
        /** @default {} */
        environments: z.record(assetName, environmentSpec).default({}),
        /** @default {} */
        onlineEndpoints: z.record(endpointName, onlineEndpointSpec).default({}),
        /** @default {} */
        batchEndpoints: z.record(endpointName, batchEndpointSpec).default({}),
    })
    .superRefine((p, ctx) => {
        const add = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
        const reference = (family: "models" | "codes" | "environments", value: string | undefined, path: (string | number)[]) => {
            if (value === undefined || REGISTERED_REFERENCE_PATTERN.test(value)) {
                return;
            }
            if (value.startsWith("azureml:")) {
                add(path, value, "registered references read azureml:<name>:<version>");
            } else if (!(value in p[family])) {
                const declared = Object.keys(p[family]);
                add(path, value, `names nothing under ${family} (declared: ${declared.length > 0 ? declared.join(", ") : "none"}); declare it or use azureml:<name>:<version>`);
            }
        };
        const modelType = (value: string | undefined) => (value !== undefined && value in p.models ? p.models[value].type : undefined);
        const isCustomContainer = (env: string | undefined) => env !== undefined && p.environments[env]?.inferenceConfig !== undefined;

        for (const [endpoint, e] of Object.entries(p.onlineEndpoints)) {
            if (endpoint in p.batchEndpoints) {
                add(["onlineEndpoints", endpoint], endpoint, "an online and a batch endpoint share this name; endpoint names are unique per region, rename one");
            }
            if (e.kind === "kubernetes" && e.compute !== undefined) {
                const compute = p.computes[e.compute];
                if (compute === undefined || compute.type !== "kubernetes") {
                    add(["onlineEndpoints", endpoint, "compute"], e.compute, "must be the key of a compute with type 'kubernetes' under computes");
                }
            }
            for (const [name, d] of Object.entries(e.deployments)) {
                const at = ["onlineEndpoints", endpoint, "deployments", name];
                reference("models", d.model, [...at, "model"]);
                reference("codes", d.code, [...at, "code"]);
                reference("environments", d.environment, [...at, "environment"]);
                const type = modelType(d.model);
                if (type === "custom_model" && d.environment === undefined) {
                    add([...at, "environment"], undefined, `model '${d.model}' is a custom_model; it needs an environment and a scoring script (code + scoringScript)`);
                } else if (type === "custom_model" && d.code === undefined && !isCustomContainer(d.environment)) {
                    add([...at, "code"], undefined, `model '${d.model}' is a custom_model; it needs code and scoringScript, or an environment with inferenceConfig`);
                }
            }
        }
        for (const [endpoint, e] of Object.entries(p.batchEndpoints)) {
            for (const [name, d] of Object.entries(e.deployments)) {
                const at = ["batchEndpoints", endpoint, "deployments", name];
                reference("models", d.model, [...at, "model"]);
                reference("codes", d.code, [...at, "code"]);
                reference("environments", d.environment, [...at, "environment"]);
                const compute = p.computes[d.compute];
                if (compute === undefined || compute.type !== "amlCompute") {
                    add([...at, "compute"], d.compute, "must be the key of a compute with type 'amlCompute' under computes");
                }
                if (modelType(d.model) === "custom_model" && (d.code === undefined || d.environment === undefined)) {
                    add([...at, d.code === undefined ? "code" : "environment"], undefined, `model '${d.model}' is a custom_model; batch scoring needs code, scoringScript and environment`);
                }
            }
        }
        const computeNames = Object.entries(p.computes).map(([key, c]) => (c.name ?? key).toLowerCase());
        computeNames.forEach((n, i) => {
            if (computeNames.indexOf(n) !== i) {
                add(["computes", Object.keys(p.computes)[i]], n, "two computes share this name in the workspace; rename one");
            }
        });
    });

export type PlatformSpec = z.output<typeof platformSpec>;
export type PlatformSpecInput = z.input<typeof platformSpec>;
