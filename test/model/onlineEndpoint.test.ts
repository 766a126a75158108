import { onlineDeploymentSpec, onlineEndpointSpec, trafficIssues } from "../../src/model";
import { parsed, problemLines } from "../support/problems";

const blue = { model: "azureml:credit:1", instanceType: "Standard_DS3_v2" };
const green = { model: "azureml:credit:2", instanceType: "Standard_DS3_v2" };

describe("online deployment spec", () => {
    it("applies Azure ML's request and probe defaults", () => {
        const d = parsed(onlineDeploymentSpec, { ...blue, livenessProbe: {} });
        expect(d.requestSettings).toEqual({
            requestTimeoutMs: 5000,
            maxConcurrentRequestsPerInstance: 1,
            maxQueueWaitMs: 500,
        });
        expect(d.livenessProbe).toEqual({
            initialDelaySeconds: 10,
            periodSeconds: 10,
            timeoutSeconds: 2,
            successThreshold: 1,
            failureThreshold: 30,
        });
        expect(d.instanceCount).toBe(1);
    });

    it("caps the request timeout at 300 s on its own; the endpoint applies its kind's limit", () => {
        expect(problemLines(onlineDeploymentSpec, { ...blue, requestSettings: { requestTimeoutMs: 180_001 } })).toEqual(
            [],
        );
        expect(
            problemLines(onlineDeploymentSpec, { ...blue, requestSettings: { requestTimeoutMs: 300_001 } }, "d")[0],
        ).toContain("d.requestSettings.requestTimeoutMs: Azure ML waits at most 300000 ms");
    });

    it("pairs code with a scoring script and an environment", () => {
        expect(problemLines(onlineDeploymentSpec, { ...blue, code: "score" }, "d")).toEqual([
            "d.scoringScript: a code asset needs the path of its scoring script; set scoringScript",
            "d.environment: a scoring script runs in an environment; set environment",
        ]);
        expect(problemLines(onlineDeploymentSpec, { ...blue, scoringScript: "score.py" }, "d")).toEqual([
            "d.code: scoringScript 'score.py' needs a code asset; set code",
        ]);
    });

    it("needs a model or a custom container", () => {
        expect(problemLines(onlineDeploymentSpec, { instanceType: "Standard_DS3_v2" }, "d")).toEqual([
            "d.model: a deployment serves a model or a custom container; set model or environment",
        ]);
    });

    it("keeps liveness and startup success thresholds at 1 and probe timeouts within the period", () => {
        expect(problemLines(onlineDeploymentSpec, { ...blue, livenessProbe: { successThreshold: 2 } }, "d")).toEqual([
            "d.livenessProbe.successThreshold: liveness and startup probes need successThreshold 1, got 2",
        ]);
        expect(problemLines(onlineDeploymentSpec, { ...blue, readinessProbe: { successThreshold: 3 } })).toEqual([]);
        expect(
            problemLines(
                onlineDeploymentSpec,
                { ...blue, readinessProbe: { periodSeconds: 5, timeoutSeconds: 6 } },
                "d",
            )[0],
        ).toContain("d.readinessProbe.timeoutSeconds: a probe cannot time out after its next run is due");
    });

    it("keeps instanceCount inside autoscale bounds and autoscale apart from scaleSettings", () => {
        const autoscale = { minInstances: 2, maxInstances: 4, rules: [] };
        expect(problemLines(onlineDeploymentSpec, { ...blue, autoscale }, "d")).toEqual([
            "d.instanceCount: must lie within autoscale bounds 2..4, got 1",
        ]);
        expect(
            problemLines(
                onlineDeploymentSpec,
                { ...blue, instanceCount: 2, autoscale, scaleSettings: { type: "targetUtilization" } },
                "d",
            )[0],
        ).toContain(
            "d.scaleSettings: a deployment scales with autoscale (managed) or scaleSettings (Kubernetes), not both",
        );
    });

    it("validates environment variable names and Kubernetes quantities", () => {
        expect(
            problemLines(onlineDeploymentSpec, { ...blue, environmentVariables: { "1BAD": "x" } }, "d")[0],
        ).toContain(`d.environmentVariables["1BAD"]: invalid name`);
        expect(
            problemLines(onlineDeploymentSpec, { ...blue, resources: { requests: { cpu: "lots" } } }, "d")[0],
        ).toContain("d.resources.requests.cpu: CPU quantities read like 500m or 2");
    });
});

describe("online endpoint spec", () => {
    it("defaults to a managed endpoint with aad_token and a kubernetes one with key", () => {
        expect(parsed(onlineEndpointSpec, {}).authMode).toBe("aad_token");
        expect(parsed(onlineEndpointSpec, { kind: "kubernetes", compute: "aks" }).authMode).toBe("key");
    });

    it("refuses aad_token on kubernetes endpoints and needs their compute", () => {
        expect(problemLines(onlineEndpointSpec, { kind: "kubernetes", authMode: "aad_token" }, "e")).toEqual([
            "e.compute: kubernetes endpoints run on an attached cluster; set compute to the key of a kubernetes compute",
            "e.authMode: aad_token works only on managed online endpoints and batch endpoints; use 'key' or 'aml_token', got \"aad_token\"",
        ]);
        expect(problemLines(onlineEndpointSpec, { compute: "aks" }, "e")[0]).toContain(
            "e.compute: managed endpoints run on Azure ML's infrastructure and take no compute",
        );
    });

    it("refuses mirrored traffic on kubernetes endpoints", () => {
        const k8s = { model: "azureml:m:1" };
        expect(
            problemLines(
                onlineEndpointSpec,
                {
                    kind: "kubernetes",
                    compute: "aks",
                    deployments: { blue: k8s, green: k8s },
                    traffic: { blue: 100 },
                    mirrorTraffic: { green: 10 },
                },
                "e",
            ),
        ).toEqual([
            'e.mirrorTraffic: mirroring isn\'t supported for Kubernetes online endpoints; remove mirrorTraffic, got {"green":10}',
        ]);
    });

    it("needs a VM size on managed deployments and keeps kind-specific settings apart", () => {
        expect(problemLines(onlineEndpointSpec, { deployments: { blue: { model: "azureml:m:1" } } }, "e")).toEqual([
            "e.deployments.blue.instanceType: managed deployments need a VM size, for example Standard_DS3_v2",
        ]);
        expect(
            problemLines(
                onlineEndpointSpec,
                { deployments: { blue: { ...blue, resources: { requests: { cpu: "1" } } } } },
                "e",
            )[0],
        ).toContain("container resources apply to kubernetes deployments");
        expect(
            problemLines(
                onlineEndpointSpec,
                {
                    kind: "kubernetes",
                    compute: "aks",
                    deployments: { blue: { model: "azureml:m:1", autoscale: { minInstances: 1, maxInstances: 2 } } },
                },
                "e",
            )[0],
        ).toContain("e.deployments.blue.autoscale: Azure Monitor autoscale applies to managed deployments");
    });

    it("accepts a 90/10 split and a mirror to an idle deployment", () => {
        const spec = parsed(onlineEndpointSpec, {
            deployments: { blue, green, shadow: green },
            traffic: { blue: 90, green: 10 },
            mirrorTraffic: { shadow: 20 },
        });
        expect(spec.traffic).toEqual({ blue: 90, green: 10 });
    });

    it("needs traffic to add up to 100 or 0", () => {
        expect(
            problemLines(onlineEndpointSpec, { deployments: { blue, green }, traffic: { blue: 0, green: 0 } }),
        ).toEqual([]);
        expect(
            problemLines(onlineEndpointSpec, { deployments: { blue, green }, traffic: { blue: 60, green: 30 } }, "e"),
        ).toEqual([
            'e.traffic: percentages add up to 90; they must add up to 100 (or 0 for no traffic), got {"blue":60,"green":30}',
        ]);
    });

    it("needs traffic to name declared deployments", () => {
        expect(problemLines(onlineEndpointSpec, { deployments: { blue }, traffic: { blu: 100 } }, "e")).toEqual([
            "e.traffic.blu: names no deployment of this endpoint (declared: blue), got 100",
        ]);
    });

    it("mirrors at most 50 % to one deployment without live traffic", () => {
        const base = { deployments: { blue, green, red: green }, traffic: { blue: 100 } };
        expect(problemLines(onlineEndpointSpec, { ...base, mirrorTraffic: { green: 51 } }, "e")).toEqual([
            "e.mirrorTraffic.green: at most 50, got 51",
        ]);
        expect(problemLines(onlineEndpointSpec, { ...base, mirrorTraffic: { green: 10, red: 10 } }, "e")[0]).toContain(
            "traffic can be mirrored to only one deployment",
        );
        expect(problemLines(onlineEndpointSpec, { ...base, mirrorTraffic: { blue: 10 } }, "e")[0]).toContain(
            "e.mirrorTraffic.blue: deployment 'blue' already takes 100 % of live traffic",
        );
        expect(
            problemLines(onlineEndpointSpec, { deployments: { blue, green }, mirrorTraffic: { green: 10 } }, "e")[0],
        ).toContain("give some deployment live traffic first");
    });

    it("caps an endpoint at 20 deployments with case-insensitively unique names", () => {
        const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`dep${i}`, blue]));
        expect(problemLines(onlineEndpointSpec, { deployments: many }, "e")).toEqual([
            "e.deployments: an endpoint holds at most 20 deployments; split them across endpoints, got 21",
        ]);
        expect(problemLines(onlineEndpointSpec, { deployments: { blue, BLUE: blue } }, "e")).toEqual([
            'e.deployments.BLUE: deployment names are case-insensitive and must be unique; rename one, got "BLUE"',
        ]);
    });
});

describe("secret references in environment variables", () => {
    const vaultRef = "${{keyvault:https://ml-kv.vault.azure.net/secrets/db-password}}";

    it("accept Key Vault and connection references and refuse malformed ones", () => {
        expect(
            problemLines(onlineDeploymentSpec, {
                ...blue,
                environmentVariables: { DB: vaultRef, KEY: "${{azureml://connections/openai/credentials/key}}" },
            }),
        ).toEqual([]);
        expect(
            problemLines(
                onlineDeploymentSpec,
                { ...blue, environmentVariables: { DB: "${{keyvault:db-password}}" } },
                "d",
            )[0],
        ).toContain(
            "d.environmentVariables.DB: secret references read ${{keyvault:https://<vault>.vault.azure.net/secrets/<name>[/<version>]}}",
        );
    });

    it("need keyVaultAccess on the endpoint", () => {
        expect(
            problemLines(
                onlineEndpointSpec,
                { deployments: { blue: { ...blue, environmentVariables: { DB: vaultRef } } } },
                "e",
            ),
        ).toEqual([
            `e.deployments.blue.environmentVariables.DB: a Key Vault reference needs the endpoint's identity to read secrets; set keyVaultAccess: true, got "${vaultRef}"`,
        ]);
        expect(
            problemLines(onlineEndpointSpec, {
                keyVaultAccess: true,
                deployments: { blue: { ...blue, environmentVariables: { DB: vaultRef } } },
            }),
        ).toEqual([]);
    });
});

describe("trafficIssues", () => {
    it("compares names case-insensitively, as Azure does", () => {
        expect(trafficIssues(["Blue"], { blue: 100 }, {})).toEqual([]);
    });
});

describe("scaling the old deployment down after a rollout", () => {
    const rollout = { canary: { percent: 10 }, afterSuccess: { previous: "scaleDown" } };

    it("accepts fixed-size deployments, scaling them to one instance after a 5 minute wait by default", () => {
        const e = parsed(onlineEndpointSpec, {
            deployments: { blue: { ...blue, instanceCount: 3 }, green: { ...green, instanceCount: 3 } },
            traffic: { blue: 100 },
            rollout,
        });
        expect(e.rollout?.afterSuccess).toEqual({
            previous: "scaleDown",
            terminationWaitSeconds: 300,
            scaledDownInstances: 1,
        });
    });

    it("refuses deployments whose instance count autoscale owns, and a scale-down that would add instances", () => {
        const autoscale = { minInstances: 2, maxInstances: 4 };
        expect(
            problemLines(
                onlineEndpointSpec,
                {
                    deployments: { blue: { ...blue, instanceCount: 2, autoscale }, green },
                    traffic: { blue: 100 },
                    rollout: { ...rollout, afterSuccess: { previous: "scaleDown", scaledDownInstances: 2 } },
                },
                "e",
            ),
        ).toEqual([
            "e.deployments.blue.autoscale: with rollout.afterSuccess.previous scaleDown the traffic owner sets this deployment's instance count, and Azure Monitor autoscale would put it back on its next run; remove autoscale, or keep the deployment after a rollout (previous: keep) and let autoscale's minInstances bound its idle size, got \"autoscale\"",
            "e.rollout.afterSuccess.scaledDownInstances: deployment 'green' runs 1 instance (instanceCount), so scaling it down to 2 would add instances; lower scaledDownInstances to 1 or less, got 2",
        ]);
        // The same deployments are fine when the old one is kept.
        expect(
            problemLines(
                onlineEndpointSpec,
                {
                    deployments: { blue: { ...blue, instanceCount: 2, autoscale }, green },
                    traffic: { blue: 100 },
                    rollout: { ...rollout, afterSuccess: { previous: "keep" } },
                },
                "e",
            ),
        ).toEqual([]);
    });

    it("refuses Kubernetes deployments on target-utilisation scaling (the default), not those with a fixed count", () => {
        const kube = { kind: "kubernetes", compute: "aks", traffic: { blue: 100 }, rollout };
        expect(problemLines(onlineEndpointSpec, { ...kube, deployments: { blue, green } }, "e")).toEqual(
            ["blue", "green"].map(
                (name) =>
                    `e.deployments.${name}.scaleSettings: with rollout.afterSuccess.previous scaleDown the traffic owner sets this deployment's instance count, but target-utilisation scaling lets the cluster size it between minInstances and maxInstances; set scaleSettings.type 'default' so instanceCount applies, or keep the deployment after a rollout (previous: keep), got "targetUtilization (the Kubernetes default)"`,
            ),
        );
        const fixed = { scaleSettings: { type: "default" }, instanceCount: 2 };
        expect(
            problemLines(
                onlineEndpointSpec,
                { ...kube, deployments: { blue: { ...blue, ...fixed }, green: { ...green, ...fixed } } },
                "e",
            ),
        ).toEqual([]);
    });

    it("refuses zero instances: Azure ML keeps at least one", () => {
        expect(
            problemLines(
                onlineEndpointSpec,
                {
                    deployments: { blue, green },
                    traffic: { blue: 100 },
                    rollout: { afterSuccess: { previous: "scaleDown", scaledDownInstances: 0 } },
                },
                "e",
            ),
        ).toEqual([
            "e.rollout.afterSuccess.scaledDownInstances: an online deployment keeps at least 1 instance; to release its last one, remove the deployment from the endpoint, got 0",
        ]);
    });
});
