import { computeSpec } from "../../src/model";
import { parsed, problemLines } from "../support/problems";

const subnet = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/ml";

describe("compute spec", () => {
    it("defaults an AmlCompute cluster to scale-to-zero, dedicated, closed SSH", () => {
        expect(parsed(computeSpec, { type: "amlCompute", vmSize: "Standard_DS3_v2" })).toMatchObject({
            tier: "dedicated",
            minNodes: 0,
            maxNodes: 1,
            idleSecondsBeforeScaleDown: 120,
            remoteLoginPortPublicAccess: "Disabled",
            disableLocalAuth: true,
        });
    });

    it("keeps minNodes at or below maxNodes", () => {
        expect(
            problemLines(computeSpec, { type: "amlCompute", vmSize: "Standard_DS3_v2", minNodes: 4, maxNodes: 2 }, "c"),
        ).toEqual(["c.minNodes: must not exceed maxNodes (2); lower minNodes or raise maxNodes, got 4"]);
    });

    it("needs a subnet for nodes without public IPs", () => {
        expect(
            problemLines(computeSpec, { type: "amlCompute", vmSize: "Standard_DS3_v2", nodePublicIp: false }, "c")[0],
        ).toContain("c.nodePublicIp: nodes without public IPs need a virtual network");
        expect(
            problemLines(computeSpec, {
                type: "amlCompute",
                vmSize: "Standard_DS3_v2",
                nodePublicIp: false,
                subnetId: subnet,
            }),
        ).toEqual([]);
    });

    it("refuses a combined identity on a cluster", () => {
        const id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u";
        expect(
            problemLines(
                computeSpec,
                {
                    type: "amlCompute",
                    vmSize: "Standard_DS3_v2",
                    identity: { type: "SystemAssigned,UserAssigned", userAssignedIdentityIds: [id] },
                },
                "c",
            )[0],
        ).toContain("either a system-assigned or user-assigned identity, not both");
    });

    it("rejects a VM size that is not one and an unknown compute type", () => {
        expect(problemLines(computeSpec, { type: "amlCompute", vmSize: "big" }, "c")[0]).toContain(
            "c.vmSize: VM sizes read like Standard_DS3_v2",
        );
        expect(problemLines(computeSpec, { type: "aks" }, "c")[0]).toContain(
            "compute type is 'amlCompute' (a cluster) or 'kubernetes'",
        );
    });

    it("attaches only AKS or Arc clusters and validates the namespace", () => {
        const aks = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/aks";
        expect(parsed(computeSpec, { type: "kubernetes", resourceId: aks })).toMatchObject({ namespace: "default" });
        expect(problemLines(computeSpec, { type: "kubernetes", resourceId: subnet }, "k")[0]).toContain(
            "expected an AKS",
        );
        expect(
            problemLines(computeSpec, { type: "kubernetes", resourceId: aks, namespace: "Bad_NS" }, "k")[0],
        ).toContain("k.namespace: Kubernetes namespaces are DNS labels");
    });
});
