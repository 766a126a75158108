import { z } from "zod";
import { principalId } from "./common";

/**
 * The principal types Azure role assignments take for the callers of an endpoint. A managed identity (system- or
 * user-assigned) is a service principal in Microsoft Entra ID, so it is granted as `ServicePrincipal`.
 */
export const CALLER_PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal"] as const;

/** One principal allowed to invoke an endpoint: a user, a group, a service principal or a managed identity. */
export const endpointCallerSpec = z.strictObject({
    /** Object (principal) id of the user, group, service principal or managed identity. */
    principalId,
    /**
     * What the principal is. A managed identity is a `ServicePrincipal`. Giving it lets Azure create the assignment
     * before a newly created principal has replicated.
     */
    principalType: z.enum(CALLER_PRINCIPAL_TYPES, {
        error: "principalType is 'User', 'Group' or 'ServicePrincipal' (managed identities are 'ServicePrincipal')",
    }),
});

/** The principals allowed to invoke one endpoint; each at most once. */
export const endpointCallers = z.array(endpointCallerSpec).superRefine((callers, ctx) => {
    const seen = new Set<string>();
    callers.forEach((caller, index) => {
        const key = caller.principalId.toLowerCase();
        if (seen.has(key)) {
            ctx.addIssue({
                code: "custom",
                path: [index, "principalId"],
                input: caller.principalId,
                message: "this principal is already a caller of the endpoint; list each principal once",
            });
        }
        seen.add(key);
    });
});

export type EndpointCallerSpec = z.output<typeof endpointCallerSpec>;
export type CallerPrincipalType = (typeof CALLER_PRINCIPAL_TYPES)[number];
