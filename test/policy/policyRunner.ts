import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { GuardrailResource } from "../../src/policy";

/** What the policy analyzer would report for one resource: violations, or why the policy does not apply. */
export type PolicyOutcome = { violations: string[] } | { notApplicable: string };

class NotApplicable extends Error {}

/**
 * Runs a resource policy's `validateResource` on one resource the way pulumi-policy's own unit tests do
 * (sdk/nodejs/policy/tests/util.ts, runResourcePolicy): with a constructed ResourceValidationArgs and a
 * reportViolation that collects messages, no Pulumi CLI and no gRPC server. `notApplicable` throws, as the SDK's does.
 */
export async function runPolicy(
    policy: ResourceValidationPolicy,
    resource: GuardrailResource,
    config: Record<string, unknown> = {},
    stackTags: ReadonlyMap<string, string> = new Map(),
): Promise<PolicyOutcome> {
    const violations: string[] = [];
    const args: ResourceValidationArgs = {
        type: resource.type,
        props: resource.inputs as Record<string, unknown>,
        urn: resource.urn,
        name: resource.name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags,
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason ?? "");
        },
    };
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    try {
        for (const validation of validations) {
            await Promise.resolve(validation?.(args, (message) => violations.push(message)));
        }
    } catch (error) {
        if (error instanceof NotApplicable) {
            return { notApplicable: error.message };
        }
        throw error;
    }
    return { violations };
}
