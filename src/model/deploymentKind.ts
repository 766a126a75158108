import {
    KUBERNETES_MAX_REQUEST_TIMEOUT_MS,
    MANAGED_MAX_REQUEST_TIMEOUT_MS,
    OnlineDeploymentSpec,
} from "./onlineDeployment";
import type { RuleIssue } from "../rules";
import type { IssueReporter } from "./problems";
import { VM_SIZE_PATTERN } from "./common";

/**
 * Rules and defaults of an online deployment that depend on its endpoint's kind. They live apart from the
 * deployment schema because a deployment declared on its own learns the kind from the endpoint it joins.
 */

export type EndpointKind = "managed" | "kubernetes";

/** The instance type Azure ML creates on every attached Kubernetes cluster and uses when none is named. */
export const KUBERNETES_DEFAULT_INSTANCE_TYPE = "defaultinstancetype";

/** Azure ML's documented default scaling for Kubernetes deployments (reference-yaml-deployment-kubernetes-online). */
export const KUBERNETES_DEFAULT_SCALE = {
    type: "targetUtilization",
    minInstances: 1,
    maxInstances: 1,
    targetUtilizationPercentage: 70,
    pollingIntervalSeconds: 1,
} as const;

/** Kubernetes endpoint and deployment names together make the cluster's resource names: Azure ML allows 62. */
export const KUBERNETES_MAX_COMBINED_NAME_LENGTH = 62;

/** What a deployment may not be on an endpoint of this kind; paths are relative to the deployment. */
export function deploymentKindIssues(d: OnlineDeploymentSpec, kind: EndpointKind): RuleIssue[] {
    const issues: RuleIssue[] = [];
    const add: IssueReporter = (path, input, message) => issues.push({ path, input, message });
    if (kind === "managed") {
        if (d.instanceType === undefined) {
            add(["instanceType"], undefined, "managed deployments need a VM size, for example Standard_DS3_v2");
        } else if (!VM_SIZE_PATTERN.test(d.instanceType)) {
            add(["instanceType"], d.instanceType, "managed deployments take a VM size such as Standard_DS3_v2");
        }
        if (d.resources !== undefined) {
            add(
                ["resources"],
                d.resources,
                "container resources apply to kubernetes deployments; managed ones size by instanceType",
            );
        }
        if (d.scaleSettings?.type === "targetUtilization") {
            add(
                ["scaleSettings"],
                d.scaleSettings.type,
                "target-utilisation scaling applies to kubernetes deployments; use autoscale on managed ones",
            );
        }
        if (d.requestSettings.requestTimeoutMs > MANAGED_MAX_REQUEST_TIMEOUT_MS) {
            add(
                ["requestSettings", "requestTimeoutMs"],
                d.requestSettings.requestTimeoutMs,
                `managed online endpoints allow at most ${MANAGED_MAX_REQUEST_TIMEOUT_MS} ms; lower requestTimeoutMs, or serve from a kubernetes endpoint (up to ${KUBERNETES_MAX_REQUEST_TIMEOUT_MS} ms)`,
            );
        }
        return issues;
    }
    if (d.autoscale !== undefined) {
        add(
            ["autoscale"],
            "autoscale",
            "Azure Monitor autoscale applies to managed deployments; use scaleSettings on kubernetes ones",
        );
    }
    if (d.egressPublicNetworkAccess === "Disabled") {
        add(
            ["egressPublicNetworkAccess"],
            d.egressPublicNetworkAccess,
            "egress control applies to managed deployments; restrict egress with cluster network policy",
        );
    }
    // Without scaleSettings Azure ML scales a Kubernetes deployment between 1 and 1 instances, whatever instanceCount says.
    if (d.scaleSettings === undefined && d.instanceCount !== 1) {
        add(
            ["instanceCount"],
            d.instanceCount,
            `kubernetes deployments scale on target utilisation by default (${KUBERNETES_DEFAULT_SCALE.minInstances} to ${KUBERNETES_DEFAULT_SCALE.maxInstances} instances); set scaleSettings.type 'default' to keep a fixed instanceCount, or give scaleSettings minInstances and maxInstances`,
        );
    }
    return issues;
}

/**
 * The deployment with the defaults of its endpoint's kind made explicit. A Kubernetes deployment always names its
 * instance type and scaling: left out, the service fills a VM size (Standard_F4s_v2) that no cluster has.
 */
export function withKindDefaults(d: OnlineDeploymentSpec, kind: EndpointKind): OnlineDeploymentSpec {
    if (kind === "managed") {
        return d;
    }
    return {
        ...d,
        instanceType: d.instanceType ?? KUBERNETES_DEFAULT_INSTANCE_TYPE,
        scaleSettings: d.scaleSettings ?? { ...KUBERNETES_DEFAULT_SCALE },
    };
}

/** Deployments whose name makes the endpoint's name plus theirs longer than a Kubernetes endpoint allows. */
export function kubernetesNameIssues(endpointName: string, deploymentNames: readonly string[]): RuleIssue[] {
    // Both names have at least 3 characters, so the documented minimum of 6 together always holds.
    return deploymentNames
        .filter((name) => endpointName.length + name.length > KUBERNETES_MAX_COMBINED_NAME_LENGTH)
        .map((name) => ({
            path: ["deployments", name],
            input: name,
            message:
                `endpoint '${endpointName}' (${endpointName.length} characters) and deployment '${name}' (${name.length}) add up to ` +
                `${endpointName.length + name.length} characters; Kubernetes endpoints allow at most ${KUBERNETES_MAX_COMBINED_NAME_LENGTH} together, shorten one of them`,
        }));
}
