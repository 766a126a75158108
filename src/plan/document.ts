import { z } from "zod";
import type { RolloutPolicySpec } from "../model/rolloutPolicy";
import { ENFORCEMENT_LEVELS, Finding } from "../policy/guardrail";

/** Names the document's format: a diff refuses a plan of another format rather than misread it. */
export const PLAN_FORMAT = "azureml-pulumi-plan/1";

/** Resource options that differ from the engine's defaults (absent ones are the defaults). */
export interface PlanResourceOptions {
    readonly protect?: true;
    readonly ignoreChanges?: readonly string[];
    readonly replaceOnChanges?: readonly string[];
    readonly deleteBeforeReplace?: true;
    readonly retainOnDelete?: true;
    readonly additionalSecretOutputs?: readonly string[];
    readonly customTimeouts?: Readonly<{ create?: string; update?: string; delete?: string }>;
    readonly aliases?: readonly string[];
    readonly provider?: string;
}

/** One registration of the program: what `pulumi up` would be asked to create or keep. */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Custom resources are what a provider creates; components only group them. */
    readonly custom: boolean;
    readonly parent?: string;
    /** Inputs as registered, secrets shown as "[secret]". */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Paths of the inputs that are secrets (dotted). */
    readonly secretInputs: readonly string[];
    /** URNs this resource waits for, directly or through an input; sorted. */
    readonly dependencies: readonly string[];
    readonly options: PlanResourceOptions;
}

export const ASSET_KINDS = ["model", "code", "environment"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** A registered asset version; local content gets a version derived from its hash. */
export interface PlanAsset {
    readonly kind: AssetKind;
    readonly name: string;
    readonly version: string;
    readonly urn: string;
}

/**
 * What one traffic owner is asked to serve. Live traffic cannot be read offline, so the plan records the declared
 * target and the rollout policy; a diff plans the move from the base's target to the head's.
 */
export interface PlanRollout {
    /** The traffic owner's URN. */
    readonly owner: string;
    readonly endpoint: string;
    /** The endpoint's deployments in this plan, by name. */
    readonly deployments: readonly string[];
    /** Declared live traffic (normalised: lower-case names, no zero entries). */
    readonly traffic: Readonly<Record<string, number>>;
    readonly mirrorTraffic: Readonly<Record<string, number>>;
    readonly policy?: RolloutPolicySpec;
    /** The target and how a change to it rolls out, in one line. */
    readonly summary: string;
}

/** The desired state of one stack, computed offline. */
export interface PlanDocument {
    readonly format: typeof PLAN_FORMAT;
    readonly project: string;
    readonly stack: string;
    /** Whether the stack holds production (its name, or resources tagged environment: prod). */
    readonly production: boolean;
    /** Sorted by URN. */
    readonly resources: readonly PlanResource[];
    /** Sorted by kind and name. */
    readonly assets: readonly PlanAsset[];
    /** Sorted by endpoint. */
    readonly rollouts: readonly PlanRollout[];
    /** Guardrail violations, sorted by policy, URN and message. */
    readonly findings: readonly Finding[];
    /** Stack outputs, secrets shown as "[secret]". */
    readonly outputs?: Readonly<Record<string, unknown>>;
}

const percentMap = z.record(z.string(), z.number());

const planDocumentSchema = z.object({
    format: z.literal(PLAN_FORMAT, { error: `not a plan of this format (expected "${PLAN_FORMAT}")` }),
    project: z.string(),
    stack: z.string(),
    production: z.boolean(),
    resources: z.array(
        z.object({
            urn: z.string(),
            type: z.string(),
            name: z.string(),
            custom: z.boolean(),
            parent: z.string().optional(),
            inputs: z.record(z.string(), z.unknown()),
            secretInputs: z.array(z.string()),
            dependencies: z.array(z.string()),
            options: z.record(z.string(), z.unknown()),
        }),
    ),
    assets: z.array(
        z.object({
            kind: z.enum(["model", "code", "environment"]),
            name: z.string(),
            version: z.string(),
            urn: z.string(),
        }),
    ),
    rollouts: z.array(
        z.object({
            owner: z.string(),
            endpoint: z.string(),
            deployments: z.array(z.string()),
            traffic: percentMap,
            mirrorTraffic: percentMap,
            policy: z.record(z.string(), z.unknown()).optional(),
            summary: z.string(),
        }),
    ),
    findings: z.array(
        z.object({
            policy: z.string(),
            enforcementLevel: z.enum(ENFORCEMENT_LEVELS),
            urn: z.string(),
            type: z.string(),
            name: z.string(),
            message: z.string(),
        }),
    ),
    outputs: z.record(z.string(), z.unknown()).optional(),
});

/** Reads a plan document from parsed JSON; problems name the key path. */
export function parsePlanDocument(
    value: unknown,
): { ok: true; plan: PlanDocument } | { ok: false; problems: string[] } {
    const result = planDocumentSchema.safeParse(value);
    if (result.success) {
        return { ok: true, plan: result.data as unknown as PlanDocument };
    }
    return {
        ok: false,
        problems: result.error.issues.map((issue) => `${issue.path.join(".") || "(document)"}: ${issue.message}`),
    };
}
