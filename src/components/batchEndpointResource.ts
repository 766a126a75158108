import type * as pulumi from "@pulumi/pulumi";
import type * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { BatchEndpointSpec } from "../model";
import { endpointResourceOptions } from "./onlineEndpointResource";

/** Batch endpoints authenticate with Microsoft Entra tokens only; ARM spells it AADToken. */
const BATCH_AUTH_MODES = { aad_token: "AADToken" } as const;

/**
 * Batch endpoint properties the defaults owner writes. ARM has no PATCH for them (a PATCH takes tags and identity
 * only) and an azure-native update is a PUT of the recorded inputs, which carry no `defaults`: a PUT without
 * `defaults` leaves the endpoint with no default deployment. So the endpoint resource must never PUT again.
 */
export const DEFAULTS_OWNED_PROPERTIES: readonly string[] = ["properties.defaults", "properties.description", "tags"];

/**
 * Everything else an update could PUT: nothing in the spec sets these, but after a `pulumi refresh` azure-native
 * reads them back into the recorded inputs (Azure ML adds its own `properties` entries), and a difference from the
 * program's absent value would be an in-place update, that is a PUT without `defaults`.
 */
export const BATCH_ENDPOINT_UNOWNED_PROPERTIES: readonly string[] = [
    "properties.properties",
    "properties.keys",
    "identity",
    "kind",
    "sku",
];

/** Batch endpoint properties Azure cannot change in place: a change is a replace (a new endpoint, new default). */
export const BATCH_REPLACE_ON_CHANGE_PROPERTIES: readonly string[] = ["properties.authMode"];

/** Where a batch endpoint goes and what it is called, besides its spec. */
export interface BatchEndpointTarget {
    readonly endpointName: string;
    readonly workspaceName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
}

/**
 * The arguments of the azure-native `BatchEndpoint` resource: no `defaults`, which the defaults owner writes once the
 * deployments exist (a default naming a deployment that does not exist yet is refused). Description and tags are
 * the endpoint's at creation; the owner writes their changes.
 */
export function batchEndpointArmArgs(
    spec: BatchEndpointSpec,
    target: BatchEndpointTarget,
): machinelearningservices.BatchEndpointArgs {
    return {
        workspaceName: target.workspaceName,
        resourceGroupName: target.resourceGroupName,
        endpointName: target.endpointName,
        location: target.location,
        properties: { authMode: BATCH_AUTH_MODES[spec.authMode], description: spec.description },
        tags: spec.tags,
    };
}

/**
 * The options of a batch endpoint resource: no in-place update ever (see DEFAULTS_OWNED_PROPERTIES), the auth mode
 * replaced, and the old endpoint deleted first since the name is unique per region.
 *
 * @param dependsOn what the endpoint waits for: the component's own dependsOn, which children do not inherit.
 */
export function batchEndpointResourceOptions(
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Resource>[],
): pulumi.CustomResourceOptions {
    return endpointResourceOptions(parent, dependsOn, {
        owned: [...DEFAULTS_OWNED_PROPERTIES, ...BATCH_ENDPOINT_UNOWNED_PROPERTIES],
        replacing: BATCH_REPLACE_ON_CHANGE_PROPERTIES,
    });
}
