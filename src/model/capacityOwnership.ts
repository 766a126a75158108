import type { RuleIssue } from "../rules";
import type { EndpointKind } from "./deploymentKind";
import type { OnlineDeploymentSpec } from "./onlineDeployment";
import type { RolloutPolicySpec } from "./rolloutPolicy";

/** What the traffic owner needs to own instance counts: the afterSuccess of a policy that scales down. */
export interface ScaleDownSettings {
    /** Instances a deployment without traffic runs. */
    readonly scaledDownInstances: number;
    /** Seconds between the last step and the first scale-down. */
    readonly terminationWaitSeconds: number;
}

/**
 * The scale-down settings when a policy hands the deployments' instance counts to the traffic owner
 * (`afterSuccess.previous: scaleDown`); undefined when azure-native keeps them.
 */
export function scaleDownSettings(
    policy: Pick<RolloutPolicySpec, "afterSuccess"> | undefined,
): ScaleDownSettings | undefined {
    const after = policy?.afterSuccess;
    return after?.previous === "scaleDown"
        ? { scaledDownInstances: after.scaledDownInstances, terminationWaitSeconds: after.terminationWaitSeconds }
        : undefined;
}

/** The deployment fields the rules read: a parsed deployment, with or without its kind's defaults applied. */
export type DeploymentScaling = Pick<OnlineDeploymentSpec, "instanceCount" | "autoscale" | "scaleSettings">;

/**
 * Why the traffic owner cannot own the instance counts of these deployments, as issues with paths relative to the
 * endpoint (`deployments.<name>…`, `rollout.afterSuccess…`). A scale the owner writes holds only while nothing
 * else sets the count:
 * - Azure Monitor autoscale puts a manual scale outside its minimum..maximum back on its next run, and scales by its
 *   rules within them (Azure Monitor, autoscale best practices: "Manual scaling is reset by autoscale min and max");
 * - a Kubernetes deployment on target-utilisation scaling (its default) is sized by the cluster between
 *   minInstances and maxInstances; only `scaleSettings.type: default` makes instanceCount its size
 *   (reference-yaml-deployment-kubernetes-online).
 * A scaled-down deployment keeps `scaledDownInstances`, which must not exceed any instanceCount: scaling "down"
 * would add instances.
 */
export function scaleDownIssues(
    settings: ScaleDownSettings,
    deployments: Readonly<Record<string, DeploymentScaling>>,
    kind: EndpointKind,
): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const [name, d] of Object.entries(deployments)) {
        if (d.autoscale !== undefined) {
            issues.push({
                path: ["deployments", name, "autoscale"],
                input: "autoscale",
                message:
                    "with rollout.afterSuccess.previous scaleDown the traffic owner sets this deployment's instance count, and Azure Monitor autoscale would put it back on its next run; remove autoscale, or keep the deployment after a rollout (previous: keep) and let autoscale's minInstances bound its idle size",
            });
        }
        const scaleType = d.scaleSettings?.type ?? (kind === "kubernetes" ? "targetUtilization" : "default");
        if (kind === "kubernetes" && scaleType === "targetUtilization") {
            issues.push({
                path: ["deployments", name, "scaleSettings"],
                input: d.scaleSettings?.type ?? "targetUtilization (the Kubernetes default)",
                message:
                    "with rollout.afterSuccess.previous scaleDown the traffic owner sets this deployment's instance count, but target-utilisation scaling lets the cluster size it between minInstances and maxInstances; set scaleSettings.type 'default' so instanceCount applies, or keep the deployment after a rollout (previous: keep)",
            });
        }
        if (settings.scaledDownInstances > d.instanceCount) {
            issues.push({
                path: ["rollout", "afterSuccess", "scaledDownInstances"],
                input: settings.scaledDownInstances,
                message: `deployment '${name}' runs ${d.instanceCount} ${d.instanceCount === 1 ? "instance" : "instances"} (instanceCount), so scaling it down to ${settings.scaledDownInstances} would add instances; lower scaledDownInstances to ${d.instanceCount} or less`,
            });
        }
    }
    return issues;
}
