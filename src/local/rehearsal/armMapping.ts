import { ML_API_VERSION } from "../../azure/apiVersion";

/**
 * How an azure-native Azure ML resource becomes ARM requests, as the azure-native provider makes them: the URL
 * from the path inputs, the body from the rest (`properties` as it is; a workspace's flattened properties folded
 * back under `properties`), at the api-version azure-native 3.x uses.
 */
export interface ArmMapping {
    /** The resource's ARM path (its id). */
    readonly path: string;
    readonly body: Record<string, unknown>;
    /** Query of the DELETE (compute deletes say what happens to the underlying VMs). */
    readonly deleteQuery: Record<string, string>;
    readonly apiVersion: string;
}

const ML = "Microsoft.MachineLearningServices";

/** Inputs that only name the resource (URL segments), per resource type; never sent in the body. */
const PATHS: Record<string, { segments: (inputs: Record<string, any>) => string; params: string[] }> = {
    Workspace: { segments: () => "", params: [] },
    Compute: { segments: (i) => `/computes/${i.computeName}`, params: ["computeName"] },
    CodeContainer: { segments: (i) => `/codes/${i.name}`, params: ["name"] },
    ModelContainer: { segments: (i) => `/models/${i.name}`, params: ["name"] },
    EnvironmentContainer: { segments: (i) => `/environments/${i.name}`, params: ["name"] },
    CodeVersion: { segments: (i) => `/codes/${i.name}/versions/${i.version}`, params: ["name", "version"] },
    ModelVersion: { segments: (i) => `/models/${i.name}/versions/${i.version}`, params: ["name", "version"] },
    EnvironmentVersion: {
        segments: (i) => `/environments/${i.name}/versions/${i.version}`,
        params: ["name", "version"],
    },
    OnlineEndpoint: { segments: (i) => `/onlineEndpoints/${i.endpointName}`, params: ["endpointName"] },
    OnlineDeployment: {
        segments: (i) => `/onlineEndpoints/${i.endpointName}/deployments/${i.deploymentName}`,
        params: ["endpointName", "deploymentName"],
    },
    BatchEndpoint: { segments: (i) => `/batchEndpoints/${i.endpointName}`, params: ["endpointName"] },
    BatchDeployment: {
        segments: (i) => `/batchEndpoints/${i.endpointName}/deployments/${i.deploymentName}`,
        params: ["endpointName", "deploymentName"],
    },
};

/** Top-level keys of an ARM tracked resource; a workspace's other inputs are its properties. */
const ENVELOPE = new Set(["identity", "kind", "location", "sku", "tags"]);

const TYPE_PREFIX = "azure-native:machinelearningservices:";

/** The azure-native resource type's short name when the rehearsal applies it to the emulator, else undefined. */
export function emulatedType(type: string): string | undefined {
    if (!type.startsWith(TYPE_PREFIX)) {
        return undefined;
    }
    const short = type.slice(TYPE_PREFIX.length);
    return PATHS[short] !== undefined ? short : undefined;
}

export function armMapping(type: string, inputs: Record<string, any>, subscriptionId: string): ArmMapping {
    const short = emulatedType(type);
    if (short === undefined) {
        throw new Error(`${type} is not applied to the emulator`);
    }
    const { segments, params } = PATHS[short];
    const workspace = `/subscriptions/${subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/${ML}/workspaces/${inputs.workspaceName}`;
    const skip = new Set(["resourceGroupName", "workspaceName", ...params]);
    const body: Record<string, unknown> = {};
    const folded: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (skip.has(key) || value === undefined) {
            continue;
        }
        if (short === "Workspace" && !ENVELOPE.has(key)) {
            folded[key] = value;
        } else {
            body[key] = value;
        }
    }
    if (short === "Workspace") {
        body.properties = folded;
    }
    return {
        path: `${workspace}${segments(inputs)}`,
        body,
        deleteQuery: short === "Compute" ? { underlyingResourceAction: "Delete" } : {},
        apiVersion: ML_API_VERSION,
    };
}

/**
 * The outputs azure-native gives the program after a write: its inputs, then what ARM answered (`id`, `name`,
 * `properties`, …; a workspace's properties flattened back to the top level, as azure-native's outputs are).
 */
export function armOutputs(
    type: string,
    inputs: Record<string, any>,
    resource: Record<string, any>,
): Record<string, any> {
    const { properties, ...envelope } = resource;
    if (emulatedType(type) === "Workspace") {
        return { ...inputs, ...envelope, ...(properties ?? {}) };
    }
    return { ...inputs, ...envelope, properties: properties ?? inputs.properties };
}
