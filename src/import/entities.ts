import type { Draft, Origin } from "./fieldReader";
import type { FindingSink } from "./findings";
import type { AssetReference } from "./references";

/**
 * What the mappers make of one az ml file, before the entities are put together into stack config: each carries
 * its config value (a Draft, with the origin of every field) and the names az ml links them by.
 */

export type AssetFamily = "models" | "codes" | "environments";

/** The stack config sections an import writes. */
export type ImportedSection = "computes" | "models" | "codes" | "environments" | "onlineEndpoints" | "batchEndpoints";
export const IMPORTED_SECTIONS: readonly ImportedSection[] = [
    "computes",
    "models",
    "codes",
    "environments",
    "onlineEndpoints",
    "batchEndpoints",
];

export interface MapContext {
    /** Absolute project directory: local paths become relative to it. */
    readonly projectDir: string;
    readonly sink: FindingSink;
}

/** A model, code or environment: from its own file, or defined inline in a deployment. */
export interface MappedAsset {
    readonly type: "asset";
    readonly family: AssetFamily;
    /** az ml's name; absent for an inline definition without one. */
    readonly name?: string;
    readonly version?: string;
    readonly draft: Draft;
    readonly origin: Origin;
}

/** How a deployment names one of its assets. */
export type AssetLink =
    | {
          readonly kind: "reference";
          readonly reference: AssetReference;
          readonly origin: Origin;
          readonly field: string;
      }
    | { readonly kind: "inline"; readonly asset: MappedAsset };

export interface DeploymentAssets {
    model?: AssetLink;
    code?: AssetLink;
    environment?: AssetLink;
}

export interface MappedCompute {
    readonly type: "compute";
    readonly name: string;
    readonly draft: Draft;
    readonly origin: Origin;
}

export type OnlineKind = "managed" | "kubernetes";

/** A map of percentages by deployment, kept apart until the deployments it names are known. */
export interface TrafficField {
    readonly field: string;
    readonly value: Record<string, number>;
    readonly origin: Origin;
}

export interface MappedOnlineEndpoint {
    readonly type: "onlineEndpoint";
    readonly kind: OnlineKind;
    readonly name: string;
    readonly draft: Draft;
    readonly origin: Origin;
    readonly traffic?: TrafficField;
    readonly mirrorTraffic?: TrafficField;
}

export interface MappedOnlineDeployment {
    readonly type: "onlineDeployment";
    /** From the file's $schema (or its `type`); undefined when only the endpoint can tell. */
    readonly kind?: OnlineKind;
    readonly name: string;
    readonly endpoint: string;
    readonly endpointOrigin: Origin;
    readonly draft: Draft;
    readonly assets: DeploymentAssets;
    readonly origin: Origin;
}

export interface MappedBatchEndpoint {
    readonly type: "batchEndpoint";
    readonly name: string;
    readonly draft: Draft;
    readonly origin: Origin;
    readonly defaultDeployment?: { readonly name: string; readonly origin: Origin };
}

export interface MappedBatchDeployment {
    readonly type: "batchDeployment";
    readonly name: string;
    readonly endpoint: string;
    readonly endpointOrigin: Origin;
    readonly draft: Draft;
    readonly assets: DeploymentAssets;
    readonly origin: Origin;
}

export type MappedEntity =
    | MappedAsset
    | MappedCompute
    | MappedOnlineEndpoint
    | MappedOnlineDeployment
    | MappedBatchEndpoint
    | MappedBatchDeployment;
