import { ComputeCluster } from "../../src/components";
import { installMockEngine, settle } from "../../src/testing";

const engine = installMockEngine();
const COMPUTE = "azure-native:machinelearningservices:Compute";
const subnet = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/ml";
const aks = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/aks";

beforeAll(async () => {
    const common = { workspaceName: "ws", resourceGroupName: "rg" };
    new ComputeCluster("cpu", {
        ...common,
        type: "amlCompute",
        vmSize: "Standard_DS3_v2",
        maxNodes: 4,
        tier: "lowPriority",
        idleSecondsBeforeScaleDown: 300,
    });
    new ComputeCluster("private-cpu", { ...common, type: "amlCompute", vmSize: "Standard_DS3_v2", subnetId: subnet });
    new ComputeCluster("aks-attach", {
        ...common,
        type: "kubernetes",
        resourceId: aks,
        namespace: "azureml",
        defaultInstanceType: "cpu-small",
    });
    await settle();
});

describe("ComputeCluster", () => {
    it("creates an AmlCompute cluster in ARM shape with ISO-8601 idle time", () => {
        const compute = engine.get(COMPUTE, "cpu-compute");
        expect(compute.parent).toBe(engine.get("azureml:compute:ComputeCluster", "cpu").urn);
        expect(compute.inputs).toMatchObject({
            workspaceName: "ws",
            resourceGroupName: "rg",
            computeName: "cpu",
            identity: { type: "SystemAssigned" },
            properties: {
                computeType: "AmlCompute",
                disableLocalAuth: true,
                properties: {
                    vmSize: "Standard_DS3_v2",
                    vmPriority: "LowPriority",
                    osType: "Linux",
                    scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT300S" },
                    enableNodePublicIp: true,
                    remoteLoginPortPublicAccess: "Disabled",
                },
            },
        });
    });

    it("drops node public IPs by default inside a subnet", () => {
        const props = engine.get(COMPUTE, "private-cpu-compute").inputs.properties.properties;
        expect(props.subnet).toEqual({ id: subnet });
        expect(props.enableNodePublicIp).toBe(false);
    });

    it("attaches a Kubernetes cluster", () => {
        expect(engine.get(COMPUTE, "aks-attach-compute").inputs.properties).toEqual({
            computeType: "Kubernetes",
            resourceId: aks,
            properties: { namespace: "azureml", defaultInstanceType: "cpu-small" },
        });
    });

    it("gives long operations 30 minutes", () => {
        expect(engine.get(COMPUTE, "cpu-compute").customTimeouts).toEqual({
            create: "30m",
            update: "30m",
            delete: "30m",
        });
    });

    it("validates the component name as the compute name", () => {
        expect(
            () =>
                new ComputeCluster("far-too-long-cluster-name", {
                    workspaceName: "ws",
                    resourceGroupName: "rg",
                    type: "amlCompute",
                    vmSize: "Standard_DS3_v2",
                }),
        ).toThrow(
            /ComputeCluster "far-too-long-cluster-name" is invalid:\n {2}name: compute names have 2 to 16 characters/,
        );
    });
});
