import * as pulumi from "@pulumi/pulumi";
import {
    ConfigProblem,
    OnlineDeploymentSpec,
    OnlineEndpointSpec,
    OnlineEndpointSpecInput,
    SpecValidationError,
    describeValue,
    endpointName as endpointNameSchema,
    formatPath,
    kubernetesNameIssues,
    onlineEndpointSpec,
    parseOrThrow,
    tags as tagsSchema,
    validate,
} from "../model";
import { mergeTags } from "./arm";
import type { InlineDeploymentArgs } from "./deploymentChain";
import { identityScopeIssues } from "./endpointIdentity";
import type { WorkspaceRef } from "./workspaceRef";
import { assetForValidation, callersForValidation, principalForValidation } from "./placeholders";
import type { EndpointCallerInput } from "./endpointCallers";
import type { EndpointCallerRoleIds } from "./endpointCallerRoles";

/**
 * Arguments of an {@link OnlineEndpoint}: the settings of `onlineEndpointSpec` (each documented there with its
 * default), with deployments and the workspace.
 */
export type OnlineEndpointArgs = Omit<
    OnlineEndpointSpecInput,
    "deployments" | "userAssignedIdentityPrincipalId" | "callers"
> & {
    /** The workspace the endpoint belongs to; a {@link Workspace} component is one. */
    readonly workspace: WorkspaceRef;
    /** Endpoint name in Azure (3–32 characters, unique per region). @default the component name */
    readonly endpointName?: string;
    /** Deployments by name, created one after another. @default {} */
    readonly deployments?: Record<string, InlineDeploymentArgs>;
    /**
     * Principal id of the user-assigned identity, to grant it its roles; an Output is fine. See `onlineEndpointSpec`.
     * @default none: required with a user-assigned identity unless grantIdentityRoles is false
     */
    readonly userAssignedIdentityPrincipalId?: pulumi.Input<string>;
    /** @default the azure-native provider's location */
    readonly location?: pulumi.Input<string>;
    /**
     * Leave traffic to a later `routeTraffic` call, for deployments declared as separate OnlineDeployment
     * components (which need this endpoint first). @default false
     */
    readonly deferTraffic?: boolean;
    /**
     * Principals allowed to score (see `onlineEndpointSpec`); ids may be Outputs. Refused with key auth.
     * @default []
     */
    readonly callers?: readonly EndpointCallerInput[];
    /**
     * The custom roles callers get, from an EndpointCallerRoles. @default - roles of the endpoint's own (whoever
     * runs `up` then needs Microsoft.Authorization/roleDefinitions/write)
     */
    readonly callerRoles?: EndpointCallerRoleIds;
};

/** An endpoint's validated settings and its name in Azure. */
export interface ValidatedOnlineEndpoint {
    readonly spec: OnlineEndpointSpec;
    readonly endpointName: string;
    /** The inline deployments as their components take them: `spec.deployments` with the tags each one carries. */
    readonly deployments: Readonly<Record<string, OnlineDeploymentSpec>>;
}

/**
 * Validates an online endpoint's arguments before anything exists, every problem at once under `OnlineEndpoint
 * "<name>"`. Assets given as components and a principal given as an Output validate as well-formed placeholders:
 * presence is what can be checked now. Each inline deployment's tags are checked as it will carry them: the
 * endpoint's, overridden by its own.
 */
export function validateOnlineEndpointArgs(name: string, args: OnlineEndpointArgs): ValidatedOnlineEndpoint {
    const {
        workspace,
        endpointName,
        deployments = {},
        userAssignedIdentityPrincipalId,
        location: _location,
        deferTraffic: _deferTraffic,
        callers,
        callerRoles: _callerRoles,
        ...rest
    } = args;
    const subject = `OnlineEndpoint "${name}"`;
    const deploymentSpecs = Object.fromEntries(
        Object.entries(deployments).map(([key, d]) => {
            const { model, code, environment, tags: _tags, ...settings } = d;
            return [
                key,
                {
                    ...settings,
                    model: assetForValidation(model),
                    code: assetForValidation(code),
                    environment: assetForValidation(environment),
                },
            ];
        }),
    );
    const principal = principalForValidation(userAssignedIdentityPrincipalId);
    const spec = parseOrThrow(
        onlineEndpointSpec,
        {
            ...rest,
            deployments: deploymentSpecs,
            userAssignedIdentityPrincipalId: principal,
            callers: callersForValidation(callers),
        },
        subject,
    );
    const resolvedName = parseOrThrow(endpointNameSchema, endpointName ?? name, subject, "endpointName");
    const nameIssues =
        spec.kind === "kubernetes" ? kubernetesNameIssues(resolvedName, Object.keys(spec.deployments)) : [];
    if (nameIssues.length > 0) {
        throw new SpecValidationError(
            subject,
            nameIssues.map((issue) => ({
                path: formatPath(issue.path),
                message: `${issue.message}, got ${describeValue(issue.input)}`,
            })),
        );
    }
    const scopeIssues = identityScopeIssues(spec, workspace);
    if (scopeIssues.length > 0) {
        throw new SpecValidationError(subject, scopeIssues);
    }
    // One rule for tags: a deployment carries its endpoint's tags, overridden by its own.
    const tagProblems: ConfigProblem[] = [];
    const withTags: Record<string, OnlineDeploymentSpec> = {};
    for (const [key, d] of Object.entries(spec.deployments)) {
        const merged = validate(tagsSchema, mergeTags(spec.tags, deployments[key]?.tags), `deployments.${key}.tags`);
        if (merged.ok) {
            withTags[key] = { ...d, tags: merged.value };
        } else {
            tagProblems.push(...merged.problems);
        }
    }
    if (tagProblems.length > 0) {
        throw new SpecValidationError(subject, tagProblems);
    }
    return { spec, endpointName: resolvedName, deployments: withTags };
}
