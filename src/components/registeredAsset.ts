import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { REGISTERED_REFERENCE_PATTERN, SpecValidationError } from "../model";

/** What deployments need of an asset, whether this program registered it or it was registered before. */
export interface AssetHandle {
    readonly assetName: string;
    readonly version: pulumi.Output<string>;
    /** ARM id of the asset version. */
    readonly id: pulumi.Output<string>;
    /** azureml:<name>:<version> */
    readonly reference: pulumi.Output<string>;
}

/** The asset families a registered reference can name; a pipeline component is what batch deployments run. */
export type RegisteredAssetKind = "model" | "code" | "environment" | "component";

const COLLECTIONS: Record<RegisteredAssetKind, string> = {
    model: "models",
    code: "codes",
    environment: "environments",
    component: "components",
};

/**
 * An asset registered outside this program, named as az ml names it (`azureml:<name>:<version>`). Nothing is
 * created; the handle carries the version's ARM id for deployments.
 */
export function registeredAsset(
    kind: RegisteredAssetKind,
    reference: string,
    location: { workspaceName: pulumi.Input<string>; resourceGroupName: pulumi.Input<string> },
): AssetHandle {
    const match = REGISTERED_REFERENCE_PATTERN.exec(reference);
    if (match === null) {
        throw new SpecValidationError(`registered ${kind}`, [
            { path: kind, message: `registered references read azureml:<name>:<version>, got "${reference}"` },
        ]);
    }
    const [, assetName, version] = match;
    const subscriptionId = authorization.getClientConfigOutput().subscriptionId;
    return {
        assetName,
        version: pulumi.output(version),
        id: pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${location.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${location.workspaceName}/${COLLECTIONS[kind]}/${assetName}/versions/${version}`,
        reference: pulumi.output(reference),
    };
}
