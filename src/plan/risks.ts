import { subjectOf } from "../policy/resources";
import { shareOf } from "../rollout";
import { unversionedType } from "./assets";
import { compareText } from "./canonicalJson";
import type { ResourceChange } from "./diff";
import { PlanDocument, PlanResource } from "./document";
import { PropertyChange } from "./propertyDiff";
import { TrafficMove } from "./rollouts";

/**
 * The risk rules of a plan diff, each in one place: which changes a reviewer must look at twice, and why. Every
 * rule reads the two plans and the changes between them; none reads Azure.
 */
export const RISK_KINDS = [
    "endpoint-replaced",
    "endpoint-deleted",
    "workspace-replaced",
    "workspace-deleted",
    "deployment-deleted-with-traffic",
    "auth-weakened",
    "public-network-opened",
    "traffic-without-rollout",
    "purge-on-destroy-in-production",
] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** A risky change: what it is, on which resource, and why it is risky. */
export interface Risk {
    readonly kind: RiskKind;
    readonly urn: string;
    /** What a reviewer knows the resource as: `credit-prod`, `credit-prod/blue`, the workspace's name. */
    readonly subject: string;
    /** What changes. */
    readonly message: string;
    /** Why that is risky. */
    readonly why: string;
}

export interface RiskInput {
    readonly base: PlanDocument;
    readonly head: PlanDocument;
    readonly resources: readonly ResourceChange[];
    readonly traffic: readonly TrafficMove[];
}

const ML = "azure-native:machinelearningservices:";
const isType = (type: string, ...names: string[]) => names.some((n) => unversionedType(type) === n);
const ENDPOINT_TYPES = [`${ML}OnlineEndpoint`, `${ML}BatchEndpoint`];
const WORKSPACE_TYPE = `${ML}Workspace`;
const ONLINE_DEPLOYMENT_TYPE = `${ML}OnlineDeployment`;
export const WORKSPACE_PURGE_TYPE = "pulumi-nodejs:dynamic/azureml:WorkspacePurge";

const show = (value: unknown) => (value === undefined ? "(not set)" : JSON.stringify(value));
const arrow = (c: PropertyChange) => `${c.path} ${show(c.before)} → ${show(c.after)}`;

/** The last key of a property path: `isolationMode` of `managedNetwork.isolationMode`. */
function lastKey(path: string): string {
    const match = /(?:^|\.)([^.[\]]+)$|\["((?:[^"\\]|\\.)*)"\]$/.exec(path);
    return match === null ? path : (match[1] ?? match[2]);
}

function resourceIn(plan: PlanDocument, urn: string): PlanResource | undefined {
    return plan.resources.find((r) => r.urn === urn);
}

function subject(input: RiskInput, change: ResourceChange): string {
    const resource = resourceIn(input.head, change.urn) ?? resourceIn(input.base, change.urn);
    return resource === undefined ? change.name : subjectOf(resource);
}

/** The properties an update or replace changes for real (not those the engine ignores). */
const applied = (change: ResourceChange) => change.properties.filter((p) => p.ignored !== true);

/** Endpoints and workspaces that are replaced or deleted. */
function replacedOrDeleted(input: RiskInput): Risk[] {
    const risks: Risk[] = [];
    for (const change of input.resources) {
        const endpoint = isType(change.type, ...ENDPOINT_TYPES);
        const workspace = isType(change.type, WORKSPACE_TYPE);
        if (!(endpoint || workspace) || (change.kind !== "replace" && change.kind !== "remove")) {
            continue;
        }
        if (change.kind === "remove" && change.retainOnDelete === true) {
            continue;
        }
        const what = endpoint ? "endpoint" : "workspace";
        const name = subject(input, change);
        if (change.kind === "replace") {
            const order = change.deleteBeforeReplace
                ? "deleted first and then created again"
                : "created again and the old one deleted";
            risks.push({
                kind: endpoint ? "endpoint-replaced" : "workspace-replaced",
                urn: change.urn,
                subject: name,
                message: `the ${what} ${name} is replaced: ${change.replaceReasons!.join(", ")}`,
                why: endpoint
                    ? `Azure cannot change this in place, so the endpoint is ${order}: its scoring URI answers nothing until it and its deployments exist again (downtime), its keys are new (callers with the old keys fail) and its traffic starts from nothing`
                    : `Azure cannot change this in place, so the workspace is ${order}, and everything in it goes: endpoints and their deployments (downtime, lost keys), registered models, code and environments, job history, datastores and connections`,
            });
        } else {
            risks.push({
                kind: endpoint ? "endpoint-deleted" : "workspace-deleted",
                urn: change.urn,
                subject: name,
                message: `the ${what} ${name} is deleted`,
                why: endpoint
                    ? "its scoring URI stops answering for every caller and its keys are gone; nothing in the head serves its traffic"
                    : "everything in the workspace goes: endpoints and deployments, registered models and environments, job history, datastores and connections",
            });
        }
    }
    return risks;
}

/** Online deployments deleted (or replaced) while the base sends them live or mirrored traffic. */
function deploymentsDeletedWithTraffic(input: RiskInput): Risk[] {
    const goneEndpoints = new Set(
        input.resources
            .filter((c) => isType(c.type, ...ENDPOINT_TYPES) && (c.kind === "remove" || c.kind === "replace"))
            .map((c) => String((resourceIn(input.base, c.urn)?.inputs.endpointName ?? c.name) as string).toLowerCase()),
    );
    const risks: Risk[] = [];
    for (const change of input.resources) {
        if (!isType(change.type, ONLINE_DEPLOYMENT_TYPE) || (change.kind !== "remove" && change.kind !== "replace")) {
            continue;
        }
        const before = resourceIn(input.base, change.urn)!;
        const endpoint = String(before.inputs.endpointName ?? "");
        const deployment = String(before.inputs.deploymentName ?? "");
        if (goneEndpoints.has(endpoint.toLowerCase())) {
            continue; // the endpoint's own risk says it
        }
        const rollout = input.base.rollouts.find((r) => r.endpoint.toLowerCase() === endpoint.toLowerCase());
        const live = rollout === undefined ? 0 : shareOf(rollout.traffic, deployment);
        const mirror = rollout === undefined ? 0 : shareOf(rollout.mirrorTraffic, deployment);
        if (live === 0 && mirror === 0) {
            continue;
        }
        const serves = [
            ...(live > 0 ? [`${live}% of ${endpoint}'s live traffic`] : []),
            ...(mirror > 0 ? [`${mirror}% mirrored`] : []),
        ].join(" and ");
        risks.push({
            kind: "deployment-deleted-with-traffic",
            urn: change.urn,
            subject: `${endpoint}/${deployment}`,
            message: `${endpoint}/${deployment} serves ${serves} in the base and is ${change.kind === "remove" ? "deleted" : `replaced (${change.replaceReasons!.join(", ")})`}`,
            why:
                change.kind === "remove"
                    ? "its share moves to the other deployments in the same update, at once and untested, and nothing is left to roll back to; move its traffic off with a rollout first and delete it in a later change"
                    : "a replaced deployment is deleted and created again: its share has nowhere to go while it is rebuilt, and the new one takes traffic untested",
        });
    }
    return risks;
}

/** How strong each endpoint auth mode is: Entra tokens over expiring AML tokens over keys that never expire. */
const AUTH_RANK: Readonly<Record<string, number>> = { AADToken: 3, AMLToken: 2, Key: 1 };

interface AuthRule {
    readonly types: readonly string[];
    readonly path: string;
    readonly weaker: (before: unknown, after: unknown) => boolean;
    readonly why: string;
}

const AUTH_RULES: readonly AuthRule[] = [
    {
        types: ENDPOINT_TYPES,
        path: "properties.authMode",
        weaker: (b, a) => (AUTH_RANK[String(a)] ?? 1) < (AUTH_RANK[String(b)] ?? 1),
        why: "callers move from Entra ID tokens (granted by role, short-lived) towards keys or AML tokens that anyone holding them can use; keys never expire",
    },
    {
        types: [`${ML}Compute`],
        path: "properties.disableLocalAuth",
        weaker: (b, a) => b === true && a !== true,
        why: "local (key) authentication on the compute comes back: whoever holds its keys can reach it without Entra ID",
    },
    {
        types: ["azure-native:storage:StorageAccount"],
        path: "allowSharedKeyAccess",
        weaker: (b, a) => b === false && a !== false,
        why: "shared keys and SAS tokens signed with them work again on the workspace's storage, besides Entra ID",
    },
    {
        types: ["azure-native:containerregistry:Registry"],
        path: "adminUserEnabled",
        weaker: (b, a) => b !== true && a === true,
        why: "the registry's admin user (a shared username and password with push rights) is turned on",
    },
    {
        types: ["azure-native:keyvault:Vault"],
        path: "properties.enableRbacAuthorization",
        weaker: (b, a) => b === true && a !== true,
        why: "the vault goes back to access policies: Azure RBAC no longer governs who reads its secrets",
    },
    {
        types: [WORKSPACE_TYPE],
        path: "systemDatastoresAuthMode",
        weaker: (b, a) => b === "identity" && a !== "identity",
        why: "the workspace's datastores go back to storage account keys instead of the caller's identity",
    },
];

function authWeakened(input: RiskInput): Risk[] {
    const risks: Risk[] = [];
    for (const change of input.resources) {
        for (const rule of AUTH_RULES) {
            if (!isType(change.type, ...rule.types)) {
                continue;
            }
            for (const property of applied(change).filter((p) => p.path === rule.path)) {
                if (rule.weaker(property.before, property.after)) {
                    const name = subject(input, change);
                    risks.push({
                        kind: "auth-weakened",
                        urn: change.urn,
                        subject: name,
                        message: `${name}: ${arrow(property)}`,
                        why: rule.why,
                    });
                }
            }
        }
    }
    return risks;
}

/** Settings that close a resource to the internet, keyed by their last path key: what closed reads, and why opening hurts. */
const NETWORK_SETTINGS: Readonly<Record<string, { closed: (v: unknown) => boolean; why: string }>> = {
    publicNetworkAccess: {
        closed: (v) => v === "Disabled",
        why: "it becomes reachable from the public internet instead of only through private endpoints",
    },
    publicNetworkAccessForIngestion: {
        closed: (v) => v === "Disabled",
        why: "telemetry can be sent to it from the public internet",
    },
    publicNetworkAccessForQuery: {
        closed: (v) => v === "Disabled",
        why: "its logs can be queried from the public internet",
    },
    egressPublicNetworkAccess: {
        closed: (v) => v === "Disabled",
        why: "the deployment's container can reach the public internet (data can leave)",
    },
    isolationMode: {
        closed: (v) => v === "AllowOnlyApprovedOutbound",
        why: "the managed network no longer limits outbound traffic to approved destinations",
    },
    allowBlobPublicAccess: {
        closed: (v) => v === false,
        why: "blob containers can be made readable anonymously",
    },
    enableNodePublicIp: {
        closed: (v) => v === false,
        why: "the cluster's nodes get public IP addresses",
    },
    remoteLoginPortPublicAccess: {
        closed: (v) => v === "Disabled",
        why: "the nodes' SSH port opens to the internet",
    },
    defaultAction: {
        closed: (v) => v === "Deny",
        why: "the network rules let any address in unless it is denied",
    },
};

function publicNetworkOpened(input: RiskInput): Risk[] {
    const risks: Risk[] = [];
    for (const change of input.resources) {
        if (change.kind !== "update" && change.kind !== "replace") {
            continue;
        }
        for (const property of applied(change)) {
            const setting = NETWORK_SETTINGS[lastKey(property.path)];
            if (setting !== undefined && setting.closed(property.before) && !setting.closed(property.after)) {
                const name = subject(input, change);
                const owner =
                    change.type === "pulumi-nodejs:dynamic/azureml:EndpointTraffic"
                        ? " (its traffic owner writes it)"
                        : "";
                risks.push({
                    kind: "public-network-opened",
                    urn: change.urn,
                    subject: name,
                    message: `${name}${owner}: ${arrow(property)}`,
                    why: setting.why,
                });
            }
        }
    }
    return risks;
}

function trafficWithoutRollout(input: RiskInput): Risk[] {
    return input.traffic
        .filter((move) => move.mode === "direct" && !move.headPolicy && move.baseLiveTotal > 0)
        .map((move) => ({
            kind: "traffic-without-rollout" as const,
            urn: move.owner,
            subject: move.endpoint,
            message: `${move.endpoint}: ${move.line}`,
            why: "the endpoint serves traffic and has no rollout policy, so the new split is written in one step: no bake, no gate watches the deployment gaining traffic and nothing rolls it back; set rollout with steps and gates",
        }));
}

function purgeInProduction(input: RiskInput): Risk[] {
    if (!input.head.production) {
        return [];
    }
    return input.head.resources
        .filter((r) => r.type === WORKSPACE_PURGE_TYPE)
        .filter((r) => !(input.base.production && resourceIn(input.base, r.urn) !== undefined))
        .map((r) => {
            const workspace = String(r.inputs.workspaceName ?? r.name);
            return {
                kind: "purge-on-destroy-in-production" as const,
                urn: r.urn,
                subject: workspace,
                message: `purgeOnDestroy is turned on for the workspace ${workspace} in ${input.head.project}/${input.head.stack}, a stack that holds production`,
                why: "a `pulumi destroy` (or a replace of the workspace) then deletes it for good instead of soft-deleting it: no recovery of its models, environments and job history during the retention period",
            };
        });
}

const RULES: readonly ((input: RiskInput) => Risk[])[] = [
    replacedOrDeleted,
    deploymentsDeletedWithTraffic,
    authWeakened,
    publicNetworkOpened,
    trafficWithoutRollout,
    purgeInProduction,
];

/** Every risky change between two plans, in the order of RISK_KINDS, then by URN and message. */
export function assessRisks(input: RiskInput): Risk[] {
    const order = (kind: RiskKind) => RISK_KINDS.indexOf(kind);
    return RULES.flatMap((rule) => rule(input)).sort(
        (a, b) => order(a.kind) - order(b.kind) || compareText(a.urn, b.urn) || compareText(a.message, b.message),
    );
}
