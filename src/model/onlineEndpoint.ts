import { z } from "zod";
import { deploymentName, identity, principalId, publicNetworkAccess, tags } from "./common";
import { deploymentKindIssues, withKindDefaults } from "./deploymentKind";
import { isKeyVaultReference, onlineDeploymentSpec } from "./onlineDeployment";
import { rolloutPolicySpec } from "./rolloutPolicy";
import { scaleDownIssues, scaleDownSettings } from "./capacityOwnership";
import { MAX_DEPLOYMENTS_PER_ENDPOINT, duplicateNames, trafficIssues } from "../rules";
import { mirrorTrafficMap, trafficMap } from "./traffic";
import { issueReporter } from "./problems";
import { endpointCallers } from "./endpointCaller";

export const ONLINE_AUTH_MODES = ["key", "aml_token", "aad_token"] as const;

/** An online endpoint with its deployments and the traffic split between them. */
export const onlineEndpointSpec = z
    .strictObject({
        /** "managed" runs on Azure ML's infrastructure; "kubernetes" on an attached cluster. @default "managed" */
        kind: z.enum(["managed", "kubernetes"]).default("managed"),
        /** For kubernetes endpoints: the key of a kubernetes compute. */
        compute: z.string().min(1).optional(),
        /**
         * How clients authenticate to score: `key` (endpoint keys), `aml_token` (Azure ML tokens) or `aad_token`
         * (Microsoft Entra tokens, managed endpoints only). Only the token modes let `callers` control who may score.
         * @default "aad_token" on managed endpoints, "key" on kubernetes endpoints (which do not take aad_token)
         */
        authMode: z.enum(ONLINE_AUTH_MODES).optional(),
        /** The managed identity deployments pull images and read models with. @default { type: "SystemAssigned" } */
        identity: identity.default({ type: "SystemAssigned", userAssignedIdentityIds: [] }),
        /** Principal id of the user-assigned identity, to grant it AcrPull, Storage Blob Data Reader (and Key Vault Secrets User with keyVaultAccess). Required with a user-assigned identity unless grantIdentityRoles is false. */
        userAssignedIdentityPrincipalId: principalId.optional(),
        /** Create the role assignments a user-assigned identity needs. @default true */
        grantIdentityRoles: z.boolean().default(true),
        /** Let deployments read Key Vault secrets (Key Vault Secrets User on the workspace's vault). @default false */
        keyVaultAccess: z.boolean().default(false),
        /** Send console, traffic and event logs and all metrics to the workspace's Log Analytics (managed endpoints). @default true */
        diagnostics: z.boolean().default(true),
        /** Whether the scoring URI is reachable from public networks. @default the workspace's publicNetworkAccess */
        publicNetworkAccess: publicNetworkAccess.optional(),
        /** Shown in the studio (at most 1024 characters). @default none */
        description: z.string().max(1024).optional(),
        tags: tags.optional(),
        /** Deployments by name. @default {} */
        deployments: z.record(deploymentName, onlineDeploymentSpec).default({}),
        /** Live traffic percentages by deployment; they add up to 100, or 0 for none. @default {} */
        traffic: trafficMap.default({}),
        /** Shadow traffic: at most 50 % copied to one deployment that has no live traffic. @default {} */
        mirrorTraffic: mirrorTrafficMap.default({}),
        /**
         * How traffic changes roll out. With `afterSuccess.previous: scaleDown` the traffic owner also owns the
         * deployments' instance counts (see rolloutPolicySpec). @default all at once
         */
        rollout: rolloutPolicySpec.optional(),
        /**
         * Principals allowed to score on the endpoint: each gets a narrow custom role (score and token actions only)
         * at the endpoint's scope. Refused with key auth, where whoever holds a key can score. @default []
         */
        callers: endpointCallers.default([]),
    })
    .superRefine((e, ctx) => {
        const add = issueReporter(ctx);
        const scaleDown = scaleDownSettings(e.rollout);
        if (scaleDown !== undefined) {
            for (const issue of scaleDownIssues(scaleDown, e.deployments, e.kind)) {
                add(issue.path, issue.input, issue.message);
            }
        }
        const names = Object.keys(e.deployments);
        for (const issue of trafficIssues(names, e.traffic, e.mirrorTraffic)) {
            add(issue.path, issue.input, issue.message);
        }
        if (names.length > MAX_DEPLOYMENTS_PER_ENDPOINT) {
            add(
                ["deployments"],
                names.length,
                `an endpoint holds at most ${MAX_DEPLOYMENTS_PER_ENDPOINT} deployments; split them across endpoints`,
            );
        }
        for (const name of duplicateNames(names)) {
            add(["deployments", name], name, "deployment names are case-insensitive and must be unique; rename one");
        }
        if (e.kind === "kubernetes") {
            if (e.compute === undefined) {
                add(
                    ["compute"],
                    undefined,
                    "kubernetes endpoints run on an attached cluster; set compute to the key of a kubernetes compute",
                );
            }
            if (Object.values(e.mirrorTraffic).some((percent) => percent > 0)) {
                add(
                    ["mirrorTraffic"],
                    e.mirrorTraffic,
                    "mirroring isn't supported for Kubernetes online endpoints; remove mirrorTraffic",
                );
            }
            if (e.authMode === "aad_token") {
                add(
                    ["authMode"],
                    e.authMode,
                    "aad_token works only on managed online endpoints and batch endpoints; use 'key' or 'aml_token'",
                );
            }
        } else if (e.compute !== undefined) {
            add(
                ["compute"],
                e.compute,
                "managed endpoints run on Azure ML's infrastructure and take no compute; remove compute or set kind 'kubernetes'",
            );
        }
        const authMode = e.authMode ?? (e.kind === "kubernetes" ? "key" : "aad_token");
        if (e.callers.length > 0 && authMode === "key") {
            add(
                ["callers"],
                e.callers.map((c) => c.principalId),
                `the endpoint uses key auth${e.authMode === undefined ? " (the default on kubernetes endpoints)" : ""}: a key lets whoever holds it score, and Azure RBAC is not checked, so a grant would control nothing; set authMode 'aad_token'${e.kind === "kubernetes" ? " (managed endpoints only)" : ""} or 'aml_token', or remove callers`,
            );
        }
        if (
            e.identity.type === "UserAssigned" &&
            e.grantIdentityRoles &&
            e.userAssignedIdentityPrincipalId === undefined
        ) {
            add(
                ["userAssignedIdentityPrincipalId"],
                undefined,
                "a user-assigned endpoint identity needs AcrPull and Storage Blob Data Reader; give its principal id, or set grantIdentityRoles false if they are granted elsewhere",
            );
        }
        if (e.identity.type === "None") {
            add(
                ["identity", "type"],
                e.identity.type,
                "an online endpoint needs an identity to pull images and read models; use 'SystemAssigned' or 'UserAssigned'",
            );
        }
        if (e.identity.type === "SystemAssigned,UserAssigned") {
            add(
                ["identity", "type"],
                e.identity.type,
                "an endpoint takes either a system-assigned or a user-assigned identity, not both",
            );
        }
        for (const [name, d] of Object.entries(e.deployments)) {
            const at = (...rest: (string | number)[]) => ["deployments", name, ...rest];
            for (const [variable, value] of Object.entries(d.environmentVariables)) {
                if (isKeyVaultReference(value) && !e.keyVaultAccess) {
                    add(
                        at("environmentVariables", variable),
                        value,
                        "a Key Vault reference needs the endpoint's identity to read secrets; set keyVaultAccess: true",
                    );
                }
            }
            for (const issue of deploymentKindIssues(d, e.kind)) {
                add(at(...issue.path), issue.input, issue.message);
            }
        }
    })
    .transform((e) => ({
        ...e,
        authMode: e.authMode ?? (e.kind === "kubernetes" ? "key" : "aad_token"),
        deployments: Object.fromEntries(
            Object.entries(e.deployments).map(([name, d]) => [name, withKindDefaults(d, e.kind)]),
        ),
    }));

export type OnlineEndpointSpec = z.output<typeof onlineEndpointSpec>;
export type OnlineAuthMode = (typeof ONLINE_AUTH_MODES)[number];
