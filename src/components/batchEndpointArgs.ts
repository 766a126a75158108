import type * as pulumi from "@pulumi/pulumi";
import type { BatchInvocationArgs } from "../providers/batchInvocation";
import {
    BatchEndpointSpec,
    BatchEndpointSpecInput,
    ConfigProblem,
    SpecValidationError,
    batchEndpointSpec,
    endpointName as endpointNameSchema,
    validate,
} from "../model";
import { BatchDeploymentSettings, batchDeploymentArgProblems, batchDeploymentSpecInput } from "./batchDeploymentArgs";
import type { WorkspaceRef } from "./workspaceRef";
import type { EndpointCallerInput } from "./endpointCallers";
import type { EndpointCallerRoleIds } from "./endpointCallerRoles";
import { callersForValidation } from "./placeholders";

/** A deployment declared inside its batch endpoint: its settings, with assets and compute as components or text. */
export type InlineBatchDeploymentArgs = BatchDeploymentSettings;

/**
 * Arguments of a {@link BatchEndpoint}: the settings of `batchEndpointSpec` (each documented there with its default:
 * Entra ID auth only, a description, tags, the default deployment), with the deployments and the workspace.
 */
export type BatchEndpointArgs = Omit<BatchEndpointSpecInput, "deployments" | "callers"> & {
    /** The workspace the endpoint belongs to; a {@link Workspace} component is one. */
    readonly workspace: WorkspaceRef;
    /** Endpoint name in Azure (3–32 characters, unique per region across online and batch). @default the component name */
    readonly endpointName?: string;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /**
     * Deployments by name (the key is the deployment name under the endpoint): models, with a scoring script or as
     * MLflow models without one, and pipeline components. Created one after another. @default {}
     */
    readonly deployments?: Record<string, InlineBatchDeploymentArgs>;
    /** Principals allowed to start jobs (see `batchEndpointSpec`); ids may be Outputs. @default [] */
    readonly callers?: readonly EndpointCallerInput[];
    /**
     * The custom roles callers get, from an EndpointCallerRoles. @default - roles of the endpoint's own (whoever
     * runs `up` then needs Microsoft.Authorization/roleDefinitions/write)
     */
    readonly callerRoles?: EndpointCallerRoleIds;
};

/**
 * What {@link BatchEndpoint.invoke} takes: a BatchInvocation's arguments without what the endpoint supplies (its
 * id, scoring URI and the deployment's revision). `deployment` is a key of the endpoint's deployments.
 */
export type BatchEndpointInvokeArgs = Omit<
    BatchInvocationArgs,
    "endpointId" | "scoringUri" | "deployment" | "deploymentRevision"
> & {
    /** The deployment to run, a key of this endpoint's deployments. @default the endpoint's default deployment */
    readonly deployment?: string;
};

/** A batch endpoint's validated settings, its name in Azure and its default deployment as the key names it. */
export interface ValidatedBatchEndpoint {
    readonly spec: BatchEndpointSpec;
    readonly endpointName: string;
    /** The deployment key `defaultDeployment` names (matched case-insensitively, as Azure ML matches names). */
    readonly defaultDeployment: string | undefined;
}

/**
 * Validates a batch endpoint's arguments before anything exists, every problem at once under `BatchEndpoint
 * "<name>"`, each naming its argument path (`deployments.nightly.compute`). Assets and computes given as components
 * validate as well-formed placeholders: presence is what can be checked now.
 */
export function validateBatchEndpointArgs(name: string, args: BatchEndpointArgs): ValidatedBatchEndpoint {
    const {
        workspace: _workspace,
        endpointName,
        location: _location,
        deployments = {},
        callers,
        callerRoles: _callerRoles,
        ...rest
    } = args;
    const parsed = validate(batchEndpointSpec, {
        ...rest,
        callers: callersForValidation(callers),
        deployments: Object.fromEntries(
            Object.entries(deployments).map(([key, d]) => [key, batchDeploymentSpecInput(d)]),
        ),
    });
    const resolvedName = validate(endpointNameSchema, endpointName ?? name, "endpointName");
    const problems: ConfigProblem[] = [
        ...(parsed.ok ? [] : parsed.problems),
        ...(resolvedName.ok ? [] : resolvedName.problems),
        ...Object.entries(deployments).flatMap(([key, d]) => batchDeploymentArgProblems(d, ["deployments", key])),
    ];
    if (!parsed.ok || !resolvedName.ok || problems.length > 0) {
        throw new SpecValidationError(`BatchEndpoint "${name}"`, problems);
    }
    const wanted = parsed.value.defaultDeployment?.toLowerCase();
    return {
        spec: parsed.value,
        endpointName: resolvedName.value,
        defaultDeployment: Object.keys(parsed.value.deployments).find((key) => key.toLowerCase() === wanted),
    };
}
