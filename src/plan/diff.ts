import type { Finding } from "../policy/guardrail";
import { shareOf } from "../rollout";
import { AssetRef, deploymentsOf } from "./assets";
import { compareText } from "./canonicalJson";
import { AssetKind, PlanDocument, PlanResource } from "./document";
import { PropertyChange, propertyChanges, topLevelKey, underPath } from "./propertyDiff";
import { Risk, assessRisks } from "./risks";
import { TrafficMove, trafficMove } from "./rollouts";

export const DIFF_FORMAT = "azureml-pulumi-diff/1";

/**
 * Inputs of azure-native resources that cannot change in place: the parts of the Azure resource id (names, resource
 * group, scope) and the region. A change of one replaces the resource (delete and create).
 */
export const IMMUTABLE_INPUTS: readonly string[] = [
    "location",
    "resourceGroupName",
    "workspaceName",
    "endpointName",
    "deploymentName",
    "computeName",
    "name",
    "version",
    "vaultName",
    "accountName",
    "registryName",
    "resourceName",
    "roleAssignmentName",
    "roleDefinitionId",
    "principalId",
    "scope",
    "resourceUri",
    "autoscaleSettingName",
];

export type ResourceChangeKind = "add" | "remove" | "update" | "replace";

/** One resource that the head plan adds, removes, updates or replaces. */
export interface ResourceChange {
    readonly kind: ResourceChangeKind;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** Input changes of an update or replace (ignored ones included, marked). */
    readonly properties: readonly PropertyChange[];
    /** What forces the replacement: property paths, with why. */
    readonly replaceReasons?: readonly string[];
    /** A replace deletes the old resource before it creates the new one. */
    readonly deleteBeforeReplace?: boolean;
    /** A delete leaves the Azure resource in place (retainOnDelete). */
    readonly retainOnDelete?: boolean;
}

/** A deployment that runs a changed asset version, with its share of live traffic in the head. */
export interface VersionReach {
    readonly kind: "online" | "batch";
    readonly endpoint: string;
    readonly deployment: string;
    /** Live traffic share in the head (online deployments). */
    readonly traffic?: number;
    /** The deployment is new in the head. */
    readonly added?: true;
}

/** An asset whose version changes, and the deployments that go from the old version to the new one. */
export interface VersionChange {
    readonly kind: AssetKind;
    readonly name: string;
    /** The version deployments ran in the base (absent: a new asset, or deployments new in the head). */
    readonly before?: string;
    /** The version in the head (absent: no deployment runs it any more). */
    readonly after?: string;
    readonly deployments: readonly VersionReach[];
}

/** What a reviewer needs on one screen: the resource changes, traffic moves, version changes and risks. */
export interface PlanDiff {
    readonly format: typeof DIFF_FORMAT;
    readonly base: { readonly project: string; readonly stack: string; readonly production: boolean };
    readonly head: { readonly project: string; readonly stack: string; readonly production: boolean };
    readonly summary: {
        readonly add: number;
        readonly remove: number;
        readonly update: number;
        readonly replace: number;
        readonly unchanged: number;
        readonly risky: number;
    };
    /** Sorted: replaces, removes, adds, updates; each by URN. */
    readonly resources: readonly ResourceChange[];
    readonly traffic: readonly TrafficMove[];
    readonly versions: readonly VersionChange[];
    readonly risks: readonly Risk[];
    /** Guardrail findings: new in the head, gone since the base, and present in both. */
    readonly findings: {
        readonly added: readonly Finding[];
        readonly resolved: readonly Finding[];
        readonly unchanged: readonly Finding[];
    };
}

function changeOf(base: PlanResource, head: PlanResource): ResourceChange | undefined {
    const ignore = [...(base.options.ignoreChanges ?? []), ...(head.options.ignoreChanges ?? [])];
    const replaceOn = [...(base.options.replaceOnChanges ?? []), ...(head.options.replaceOnChanges ?? [])];
    const azureNative = head.type.startsWith("azure-native:");
    const reasons: string[] = [];
    const properties = propertyChanges(base.inputs, head.inputs).map((change): PropertyChange => {
        if (ignore.some((path) => underPath(change.path, path))) {
            return { ...change, ignored: true };
        }
        const replaceBy = replaceOn.find((path) => underPath(change.path, path));
        const immutable = azureNative && head.custom && IMMUTABLE_INPUTS.includes(topLevelKey(change.path));
        if (replaceBy !== undefined) {
            reasons.push(`${change.path} (replaceOnChanges)`);
        } else if (immutable) {
            reasons.push(`${change.path} (cannot change in place)`);
        }
        return replaceBy !== undefined || immutable ? { ...change, replaces: true } : change;
    });
    // As the engine sees it: only inputs make an update (new dependencies or options alone do not).
    if (properties.length === 0) {
        return undefined;
    }
    const common = { urn: head.urn, type: head.type, name: head.name, custom: head.custom, properties };
    return reasons.length > 0
        ? {
              ...common,
              kind: "replace",
              replaceReasons: reasons,
              deleteBeforeReplace: head.options.deleteBeforeReplace === true,
              retainOnDelete: head.options.retainOnDelete === true,
          }
        : { ...common, kind: "update" };
}

const KIND_ORDER: Record<ResourceChangeKind, number> = { replace: 0, remove: 1, add: 2, update: 3 };

function resourceChanges(base: PlanDocument, head: PlanDocument): ResourceChange[] {
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    const after = new Map(head.resources.map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];
    for (const r of head.resources) {
        const old = before.get(r.urn);
        if (old === undefined) {
            changes.push({ kind: "add", urn: r.urn, type: r.type, name: r.name, custom: r.custom, properties: [] });
        } else {
            const change = changeOf(old, r);
            if (change !== undefined) {
                changes.push(change);
            }
        }
    }
    for (const r of base.resources) {
        if (!after.has(r.urn)) {
            changes.push({
                kind: "remove",
                urn: r.urn,
                type: r.type,
                name: r.name,
                custom: r.custom,
                properties: [],
                retainOnDelete: r.options.retainOnDelete === true,
            });
        }
    }
    return changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.urn, b.urn));
}

function trafficMoves(base: PlanDocument, head: PlanDocument): TrafficMove[] {
    const owners = [...new Set([...base.rollouts, ...head.rollouts].map((r) => r.owner))];
    return owners
        .map((owner) =>
            trafficMove(
                base.rollouts.find((r) => r.owner === owner),
                head.rollouts.find((r) => r.owner === owner),
            ),
        )
        .filter((move): move is TrafficMove => move !== undefined)
        .sort((a, b) => compareText(a.endpoint, b.endpoint) || compareText(a.owner, b.owner));
}

/**
 * Asset versions that change for the deployments running them: for each deployment of the head, each asset it
 * names at another version than in the base (or that it names and did not, being new), grouped by asset and
 * versions. Live traffic shares come from the head's declared traffic.
 */
function versionChanges(base: PlanDocument, head: PlanDocument): VersionChange[] {
    const before = deploymentsOf(base.resources);
    const after = deploymentsOf(head.resources);
    const groups = new Map<string, { change: Omit<VersionChange, "deployments">; reach: VersionReach[] }>();
    const add = (
        kind: AssetKind,
        name: string,
        from: string | undefined,
        to: string | undefined,
        reach: VersionReach,
    ) => {
        const key = JSON.stringify([kind, name, from ?? "", to ?? ""]);
        const group = groups.get(key) ?? {
            change: {
                kind,
                name,
                ...(from !== undefined ? { before: from } : {}),
                ...(to !== undefined ? { after: to } : {}),
            },
            reach: [],
        };
        group.reach.push(reach);
        groups.set(key, group);
    };
    const shareIn = (endpoint: string, deployment: string) => {
        const rollout = head.rollouts.find((r) => r.endpoint.toLowerCase() === endpoint.toLowerCase());
        return rollout === undefined ? undefined : shareOf(rollout.traffic, deployment);
    };
    const refKey = (r: AssetRef) => `${r.kind}/${r.name}`;
    /** Versions of each asset the base's deployments of an endpoint run: what a new deployment there replaces. */
    const endpointVersions = (endpoint: string, ref: AssetRef) =>
        [
            ...new Set(
                [...before.values()]
                    .filter((d) => d.endpoint.toLowerCase() === endpoint.toLowerCase())
                    .flatMap((d) => d.refs.filter((r) => refKey(r) === refKey(ref)).map((r) => r.version)),
            ),
        ].sort(compareText);
    for (const [key, deployment] of after) {
        const old = before.get(key);
        if (old === undefined) {
            // A new deployment: what it runs goes live on its endpoint unless a deployment there runs it already.
            for (const ref of deployment.refs) {
                const running = endpointVersions(deployment.endpoint, ref);
                if (!running.includes(ref.version)) {
                    add(ref.kind, ref.name, running.length > 0 ? running.join(", ") : undefined, ref.version, {
                        kind: deployment.kind,
                        endpoint: deployment.endpoint,
                        deployment: deployment.deployment,
                        ...(deployment.kind === "online"
                            ? { traffic: shareIn(deployment.endpoint, deployment.deployment) ?? 0 }
                            : {}),
                        added: true,
                    });
                }
            }
            continue;
        }
        const oldRefs = new Map(old.refs.map((r) => [refKey(r), r]));
        const traffic = deployment.kind === "online" ? shareIn(deployment.endpoint, deployment.deployment) : undefined;
        const reach: VersionReach = {
            kind: deployment.kind,
            endpoint: deployment.endpoint,
            deployment: deployment.deployment,
            ...(traffic !== undefined ? { traffic } : {}),
        };
        for (const ref of deployment.refs) {
            const was = oldRefs.get(refKey(ref));
            if (was?.version !== ref.version) {
                add(ref.kind, ref.name, was?.version, ref.version, reach);
            }
        }
        // An asset the deployment ran in the base and no longer names at all (it moved to another asset).
        for (const was of oldRefs.values()) {
            if (!deployment.refs.some((r) => refKey(r) === refKey(was))) {
                add(was.kind, was.name, was.version, undefined, reach);
            }
        }
    }
    // Versions registered in the head that no deployment's change above covers: registered, not (yet) deployed.
    const baseVersions = new Set(base.assets.map((a) => `${a.kind}/${a.name}/${a.version}`));
    for (const asset of head.assets) {
        const covered = [...groups.values()].some(
            (g) => g.change.kind === asset.kind && g.change.name === asset.name && g.change.after === asset.version,
        );
        if (!covered && !baseVersions.has(`${asset.kind}/${asset.name}/${asset.version}`)) {
            const previous = base.assets.filter((a) => a.kind === asset.kind && a.name === asset.name).at(-1);
            const key = JSON.stringify([asset.kind, asset.name, previous?.version ?? "", asset.version]);
            groups.set(key, {
                change: {
                    kind: asset.kind,
                    name: asset.name,
                    ...(previous !== undefined ? { before: previous.version } : {}),
                    after: asset.version,
                },
                reach: [],
            });
        }
    }
    return [...groups.values()]
        .map(({ change, reach }) => ({
            ...change,
            deployments: reach.sort(
                (a, b) => compareText(a.endpoint, b.endpoint) || compareText(a.deployment, b.deployment),
            ),
        }))
        .sort(
            (a, b) =>
                compareText(a.kind, b.kind) ||
                compareText(a.name, b.name) ||
                compareText(a.before ?? "", b.before ?? "") ||
                compareText(a.after ?? "", b.after ?? ""),
        );
}

const findingKey = (f: Finding) => JSON.stringify([f.policy, f.urn, f.message]);

/** Compares a base plan with a head plan: what the head changes, where traffic moves, what goes live, what is risky. */
export function diffPlans(base: PlanDocument, head: PlanDocument): PlanDiff {
    const resources = resourceChanges(base, head);
    const traffic = trafficMoves(base, head);
    const risks = assessRisks({ base, head, resources, traffic });
    const baseFindings = new Set(base.findings.map(findingKey));
    const headFindings = new Set(head.findings.map(findingKey));
    const count = (kind: ResourceChangeKind) => resources.filter((r) => r.kind === kind).length;
    const changedUrns = new Set(resources.map((r) => r.urn));
    return {
        format: DIFF_FORMAT,
        base: { project: base.project, stack: base.stack, production: base.production },
        head: { project: head.project, stack: head.stack, production: head.production },
        summary: {
            add: count("add"),
            remove: count("remove"),
            update: count("update"),
            replace: count("replace"),
            unchanged: head.resources.filter((r) => !changedUrns.has(r.urn)).length,
            risky: risks.length,
        },
        resources,
        traffic,
        versions: versionChanges(base, head),
        risks,
        findings: {
            added: head.findings.filter((f) => !baseFindings.has(findingKey(f))),
            resolved: base.findings.filter((f) => !headFindings.has(findingKey(f))),
            unchanged: head.findings.filter((f) => baseFindings.has(findingKey(f))),
        },
    };
}
