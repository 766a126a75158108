import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import {
    BatchDeploymentSpec,
    ConfigProblem,
    SpecValidationError,
    batchDeploymentSpec,
    deploymentName as deploymentNameSchema,
    validate,
} from "../model";
import { BatchDeploymentSettings, batchDeploymentArgProblems, batchDeploymentSpecInput } from "./batchDeploymentArgs";
import { batchDeploymentProperties } from "./batchDeploymentProperties";
import { resolveCompute } from "./computeRef";
import type { AssetInput } from "./onlineDeployment";
import { RegisteredAssetKind, registeredAsset } from "./registeredAsset";

/**
 * The batch endpoint a deployment belongs to, passed explicitly rather than read from the endpoint component: a
 * {@link BatchEndpoint}'s `ref` is one.
 */
export interface BatchEndpointRef {
    /** The endpoint resource's name: an Output of it makes the deployment wait for the endpoint. */
    readonly endpointName: pulumi.Input<string>;
    readonly workspaceName: pulumi.Input<string>;
    /** ARM id of the workspace, which compute names are resolved in. */
    readonly workspaceId: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
}

/** Arguments of a {@link BatchDeployment}: its settings (see {@link BatchDeploymentSettings}) and its endpoint. */
export type BatchDeploymentArgs = BatchDeploymentSettings & {
    readonly endpoint: BatchEndpointRef;
    /** Deployment name under the endpoint (3–32 characters). @default the component name */
    readonly deploymentName?: string;
};

/**
 * One batch deployment: a model scored file by file on a compute cluster (with a scoring script, or none for an
 * MLflow model), or a registered pipeline component run as a pipeline job. It never makes itself the endpoint's
 * default: the endpoint's defaults owner does, after the deployment exists.
 */
export class BatchDeployment extends pulumi.ComponentResource {
    readonly deploymentName: string;
    readonly deploymentId: pulumi.Output<string>;
    /**
     * What names the version of this deployment that runs jobs: its resource id and the ids of its model, code,
     * environment or pipeline component. A BatchInvocation given it starts a new job when a new version deploys.
     */
    readonly revision: pulumi.Output<string>;
    /** The validated settings, defaults applied. */
    readonly spec: BatchDeploymentSpec;

    constructor(name: string, args: BatchDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        const { endpoint, deploymentName, ...settings } = args;
        const parsed = validate(batchDeploymentSpec, batchDeploymentSpecInput(settings));
        const resolvedName = validate(deploymentNameSchema, deploymentName ?? name, "deploymentName");
        const problems: ConfigProblem[] = [
            ...(parsed.ok ? [] : parsed.problems),
            ...(resolvedName.ok ? [] : resolvedName.problems),
            ...batchDeploymentArgProblems(settings, []),
        ];
        if (!parsed.ok || !resolvedName.ok || problems.length > 0) {
            throw new SpecValidationError(`BatchDeployment "${name}"`, problems);
        }
        super("azureml:endpoints:BatchDeployment", name, {}, opts);
        const spec = parsed.value;
        this.spec = spec;
        this.deploymentName = resolvedName.value;

        const where = { workspaceName: endpoint.workspaceName, resourceGroupName: endpoint.resourceGroupName };
        const id = (kind: RegisteredAssetKind, asset: AssetInput | undefined) =>
            asset === undefined
                ? undefined
                : typeof asset === "string"
                  ? registeredAsset(kind, asset, where).id
                  : asset.id;
        const compute = resolveCompute(settings.compute, endpoint.workspaceId);
        const deployment = new machinelearningservices.BatchDeployment(
            `${name}-deployment`,
            {
                ...where,
                endpointName: endpoint.endpointName,
                deploymentName: this.deploymentName,
                location: endpoint.location,
                properties: batchDeploymentProperties(spec, {
                    computeId: compute.computeId,
                    computeName: compute.computeName,
                    modelId: id("model", settings.model),
                    codeId: id("code", settings.code),
                    environmentId: id("environment", settings.environment),
                    componentId: id("component", spec.component),
                }),
                tags: spec.tags,
            },
            // The component's dependsOn holds for the deployment itself (children do not inherit it): that is how an
            // endpoint creates its deployments one after another.
            {
                parent: this,
                dependsOn: opts?.dependsOn,
                customTimeouts: { create: "30m", update: "30m", delete: "30m" },
            },
        );
        this.deploymentId = deployment.id;
        this.revision = pulumi
            .all([
                deployment.id,
                id("model", settings.model),
                id("code", settings.code),
                id("environment", settings.environment),
                id("component", spec.component),
            ])
            .apply((parts) => parts.filter((part) => part !== undefined).join("|"));
        this.registerOutputs({ deploymentName: this.deploymentName, deploymentId: this.deploymentId });
    }
}
