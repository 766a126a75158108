import { ArmClient } from "../../azure/armClient";
import { ML_API_VERSION } from "../../azure/apiVersion";

const ML = "Microsoft.MachineLearningServices";

function workspacePath(subscriptionId: string, inputs: Record<string, any>): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/${ML}/workspaces/${inputs.workspaceName}`;
}

/**
 * The azure-native invokes of Azure ML that a rehearsal answers from the emulator, with the request azure-native
 * makes for each; undefined for any other token (the recording engine's stand-in answers take it).
 */
export async function armInvoke(
    arm: ArmClient,
    subscriptionId: string,
    token: string,
    inputs: Record<string, any>,
): Promise<Record<string, any> | undefined> {
    const workspace = () => workspacePath(subscriptionId, inputs);
    const options = { apiVersion: ML_API_VERSION };
    switch (token) {
        case "azure-native:machinelearningservices:getDatastore":
            return (await arm.request("GET", `${workspace()}/datastores/${inputs.name}`, options)).body as Record<
                string,
                any
            >;
        case "azure-native:machinelearningservices:listOnlineEndpointKeys":
            return (
                await arm.request("POST", `${workspace()}/onlineEndpoints/${inputs.endpointName}/listKeys`, options)
            ).body as Record<string, any>;
        case "azure-native:machinelearningservices:getOnlineEndpointToken":
            return (await arm.request("POST", `${workspace()}/onlineEndpoints/${inputs.endpointName}/token`, options))
                .body as Record<string, any>;
        default:
            return undefined;
    }
}
