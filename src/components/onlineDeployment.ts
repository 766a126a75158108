import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import {
    OnlineDeploymentSpec,
    OnlineDeploymentSpecInput,
    SpecValidationError,
    deploymentKindIssues,
    deploymentName as deploymentNameSchema,
    describeValue,
    formatPath,
    kubernetesNameIssues,
    onlineDeploymentSpec,
    parseOrThrow,
    scaleDownIssues,
    withKindDefaults,
} from "../model";
import type { ScaleDownSettings } from "../model";
import { autoscaleProfiles } from "./autoscaleProfiles";
import { DEPLOYMENT_CAPACITY_PROPERTY, markCapacityOwned } from "./capacityOwnership";
import { onlineDeploymentProperties } from "./deploymentProperties";
import { AssetHandle, registeredAsset } from "./registeredAsset";
import { assetForValidation } from "./placeholders";
import { validatedDeploymentSpec } from "./validatedDeploymentArgs";

/**
 * The endpoint a deployment belongs to: everything a deployment needs of it, passed explicitly rather than read from
 * the endpoint component's `spec`, so an endpoint from elsewhere joins as well. An {@link OnlineEndpoint}'s `ref` is
 * one.
 */
export interface OnlineEndpointRef {
    /** The endpoint resource's name: an Output of it makes the deployment wait for the endpoint. */
    readonly endpointName: pulumi.Input<string>;
    /** Scope of endpoint-level autoscale metrics. */
    readonly endpointId: pulumi.Input<string>;
    readonly workspaceName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** Decides the deployment's ARM shape and which of its settings are allowed. */
    readonly kind: "managed" | "kubernetes";
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /**
     * Set when the endpoint's rollout policy scales deployments down after success: the endpoint's traffic owner
     * then writes the deployment's instance count, and its azure-native resource ignores `sku.capacity`.
     * @default none: the deployment's own resource writes its instance count
     */
    readonly scaleDown?: ScaleDownSettings;
}

/** An asset a deployment uses: a Model / Code / Environment component, or a registered `azureml:<name>:<version>`. */
export type AssetInput = AssetHandle | string;

/**
 * Arguments of an {@link OnlineDeployment}: the settings of `onlineDeploymentSpec` (all documented there), with
 * model, code and environment given as components or registered references.
 */
export type OnlineDeploymentArgs = Omit<OnlineDeploymentSpecInput, "model" | "code" | "environment"> & {
    readonly endpoint: OnlineEndpointRef;
    /** Deployment name under the endpoint. @default the component name */
    readonly deploymentName?: string;
    /** The model served: a Model component or a registered model. @default - (a custom container brings its own) */
    readonly model?: AssetInput;
    /** The scoring code, with `scoringScript`: a Code component or a registered code asset. @default - (no code) */
    readonly code?: AssetInput;
    /** Where the scoring script runs: an Environment component or a registered environment. @default - */
    readonly environment?: AssetInput;
    /** @default {} */
    readonly tags?: Record<string, string>;
};

/**
 * One online deployment: a model served by instances behind an endpoint, with request settings, probes,
 * environment variables, data collection and, for managed deployments, Azure Monitor autoscale. It never sets
 * traffic: the endpoint's traffic owner does, after the deployment exists. Under an endpoint whose rollout policy
 * scales down after success (`endpoint.scaleDown`), it sets its instance count only at creation; the traffic owner
 * writes it afterwards.
 */
export class OnlineDeployment extends pulumi.ComponentResource {
    readonly deploymentName: string;
    readonly deploymentId: pulumi.Output<string>;
    readonly spec: OnlineDeploymentSpec;

    constructor(name: string, args: OnlineDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        const { endpoint, deploymentName, model, code, environment } = args;
        // An inline deployment's settings were validated with its endpoint's, kind rules included.
        const prevalidated = validatedDeploymentSpec(args);
        const { spec, resolvedName } =
            prevalidated !== undefined
                ? { spec: prevalidated, resolvedName: deploymentName ?? name }
                : validateOnlineDeploymentArgs(name, args);
        super("azureml:endpoints:OnlineDeployment", name, {}, opts);
        this.spec = withKindDefaults(spec, endpoint.kind);
        this.deploymentName = resolvedName;

        const where = { workspaceName: endpoint.workspaceName, resourceGroupName: endpoint.resourceGroupName };
        const handle = (kind: "model" | "code" | "environment", asset: AssetInput | undefined) =>
            asset === undefined ? undefined : typeof asset === "string" ? registeredAsset(kind, asset, where) : asset;
        const properties = onlineDeploymentProperties(spec, endpoint.kind, {
            modelId: handle("model", model)?.id,
            codeId: handle("code", code)?.id,
            environmentId: handle("environment", environment)?.id,
        });
        const deployment = new machinelearningservices.OnlineDeployment(
            `${name}-deployment`,
            {
                ...where,
                endpointName: endpoint.endpointName,
                deploymentName: resolvedName,
                location: endpoint.location,
                properties,
                sku: { name: "Default", capacity: spec.instanceCount },
                tags: spec.tags,
            },
            // Azure ML takes 10–20 minutes to provision a deployment. The component's dependsOn holds for the
            // deployment itself (children do not inherit it), which is how an endpoint serialises its deployments.
            {
                parent: this,
                dependsOn: opts?.dependsOn,
                customTimeouts: { create: "45m", update: "45m", delete: "30m" },
                // The traffic owner scales the deployment after creation; an update here would put back the
                // count recorded at creation.
                ...(endpoint.scaleDown !== undefined ? { ignoreChanges: [DEPLOYMENT_CAPACITY_PROPERTY] } : {}),
            },
        );
        if (endpoint.scaleDown !== undefined) {
            markCapacityOwned(this);
        }
        this.deploymentId = deployment.id;

        if (spec.autoscale !== undefined && endpoint.kind === "managed") {
            new monitor.AutoscaleSetting(
                `${name}-autoscale`,
                {
                    resourceGroupName: endpoint.resourceGroupName,
                    location: endpoint.location,
                    targetResourceUri: deployment.id,
                    enabled: true,
                    profiles: autoscaleProfiles(spec.autoscale, resolvedName, deployment.id, endpoint.endpointId),
                    tags: spec.tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({ deploymentName: this.deploymentName, deploymentId: this.deploymentId });
    }
}

/**
 * Validates a deployment's arguments before anything exists, every problem at once under `OnlineDeployment
 * "<name>"`: its settings, its name, and the rules of its endpoint's kind (and rollout policy) that its endpoint
 * checks for inline deployments.
 */
function validateOnlineDeploymentArgs(
    name: string,
    args: OnlineDeploymentArgs,
): { spec: OnlineDeploymentSpec; resolvedName: string } {
    const { endpoint, deploymentName, model, code, environment, ...rest } = args;
    const subject = `OnlineDeployment "${name}"`;
    const spec = parseOrThrow(
        onlineDeploymentSpec,
        {
            ...rest,
            model: assetForValidation(model),
            code: assetForValidation(code),
            environment: assetForValidation(environment),
        },
        subject,
    );
    const resolvedName = parseOrThrow(deploymentNameSchema, deploymentName ?? name, subject, "deploymentName");
    // The kind's rules are the endpoint spec's; a deployment declared on its own checks them against its endpoint here.
    const kindIssues = deploymentKindIssues(spec, endpoint.kind);
    if (endpoint.kind === "kubernetes" && typeof endpoint.endpointName === "string") {
        kindIssues.push(
            ...kubernetesNameIssues(endpoint.endpointName, [resolvedName]).map((issue) => ({
                ...issue,
                path: ["deploymentName"],
            })),
        );
    }
    if (endpoint.scaleDown !== undefined) {
        // Issues about the deployment lose the endpoint's `deployments.<name>` prefix; the one about the
        // endpoint's scaledDownInstances is this deployment's instanceCount.
        kindIssues.push(
            ...scaleDownIssues(endpoint.scaleDown, { [resolvedName]: spec }, endpoint.kind).map((issue) => ({
                ...issue,
                path: issue.path[0] === "deployments" ? issue.path.slice(2) : ["instanceCount"],
            })),
        );
    }
    if (kindIssues.length > 0) {
        throw new SpecValidationError(
            subject,
            kindIssues.map((issue) => ({
                path: formatPath(issue.path),
                message:
                    issue.input === undefined ? issue.message : `${issue.message}, got ${describeValue(issue.input)}`,
            })),
        );
    }
    return { spec, resolvedName };
}
