import { z } from "zod";
import { VM_SIZE_PATTERN, armResourceId, computeName, count, identity, seconds } from "./common";

/** An Azure ML compute cluster (AmlCompute): autoscaling VMs for training and batch scoring. */
export const amlComputeSpec = z
    .strictObject({
        /** Selects an autoscaling Azure ML compute cluster. */
        type: z.literal("amlCompute"),
        /** Compute name in the workspace. @default the config key */
        name: computeName.optional(),
        /** VM size, for example Standard_DS3_v2. */
        vmSize: z.string().regex(VM_SIZE_PATTERN, { error: "VM sizes read like Standard_DS3_v2" }),
        /** Low priority nodes are cheaper and can be pre-empted. @default "dedicated" */
        tier: z.enum(["dedicated", "lowPriority"]).default("dedicated"),
        /** Nodes the cluster keeps when idle; 0 lets it scale down to none. @default 0 */
        minNodes: count(0, 1000).default(0),
        /** Most nodes the cluster scales out to. @default 1 */
        maxNodes: count(1, 1000).default(1),
        /** Seconds a node stays idle before the cluster scales it down. @default 120 */
        idleSecondsBeforeScaleDown: seconds(0, 7 * 24 * 3600).default(120),
        /** Operating system of the nodes. @default "Linux" */
        osType: z.enum(["Linux", "Windows"]).default("Linux"),
        /** The managed identity the nodes act as, to reach storage and the registry. @default { type: "SystemAssigned" } */
        identity: identity.default({ type: "SystemAssigned", userAssignedIdentityIds: [] }),
        /** Subnet resource id for the nodes. @default - (Azure-managed network) */
        subnetId: armResourceId.optional(),
        /** Nodes get public IPs; turning this off needs a subnet. @default false when subnetId is set, else true */
        nodePublicIp: z.boolean().optional(),
        /** SSH port exposure; the library never opens it unless asked. @default "Disabled" */
        remoteLoginPortPublicAccess: z.enum(["Enabled", "Disabled", "NotSpecified"]).default("Disabled"),
        /** Refuse key-based access to the compute. @default true */
        disableLocalAuth: z.boolean().default(true),
        /** Shown in the studio (at most 1024 characters). @default none */
        description: z.string().max(1024).optional(),
    })
    .superRefine((c, ctx) => {
        if (c.minNodes > c.maxNodes) {
            ctx.addIssue({
                code: "custom",
                path: ["minNodes"],
                input: c.minNodes,
                message: `must not exceed maxNodes (${c.maxNodes}); lower minNodes or raise maxNodes`,
            });
        }
        if (c.nodePublicIp === false && c.subnetId === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["nodePublicIp"],
                input: c.nodePublicIp,
                message: "nodes without public IPs need a virtual network; set subnetId or leave nodePublicIp on",
            });
        }
        if (c.identity.type === "SystemAssigned,UserAssigned") {
            ctx.addIssue({
                code: "custom",
                path: ["identity", "type"],
                input: c.identity.type,
                message: "compute clusters take either a system-assigned or user-assigned identity, not both",
            });
        }
    });

/** An existing AKS or Arc-enabled Kubernetes cluster (with the Azure ML extension) attached to the workspace. */
export const kubernetesComputeSpec = z.strictObject({
    /** Attaches an existing Kubernetes cluster. */
    type: z.literal("kubernetes"),
    /** Compute name in the workspace. @default the config key */
    name: computeName.optional(),
    /** Resource id of the AKS (Microsoft.ContainerService/managedClusters) or Arc (Microsoft.Kubernetes/connectedClusters) cluster. */
    resourceId: armResourceId.refine(
        (id) => /\/providers\/Microsoft\.(ContainerService\/managedClusters|Kubernetes\/connectedClusters)\//i.test(id),
        {
            error: "expected an AKS (Microsoft.ContainerService/managedClusters) or Arc (Microsoft.Kubernetes/connectedClusters) cluster id",
        },
    ),
    /** Kubernetes namespace Azure ML workloads run in. @default "default" */
    namespace: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
            error: "Kubernetes namespaces are DNS labels: lower-case letters, digits, '-', at most 63",
        })
        .default("default"),
    /** Instance type used when a deployment names none. @default - (the extension's default) */
    defaultInstanceType: z.string().min(1).optional(),
    /** The managed identity of the attached compute. @default { type: "SystemAssigned" } */
    identity: identity.default({ type: "SystemAssigned", userAssignedIdentityIds: [] }),
    /** Shown in the studio (at most 1024 characters). @default none */
    description: z.string().max(1024).optional(),
});

/** A compute of the workspace: an AmlCompute cluster, or an attached Kubernetes cluster. */
export const computeSpec = z.discriminatedUnion("type", [amlComputeSpec, kubernetesComputeSpec], {
    error: "compute type is 'amlCompute' (a cluster) or 'kubernetes' (an attached cluster)",
});

export type AmlComputeSpec = z.output<typeof amlComputeSpec>;
export type KubernetesComputeSpec = z.output<typeof kubernetesComputeSpec>;
export type ComputeSpec = z.output<typeof computeSpec>;
