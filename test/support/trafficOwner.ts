import { OnlineEndpoint } from "../../src/components";
import { FAKE_SUBSCRIPTION_ID, MockEngine, settle } from "../../src/testing";

export const TRAFFIC_TYPE = "pulumi-nodejs:dynamic/azureml:EndpointTraffic";

/**
 * The traffic owner's inputs as a mocked program registers them (with the serialized `__provider` the real host
 * runs), for an endpoint with blue and green deployments.
 */
export async function trafficOwnerInputs(engine: MockEngine, name = "credit"): Promise<Record<string, any>> {
    const ws = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws`;
    new OnlineEndpoint(name, {
        workspace: { workspaceName: "ws", workspaceId: ws, resourceGroupName: "rg" },
        deployments: {
            blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" },
            green: { model: "azureml:credit:2", instanceType: "Standard_DS3_v2" },
        },
        traffic: { blue: 100 },
    });
    await settle();
    return engine.get(TRAFFIC_TYPE, `${name}-traffic`).inputs;
}
