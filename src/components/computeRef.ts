import * as pulumi from "@pulumi/pulumi";
import { computeName, describeValue } from "../model";

/** What a batch deployment needs of a compute it runs on; a {@link ComputeCluster} component is one. */
export interface ComputeRef {
    /** ARM id of the compute: what a model deployment's `compute` takes. */
    readonly computeId: pulumi.Input<string>;
    /** Its name in the workspace: what a pipeline component's `default_compute` setting takes. */
    readonly computeName: pulumi.Input<string>;
}

/**
 * A compute: a {@link ComputeCluster} component (or anything with its id and name), the name of a compute in the
 * endpoint's workspace, or the full ARM id of one.
 */
export type ComputeInput = ComputeRef | string;

const COMPUTE_ID =
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/computes\/([^/]+)$/i;

/** A well-formed compute name, standing in for a component until deployment (see placeholders.ts). */
const PLACEHOLDER_COMPUTE = "compute";

/** The compute as the spec validates it: a name or id as given, a component as a stand-in name. */
export function computeForValidation(compute: ComputeInput | undefined): string | undefined {
    return compute === undefined ? undefined : typeof compute === "string" ? compute : PLACEHOLDER_COMPUTE;
}

/** Why a compute given as text is neither a compute name nor a compute's ARM id; undefined when it is one. */
export function computeReferenceProblem(compute: ComputeInput | undefined): string | undefined {
    if (typeof compute !== "string" || compute === "" || COMPUTE_ID.test(compute)) {
        return undefined;
    }
    if (compute.startsWith("/")) {
        return `expected the ARM id of a compute (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.MachineLearningServices/workspaces/<workspace>/computes/<name>), got ${describeValue(compute)}`;
    }
    const name = computeName.safeParse(compute);
    return name.success
        ? undefined
        : `${name.error.issues[0]?.message ?? "not a compute name"}; give the compute's name in the workspace, its ARM id, or a ComputeCluster component, got ${describeValue(compute)}`;
}

/**
 * The id and name of a compute in a workspace: a component's as they are, a name joined to the workspace id, an ARM
 * id with its last segment as the name. Validate with {@link computeReferenceProblem} first.
 */
export function resolveCompute(compute: ComputeInput, workspaceId: pulumi.Input<string>): ComputeRef {
    if (typeof compute !== "string") {
        return compute;
    }
    const fromId = COMPUTE_ID.exec(compute);
    return fromId !== null
        ? { computeId: compute, computeName: fromId[1] }
        : { computeId: pulumi.interpolate`${workspaceId}/computes/${compute}`, computeName: compute };
}
