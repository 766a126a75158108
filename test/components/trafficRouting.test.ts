// The public surface of an OnlineEndpoint is fixed when it registers: routing traffic later changes none of it.
import { OnlineDeployment, OnlineEndpoint } from "../../src/components";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "routing", stack: "test" });
const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const workspace = {
    workspaceName: "ws",
    workspaceId: WS,
    resourceGroupName: "rg",
    publicNetworkAccess: "Disabled" as const,
};
const deploymentOf = (endpoint: OnlineEndpoint, name: string) =>
    new OnlineDeployment(`${endpoint.endpointName}-${name}`, {
        endpoint: endpoint.ref,
        deploymentName: name,
        model: "azureml:credit:1",
        instanceType: "Standard_DS3_v2",
    });
/** Every own property, public or TypeScript-private, with its value. */
const fields = (component: object) =>
    Object.getOwnPropertyNames(component).map((key) => [key, (component as Record<string, unknown>)[key]] as const);

describe("routeTraffic", () => {
    it("returns the owner and assigns no field of the component", async () => {
        const endpoint = new OnlineEndpoint("fixed", { workspace, deferTraffic: true });
        const before = fields(endpoint);
        const owner = endpoint.routeTraffic({ traffic: { one: 100 } }, [deploymentOf(endpoint, "one")]);
        const after = fields(endpoint);
        expect(after.map(([key]) => key)).toEqual(before.map(([key]) => key));
        after.forEach(([key, value], i) => expect({ key, same: value === before[i]![1] }).toEqual({ key, same: true }));
        expect(endpoint.traffic).toBeUndefined();
        await settle();
        const recorded = engine.get("pulumi-nodejs:dynamic/azureml:EndpointTraffic", "fixed-traffic");
        expect(await new Promise((resolve) => owner.urn.apply(resolve))).toBe(recorded.urn);
        // The workspace's setting reaches the owner through the ref, not through a spec.
        expect(recorded.inputs.publicNetworkAccess).toBe("Disabled");
    });

    it("works only on an endpoint that deferred its traffic, whose owner is its traffic field", () => {
        const inline = new OnlineEndpoint("inline", {
            workspace,
            deployments: { blue: { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" } },
            traffic: { blue: 100 },
        });
        expect(inline.traffic).toBeDefined();
        expect(() => inline.routeTraffic({ traffic: { blue: 100 } }, [])).toThrow(
            'OnlineEndpoint "inline" already has its traffic owner; routeTraffic needs deferTraffic: true',
        );
    });

    it("is called once", () => {
        const endpoint = new OnlineEndpoint("once", { workspace, deferTraffic: true });
        const one = deploymentOf(endpoint, "one");
        endpoint.routeTraffic({ traffic: { one: 100 } }, [one]);
        expect(() => endpoint.routeTraffic({ traffic: { one: 100 } }, [one])).toThrow("is called once");
    });

    it("leaves an endpoint's public network access to its workspace's unless it sets its own", async () => {
        new OnlineEndpoint("own", { workspace, publicNetworkAccess: "Enabled" });
        await settle();
        const endpoint = (name: string) =>
            engine.get("azure-native:machinelearningservices:OnlineEndpoint", `${name}-endpoint`).inputs;
        expect(endpoint("own").properties.publicNetworkAccess).toBe("Enabled");
        expect(endpoint("fixed").properties.publicNetworkAccess).toBe("Disabled");
    });
});
