// Who writes a deployment's instance count: its azure-native resource, or (with a policy that scales down after a
// rollout) the endpoint's traffic owner. Never both.
import { OnlineDeployment, OnlineEndpoint } from "../../src/components";
import { SpecValidationError } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine({ project: "capacity", stack: "test" });
const T = {
    deployment: "azure-native:machinelearningservices:OnlineDeployment",
    traffic: "pulumi-nodejs:dynamic/azureml:EndpointTraffic",
};
const workspace = {
    workspaceName: "ws",
    workspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws",
    resourceGroupName: "rg",
    publicNetworkAccess: "Enabled" as const,
};
const deployment = (model: string, instanceCount: number) => ({
    model,
    instanceType: "Standard_DS3_v2",
    instanceCount,
});
const scaleDown = {
    linear: { stepPercent: 50 },
    bakeSeconds: 300,
    afterSuccess: { previous: "scaleDown" as const, terminationWaitSeconds: 600 },
};

beforeAll(async () => {
    new OnlineEndpoint("owned", {
        workspace,
        deployments: { blue: deployment("azureml:credit:1", 3), green: deployment("azureml:credit:2", 3) },
        traffic: { blue: 100 },
        rollout: scaleDown,
    });
    new OnlineEndpoint("kept", {
        workspace,
        deployments: { blue: deployment("azureml:credit:1", 3), green: deployment("azureml:credit:2", 3) },
        traffic: { blue: 100 },
        rollout: { ...scaleDown, afterSuccess: { previous: "keep" } },
    });
    const deferred = new OnlineEndpoint("deferred", {
        workspace,
        deployments: { blue: deployment("azureml:credit:1", 2) },
        deferTraffic: true,
        rollout: scaleDown,
    });
    const red = new OnlineDeployment("deferred-red", {
        endpoint: deferred.ref,
        deploymentName: "red",
        ...deployment("azureml:credit:3", 4),
    });
    deferred.routeTraffic({ traffic: { blue: 100 } }, [red]);
    await settle();
});

describe("an endpoint whose rollout scales the old deployment down", () => {
    it("makes its deployments ignore sku.capacity and passes their declared counts to the traffic owner", () => {
        for (const name of ["owned-blue-deployment", "owned-green-deployment"]) {
            const d = engine.get(T.deployment, name);
            expect(d.ignoreChanges).toEqual(["sku.capacity"]);
            // Created with the declared count: ignoreChanges holds for updates only.
            expect(d.inputs.sku).toEqual({ name: "Default", capacity: 3 });
        }
        expect(engine.get(T.traffic, "owned-traffic").inputs.capacities).toEqual({ blue: 3, green: 3 });
    });

    it("gives the owner time for the termination wait and one scale write per deployment", () => {
        // 30 + rollout limit (2 × (2 steps × 300 s) + 30 min = 50 min) + 10 min wait + 2 × 20 min of scale writes.
        expect(engine.get(T.traffic, "owned-traffic").customTimeouts).toEqual({
            create: "130m",
            update: "130m",
            delete: "30m",
        });
        expect(engine.get(T.traffic, "kept-traffic").customTimeouts).toMatchObject({ update: "80m" });
    });

    it("leaves instance counts to azure-native when the old deployment is kept", () => {
        expect(engine.get(T.deployment, "kept-blue-deployment").ignoreChanges).toEqual([]);
        expect(engine.get(T.traffic, "kept-traffic").inputs.capacities).toBeUndefined();
    });

    it("owns the counts of deployments joined with routeTraffic too, through the endpoint's ref", () => {
        expect(engine.get(T.deployment, "deferred-red-deployment").ignoreChanges).toEqual(["sku.capacity"]);
        expect(engine.get(T.traffic, "deferred-traffic").inputs.capacities).toEqual({ blue: 2, red: 4 });
    });

    it("refuses a joined deployment whose count autoscale sets, naming the deployment's own key", () => {
        const endpoint = new OnlineEndpoint("strict", { workspace, deferTraffic: true, rollout: scaleDown });
        const make = () =>
            new OnlineDeployment("strict-auto", {
                endpoint: endpoint.ref,
                ...deployment("azureml:credit:1", 2),
                autoscale: { minInstances: 2, maxInstances: 4 },
            });
        expect(make).toThrow(SpecValidationError);
        expect(make).toThrow(/autoscale: with rollout.afterSuccess.previous scaleDown the traffic owner sets/);
    });

    it("refuses to own a deployment made with another endpoint reference, which would put its count back", () => {
        const endpoint = new OnlineEndpoint("foreign", { workspace, deferTraffic: true, rollout: scaleDown });
        const { scaleDown: _owned, ...plainRef } = endpoint.ref;
        const stray = new OnlineDeployment("foreign-stray", {
            endpoint: plainRef,
            deploymentName: "stray",
            ...deployment("azureml:credit:1", 2),
        });
        expect(() => endpoint.routeTraffic({ traffic: { stray: 100 } }, [stray])).toThrow(
            'OnlineEndpoint "foreign" scales deployments down after a rollout, so its traffic owner writes their instance counts; stray was made with another endpoint reference',
        );
    });
});
