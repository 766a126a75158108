import { z } from "zod";
import { REGISTERED_REFERENCE_PATTERN, assetName, computeName, endpointName, tags } from "./common";
import { batchEndpointSpec } from "./batchEndpoint";
import { batchJobSpec } from "./batchJob";
import { codeSpec } from "./code";
import { computeSpec } from "./compute";
import { kubernetesNameIssues } from "./deploymentKind";
import { imageBuildIssues } from "./imageBuild";
import { environmentSpec } from "./environment";
import { modelSpec } from "./model";
import { onlineEndpointSpec } from "./onlineEndpoint";
import { workspaceSpec } from "./workspace";
import { issueReporter } from "./problems";
import { deployerSpec } from "./deployer";

/** A batch job's key in config: also the name of its BatchInvocation resource and the start of its jobs' names. */
const batchJobName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, {
    error: "batch job keys start with a letter and have up to 64 letters, digits, '-' or '_'",
});

/** Azure region names as ARM spells them: westeurope, eastus2, … */
export const location = z.string().regex(/^[a-z][a-z0-9]{2,30}$/, {
    error: "Azure regions are lower-case letters and digits, for example westeurope",
});

/** The resource group the stack's resources go in. */
export const resourceGroupSpec = z.strictObject({
    /** Name of the resource group. @default "<project>-<stack>" */
    name: z
        .string()
        .regex(/^[-\w.()]{0,89}[-\w()]$/, {
            error: "resource group names have 1 to 90 letters, digits, '_', '-', '.', '(' or ')' and do not end with '.'",
        })
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
        /** The resource group the stack's resources go in. @default a new group named "<project>-<stack>" */
        resourceGroup: resourceGroupSpec.default({ existing: false }),
        /** Tags on every resource. @default {} */
        tags: tags.default({}),
        workspace: workspaceSpec,
        /** Computes by key: `type: amlCompute` clusters and `type: kubernetes` attached clusters. @default {} */
        computes: z.record(computeName, computeSpec).default({}),
        /** Model assets by key: registered with content-derived versions, local content uploaded. @default {} */
        models: z.record(assetName, modelSpec).default({}),
        /** Code assets (scoring scripts and what they import) by key. @default {} */
        codes: z.record(assetName, codeSpec).default({}),
        /** Environment assets (the containers deployments run in) by key. @default {} */
        environments: z.record(assetName, environmentSpec).default({}),
        /** Online endpoints by name, with their deployments, traffic and rollout policy. @default {} */
        onlineEndpoints: z.record(endpointName, onlineEndpointSpec).default({}),
        /** Batch endpoints by name, with their deployments and default deployment. @default {} */
        batchEndpoints: z.record(endpointName, batchEndpointSpec).default({}),
        /**
         * Batch scoring jobs this stack runs as part of `up`, by name: each is a BatchInvocation that starts once,
         * and again only when what defines it changes (see README "Batch endpoints"). @default {}
         */
        batchJobs: z.record(batchJobName, batchJobSpec).default({}),
        /**
         * The identity CI deploys this stack with: its federated credentials (GitHub Actions, Azure DevOps) and its
         * least-privilege roles on the stack's resource group (see DeployerIdentity). A stack that declares it is
         * applied by an administrator. @default - (no deployer identity)
         */
        deployer: deployerSpec.optional(),
    })
    // Cross-entity rules run even when some entity has problems of its own, so that one run reports everything.
    // The value may then be partly unparsed: every access below is defensive.
    .superRefine((value, ctx) => crossReferenceIssues(value as unknown as LooseConfig, ctx), { when: () => true });

type Loose = Record<string, unknown>;
type LooseConfig = Partial<
    Record<
        | "workspace"
        | "computes"
        | "models"
        | "codes"
        | "environments"
        | "onlineEndpoints"
        | "batchEndpoints"
        | "batchJobs",
        unknown
    >
>;

const record = (value: unknown): Loose =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : {};
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
// Own keys only: `in` would find "constructor" or "toString" on Object.prototype in every section.
const declares = (section: Loose, key: string): boolean => Object.hasOwn(section, key);

function crossReferenceIssues(p: LooseConfig, ctx: z.core.$RefinementCtx<unknown>): void {
    const add = issueReporter(ctx);
    const families = {
        models: record(p.models),
        codes: record(p.codes),
        environments: record(p.environments),
    };
    const computes = record(p.computes);
    const reference = (family: keyof typeof families, value: unknown, path: (string | number)[]) => {
        const name = text(value);
        if (name === undefined || REGISTERED_REFERENCE_PATTERN.test(name)) {
            return;
        }
        if (name.startsWith("azureml:")) {
            add(path, name, "registered references read azureml:<name>:<version>");
        } else if (!declares(families[family], name)) {
            const declared = Object.keys(families[family]);
            add(
                path,
                name,
                `names nothing under ${family} (declared: ${declared.length > 0 ? declared.join(", ") : "none"}); declare it or use azureml:<name>:<version>`,
            );
        }
    };
    const modelType = (value: unknown) => {
        const name = text(value);
        if (name === undefined || !declares(families.models, name)) {
            return undefined;
        }
        return text(record(families.models[name]).type) ?? "custom_model";
    };
    const isCustomContainer = (env: unknown) => {
        const name = text(env);
        return (
            name !== undefined &&
            declares(families.environments, name) &&
            record(families.environments[name]).inferenceConfig !== undefined
        );
    };
    const computeType = (name: unknown) => {
        const key = text(name);
        return key !== undefined && declares(computes, key) ? text(record(computes[key]).type) : undefined;
    };

    const online = record(p.onlineEndpoints);
    const batch = record(p.batchEndpoints);
    for (const [endpoint, raw] of Object.entries(online)) {
        const e = record(raw);
        if (declares(batch, endpoint)) {
            add(
                ["onlineEndpoints", endpoint],
                endpoint,
                "an online and a batch endpoint share this name; endpoint names are unique per region, rename one",
            );
        }
        if (e.kind === "kubernetes" && e.compute !== undefined && computeType(e.compute) !== "kubernetes") {
            add(
                ["onlineEndpoints", endpoint, "compute"],
                e.compute,
                "must be the key of a compute with type 'kubernetes' under computes",
            );
        }
        if (e.kind === "kubernetes") {
            for (const issue of kubernetesNameIssues(endpoint, Object.keys(record(e.deployments)))) {
                add(["onlineEndpoints", endpoint, ...issue.path], issue.input, issue.message);
            }
        }
        for (const [name, rawDeployment] of Object.entries(record(e.deployments))) {
            const d = record(rawDeployment);
            const at = ["onlineEndpoints", endpoint, "deployments", name];
            reference("models", d.model, [...at, "model"]);
            reference("codes", d.code, [...at, "code"]);
            reference("environments", d.environment, [...at, "environment"]);
            if (modelType(d.model) !== "custom_model") {
                continue;
            }
            if (d.environment === undefined) {
                add(
                    [...at, "environment"],
                    undefined,
                    `model '${text(d.model)}' is a custom_model; it needs an environment and a scoring script (code + scoringScript)`,
                );
            } else if (d.code === undefined && !isCustomContainer(d.environment)) {
                add(
                    [...at, "code"],
                    undefined,
                    `model '${text(d.model)}' is a custom_model; it needs code and scoringScript, or an environment with inferenceConfig`,
                );
            }
        }
    }
    for (const [endpoint, raw] of Object.entries(batch)) {
        for (const [name, rawDeployment] of Object.entries(record(record(raw).deployments))) {
            const d = record(rawDeployment);
            const at = ["batchEndpoints", endpoint, "deployments", name];
            reference("models", d.model, [...at, "model"]);
            reference("codes", d.code, [...at, "code"]);
            reference("environments", d.environment, [...at, "environment"]);
            if (d.compute !== undefined && computeType(d.compute) !== "amlCompute") {
                add(
                    [...at, "compute"],
                    d.compute,
                    "must be the key of a compute with type 'amlCompute' under computes",
                );
            }
            if (modelType(d.model) === "custom_model" && (d.code === undefined || d.environment === undefined)) {
                add(
                    [...at, d.code === undefined ? "code" : "environment"],
                    undefined,
                    `model '${text(d.model)}' is a custom_model; batch scoring needs code, scoringScript and environment`,
                );
            }
        }
    }
    for (const [job, raw] of Object.entries(record(p.batchJobs))) {
        const j = record(raw);
        const endpoint = text(j.endpoint);
        if (endpoint === undefined) {
            continue;
        }
        const declared = Object.keys(batch).find((key) => key === endpoint);
        if (declared === undefined) {
            add(
                ["batchJobs", job, "endpoint"],
                endpoint,
                `names no batch endpoint of this stack (declared: ${Object.keys(batch).join(", ") || "none"})`,
            );
            continue;
        }
        const deployment = text(j.deployment);
        const deployments = Object.keys(record(record(batch[declared]).deployments));
        if (deployment !== undefined && !deployments.some((d) => d.toLowerCase() === deployment.toLowerCase())) {
            add(
                ["batchJobs", job, "deployment"],
                deployment,
                `names no deployment of batch endpoint '${endpoint}' (declared: ${deployments.join(", ") || "none"})`,
            );
        }
    }
    imageBuildIssues(record(p.workspace), computes, families.environments, add);
    const computeKeys = Object.keys(computes);
    const computeNames = computeKeys.map((key) => (text(record(computes[key]).name) ?? key).toLowerCase());
    computeNames.forEach((n, i) => {
        if (computeNames.indexOf(n) !== i) {
            add(["computes", computeKeys[i]], n, "two computes share this name in the workspace; rename one");
        }
    });
}

export type PlatformSpec = z.output<typeof platformSpec>;
export type { PlatformSpecInput } from "./generated/platform";
