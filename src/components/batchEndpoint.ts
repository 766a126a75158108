import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { BatchEndpointSpec, SpecValidationError } from "../model";
import { BatchInvocation } from "../providers/batchInvocation";
import { BatchEndpointDefaults } from "../providers/batchEndpointDefaults";
import { dependencyList, mergeTags } from "./arm";
import { BatchDeployment, BatchEndpointRef } from "./batchDeployment";
import { BatchEndpointArgs, BatchEndpointInvokeArgs, validateBatchEndpointArgs } from "./batchEndpointArgs";
import { batchEndpointArmArgs, batchEndpointResourceOptions } from "./batchEndpointResource";
import { createInSequence } from "./deploymentChain";
import { EndpointCallers } from "./endpointCallers";

export type { BatchEndpointArgs, BatchEndpointInvokeArgs, InlineBatchDeploymentArgs } from "./batchEndpointArgs";

/**
 * A batch endpoint with its deployments and its default deployment, as one graph: endpoint → deployments (one
 * after another) → defaults owner, so one `pulumi up` goes from nothing to an endpoint whose jobs run on the
 * default deployment. Authentication is Microsoft Entra ID (batch endpoints take nothing else).
 *
 * The default has one owner. ARM sets a batch endpoint's default only in a PUT of the whole endpoint, a PUT
 * without it leaves the endpoint with none, and an azure-native update is a PUT of the recorded inputs: so the
 * endpoint resource never updates in place (its default, description and tags are ignored on it, the auth mode is
 * a replace) and the `BatchEndpointDefaults` child, which depends on the endpoint and every deployment, writes them
 * by read-modify-write. Removing the default deployment from the program moves the default first: the engine
 * deletes removed resources after the updates, so the owner's update comes before the old deployment's delete.
 */
export class BatchEndpoint extends pulumi.ComponentResource {
    /** The endpoint's name in Azure, known before deployment (the component name unless set). */
    readonly endpointName: string;
    /** ARM id of the endpoint. */
    readonly endpointId: pulumi.Output<string>;
    /** Where jobs are started (POST with an Entra token for https://ml.azure.com). */
    readonly scoringUri: pulumi.Output<string>;
    /** The deployments by name. */
    readonly deployments: Readonly<Record<string, BatchDeployment>>;
    /** The default deployment's name, as the deployments' keys spell it; undefined when there is none. */
    readonly defaultDeployment: string | undefined;
    /** The owner of the default deployment (and the endpoint's description and tags). */
    readonly defaults: BatchEndpointDefaults;
    /** The validated settings, defaults applied. */
    readonly spec: BatchEndpointSpec;
    /** What a deployment needs of this endpoint. */
    readonly ref: BatchEndpointRef;
    private readonly componentName: string;

    constructor(name: string, args: BatchEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const { spec, endpointName, defaultDeployment } = validateBatchEndpointArgs(name, args);
        super("azureml:endpoints:BatchEndpoint", name, {}, opts);
        const { workspace, location, deployments = {} } = args;
        this.spec = spec;
        this.endpointName = endpointName;
        this.defaultDeployment = defaultDeployment;

        const where = { workspaceName: workspace.workspaceName, resourceGroupName: workspace.resourceGroupName };
        const endpoint = new machinelearningservices.BatchEndpoint(
            `${name}-endpoint`,
            batchEndpointArmArgs(spec, { ...where, endpointName, location }),
            batchEndpointResourceOptions(this, dependencyList(opts?.dependsOn)),
        );
        this.endpointId = endpoint.id;
        this.scoringUri = endpoint.properties.apply((p) => p.scoringUri ?? "");

        // Deployments take the endpoint's name from the resource, so each depends on the endpoint existing.
        this.ref = { endpointName: endpoint.name, workspaceId: workspace.workspaceId, ...where, location };
        this.deployments = createInSequence(
            deployments,
            [endpoint],
            (key, d, dependsOn: pulumi.Resource[]) =>
                new BatchDeployment(
                    `${name}-${key}`,
                    // One rule for tags: a child carries its component's tags, overridden by its own.
                    { ...d, endpoint: this.ref, deploymentName: key, tags: mergeTags(spec.tags, d.tags) },
                    { parent: this, dependsOn },
                ),
        );

        this.defaults = new BatchEndpointDefaults(
            `${name}-defaults`,
            {
                endpointId: endpoint.id,
                defaultDeployment,
                description: spec.description,
                // Always a map: the owner keeps the tags, so tags removed from the program come off the endpoint.
                tags: spec.tags ?? {},
                endpointCreatedAt: endpoint.systemData.apply((d) => d?.createdAt),
            },
            {
                parent: this,
                dependsOn: [endpoint, ...Object.values(this.deployments)],
                customTimeouts: { create: "30m", update: "30m", delete: "30m" },
            },
        );

        if (args.callers !== undefined && args.callers.length > 0) {
            new EndpointCallers(
                `${name}-callers`,
                {
                    endpoint: { kind: "batch", endpointId: endpoint.id, workspaceId: workspace.workspaceId },
                    callers: args.callers,
                    roles: args.callerRoles,
                },
                { parent: this },
            );
        }

        this.componentName = name;
        this.registerOutputs({
            endpointName: this.endpointName,
            endpointId: this.endpointId,
            scoringUri: this.scoringUri,
            defaultDeployment: this.defaultDeployment,
        });
    }

    /**
     * Scores data with this endpoint as part of `pulumi up`: a BatchInvocation named `name` that runs the named
     * deployment (or the default), after the default is set, and starts a new job when that deployment's model,
     * code or environment changes (its `revision`). The deployment must be one of this endpoint's own.
     */
    invoke(name: string, args: BatchEndpointInvokeArgs, opts?: pulumi.CustomResourceOptions): BatchInvocation {
        const wanted = (args.deployment ?? this.defaultDeployment)?.toLowerCase();
        const key = Object.keys(this.deployments).find((k) => k.toLowerCase() === wanted);
        if (key === undefined) {
            const declared = Object.keys(this.deployments).join(", ") || "none";
            throw new SpecValidationError(`BatchEndpoint "${this.componentName}" invoke "${name}"`, [
                {
                    path: "deployment",
                    message:
                        args.deployment === undefined
                            ? `the endpoint has no default deployment; name one of its deployments (${declared})`
                            : `names no deployment of this endpoint, got "${args.deployment}" (declared: ${declared})`,
                },
            ]);
        }
        const deployment = this.deployments[key];
        return new BatchInvocation(
            name,
            {
                ...args,
                endpointId: this.endpointId,
                scoringUri: this.scoringUri,
                deployment: args.deployment === undefined ? undefined : key,
                deploymentRevision: deployment.revision,
            },
            { ...opts, dependsOn: [this.defaults, deployment, ...dependencyList(opts?.dependsOn)] },
        );
    }
}
