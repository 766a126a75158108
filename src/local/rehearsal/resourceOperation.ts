import { ResourceKind } from "./rehearsalState";

/** What a rehearsal did to one resource, as `pulumi up` reports its steps. */
export type OperationKind = "create" | "update" | "replace" | "delete" | "same";

export interface ResourceOperation {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly kind: ResourceKind;
    readonly op: OperationKind;
    readonly ms: number;
    /** A delete of a resource with retainOnDelete: dropped from state, left in place. */
    readonly retained?: boolean;
    /** Set when the operation failed: the provider's or Azure's message. */
    readonly error?: string;
}
