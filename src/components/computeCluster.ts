import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import {
    AmlComputeSpec,
    ComputeSpec,
    ComputeSpecInput,
    KubernetesComputeSpec,
    computeSpec,
    parseOrThrow,
    tags as tagsSchema,
} from "../model";
import { armIdentity } from "./arm";
import { isoDuration } from "../model/isoDuration";

export type { ComputeSpecInput } from "../model";

/**
 * Arguments of a {@link ComputeCluster}: `type: "amlCompute"` for an autoscaling cluster, `type: "kubernetes"` to
 * attach an existing AKS or Arc cluster. Every setting, default and rule is documented on `computeSpec`.
 */
export type ComputeClusterArgs = ComputeSpecInput & {
    /** Workspace the compute belongs to. */
    readonly workspaceName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /** @default {} */
    readonly tags?: Record<string, string>;
};

function amlComputeProperties(spec: AmlComputeSpec): machinelearningservices.ComputeArgs["properties"] {
    return {
        computeType: "AmlCompute",
        description: spec.description,
        disableLocalAuth: spec.disableLocalAuth,
        properties: {
            vmSize: spec.vmSize,
            vmPriority: spec.tier === "lowPriority" ? "LowPriority" : "Dedicated",
            osType: spec.osType,
            scaleSettings: {
                minNodeCount: spec.minNodes,
                maxNodeCount: spec.maxNodes,
                nodeIdleTimeBeforeScaleDown: isoDuration(spec.idleSecondsBeforeScaleDown),
            },
            subnet: spec.subnetId !== undefined ? { id: spec.subnetId } : undefined,
            enableNodePublicIp: spec.nodePublicIp ?? spec.subnetId === undefined,
            remoteLoginPortPublicAccess: spec.remoteLoginPortPublicAccess,
        },
    };
}

function kubernetesProperties(spec: KubernetesComputeSpec): machinelearningservices.ComputeArgs["properties"] {
    return {
        computeType: "Kubernetes",
        description: spec.description,
        resourceId: spec.resourceId,
        properties: {
            namespace: spec.namespace,
            defaultInstanceType: spec.defaultInstanceType,
        },
    };
}

/**
 * A compute target of an Azure ML workspace: an AmlCompute cluster that scales between minNodes and maxNodes and
 * releases idle nodes, or an attached Kubernetes cluster for Kubernetes online endpoints.
 */
export class ComputeCluster extends pulumi.ComponentResource {
    /** Name of the compute inside the workspace. */
    readonly computeName: pulumi.Output<string>;
    readonly computeId: pulumi.Output<string>;
    /** Principal id of the system-assigned identity, when there is one. */
    readonly principalId: pulumi.Output<string | undefined>;
    readonly spec: ComputeSpec;

    constructor(name: string, args: ComputeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const { workspaceName, resourceGroupName, location, tags, ...rest } = args;
        // The component name doubles as the compute name unless one is given: validate whichever is used.
        const spec = parseOrThrow(computeSpec, { ...rest, name: rest.name ?? name }, `ComputeCluster "${name}"`);
        const validTags = parseOrThrow(tagsSchema.optional(), tags, `ComputeCluster "${name}"`, "tags") ?? {};
        super("azureml:compute:ComputeCluster", name, {}, opts);
        this.spec = spec;

        const compute = new machinelearningservices.Compute(
            `${name}-compute`,
            {
                resourceGroupName,
                workspaceName,
                location,
                computeName: spec.name,
                identity: armIdentity(spec.identity),
                properties: spec.type === "amlCompute" ? amlComputeProperties(spec) : kubernetesProperties(spec),
                tags: validTags,
            },
            // Creating a cluster or attaching Kubernetes can take a while; deletion of a busy cluster waits for jobs.
            { parent: this, customTimeouts: { create: "30m", update: "30m", delete: "30m" } },
        );

        this.computeName = compute.name;
        this.computeId = compute.id;
        this.principalId = compute.identity.apply((i) => i?.principalId);
        this.registerOutputs({
            computeName: this.computeName,
            computeId: this.computeId,
            principalId: this.principalId,
        });
    }
}
