import {
    KUBERNETES_DEFAULT_INSTANCE_TYPE,
    kubernetesNameIssues,
    onlineDeploymentSpec,
    onlineEndpointSpec,
    probeSpec,
} from "../../src/model";
import { parsed, problemLines } from "../support/problems";

const managed = { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" };
const k8s = { kind: "kubernetes", compute: "aks" };

describe("request timeouts (limits per endpoint kind)", () => {
    it("lets a deployment wait up to 300 s, the Kubernetes limit", () => {
        expect(
            problemLines(onlineDeploymentSpec, { ...managed, requestSettings: { requestTimeoutMs: 300_000 } }),
        ).toEqual([]);
        expect(
            problemLines(onlineDeploymentSpec, { ...managed, requestSettings: { requestTimeoutMs: 300_001 } }, "d"),
        ).toEqual([
            "d.requestSettings.requestTimeoutMs: Azure ML waits at most 300000 ms for a scoring request (180000 on managed endpoints); lower requestTimeoutMs, got 300001",
        ]);
    });

    it("caps managed deployments at 180 s and names the fix", () => {
        expect(
            problemLines(onlineEndpointSpec, {
                deployments: { blue: { ...managed, requestSettings: { requestTimeoutMs: 180_000 } } },
            }),
        ).toEqual([]);
        expect(
            problemLines(
                onlineEndpointSpec,
                { deployments: { blue: { ...managed, requestSettings: { requestTimeoutMs: 180_001 } } } },
                "e",
            ),
        ).toEqual([
            "e.deployments.blue.requestSettings.requestTimeoutMs: managed online endpoints allow at most 180000 ms; lower requestTimeoutMs, or serve from a kubernetes endpoint (up to 300000 ms), got 180001",
        ]);
    });

    it("lets kubernetes deployments use the full 300 s", () => {
        expect(
            problemLines(onlineEndpointSpec, {
                ...k8s,
                deployments: { blue: { model: "azureml:credit:1", requestSettings: { requestTimeoutMs: 300_000 } } },
            }),
        ).toEqual([]);
    });
});

describe("probe delays", () => {
    it("start probes at least 1 s after the container starts", () => {
        expect(parsed(probeSpec, { initialDelaySeconds: 1 }).initialDelaySeconds).toBe(1);
        expect(
            problemLines(onlineDeploymentSpec, { ...managed, livenessProbe: { initialDelaySeconds: 0 } }, "d"),
        ).toEqual([
            "d.livenessProbe.initialDelaySeconds: Azure ML runs the first probe at least 1 second after the container starts; set initialDelaySeconds to 1 or more, got 0",
        ]);
    });
});

describe("kubernetes deployments", () => {
    it("default to the cluster's default instance type and target-utilisation scaling", () => {
        const e = parsed(onlineEndpointSpec, { ...k8s, deployments: { blue: { model: "azureml:credit:1" } } });
        expect(KUBERNETES_DEFAULT_INSTANCE_TYPE).toBe("defaultinstancetype");
        expect(e.deployments.blue.instanceType).toBe("defaultinstancetype");
        expect(e.deployments.blue.scaleSettings).toEqual({
            type: "targetUtilization",
            minInstances: 1,
            maxInstances: 1,
            targetUtilizationPercentage: 70,
            pollingIntervalSeconds: 1,
        });
    });

    it("keep a fixed instance count only with the default scale type", () => {
        expect(
            parsed(onlineEndpointSpec, {
                ...k8s,
                deployments: { blue: { model: "azureml:m:1", instanceCount: 3, scaleSettings: { type: "default" } } },
            }).deployments.blue.scaleSettings,
        ).toEqual({ type: "default" });
        expect(
            problemLines(
                onlineEndpointSpec,
                { ...k8s, deployments: { blue: { model: "azureml:m:1", instanceCount: 3 } } },
                "e",
            ),
        ).toEqual([
            "e.deployments.blue.instanceCount: kubernetes deployments scale on target utilisation by default (1 to 1 instances); set scaleSettings.type 'default' to keep a fixed instanceCount, or give scaleSettings minInstances and maxInstances, got 3",
        ]);
    });

    it("leave managed deployments on the default scale type", () => {
        expect(
            parsed(onlineEndpointSpec, { deployments: { blue: managed } }).deployments.blue.scaleSettings,
        ).toBeUndefined();
        expect(
            problemLines(onlineEndpointSpec, {
                deployments: { blue: { ...managed, scaleSettings: { type: "default" } } },
            }),
        ).toEqual([]);
    });
});

describe("kubernetes endpoint and deployment names", () => {
    const endpoint32 = "e".repeat(32);
    it("may add up to 62 characters", () => {
        expect(kubernetesNameIssues(endpoint32, ["d".repeat(30)])).toEqual([]);
    });

    it("are refused above 62, naming both names and the fix", () => {
        expect(kubernetesNameIssues(endpoint32, ["blue", "d".repeat(31)])).toEqual([
            {
                path: ["deployments", "d".repeat(31)],
                input: "d".repeat(31),
                message: `endpoint '${endpoint32}' (32 characters) and deployment '${"d".repeat(31)}' (31) add up to 63 characters; Kubernetes endpoints allow at most 62 together, shorten one of them`,
            },
        ]);
    });
});
