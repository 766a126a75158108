import { createHash } from "crypto";
import { evaluateGuardrails, productionStacksOf } from "../policy/evaluate";
import { GuardrailsConfig, isProductionResource } from "../policy/guardrail";
import { assetsOf } from "./assets";
import { compareText, sortKeys } from "./canonicalJson";
import { PLAN_FORMAT, PlanDocument, PlanResource, PlanResourceOptions } from "./document";
import { rolloutsOf } from "./rollouts";

/**
 * One registration as the recording engine keeps it (the mock engine's RecordedResource has this shape), with its
 * inputs' secrets already masked: whoever runs the program masks them before a plan sees them.
 */
export interface PlanSourceResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly secretInputs: readonly string[];
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly provider?: string;
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly deleteBeforeReplace: boolean;
    readonly retainOnDelete: boolean;
    readonly customTimeouts?: Readonly<{ create?: string; update?: string; delete?: string }>;
    readonly aliases: readonly string[];
}

/** What a run of a stack's program left: its registrations and stack outputs. */
export interface PlanSource {
    readonly project: string;
    readonly stack: string;
    readonly resources: readonly PlanSourceResource[];
    /** Stack outputs, secrets masked. */
    readonly outputs?: Readonly<Record<string, unknown>>;
    /**
     * The project directory, absolute: every occurrence in a value becomes a relative path, so that plans of the
     * same sources made in two places are the same bytes.
     */
    readonly projectDir?: string;
    /** Guardrail configuration (Pulumi's policy pack config format). @default every guardrail at its default */
    readonly policyConfig?: GuardrailsConfig;
}

/** The dynamic providers' module text is long and constant: a plan keeps a digest of it (a changed provider shows). */
const PROVIDER_INPUT = "__provider";

function providerDigest(text: unknown): unknown {
    return typeof text === "string" ? `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 16)}` : text;
}

/** Replaces the project directory in every string of a value by a relative path (`.` for the directory itself). */
function relativized(value: unknown, projectDir: string | undefined): unknown {
    if (projectDir === undefined || projectDir === "") {
        return value;
    }
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // The directory followed by a separator goes (`<dir>/examples` → `examples`); the directory itself, where a path
    // ends, becomes `.`; a longer name that merely starts the same (`<dir>-old`) is left alone.
    const patterns = [...new Set([projectDir, projectDir.replace(/\\/g, "/")])].flatMap((root) => [
        { pattern: new RegExp(`${escape(root)}[\\\\/]`, "g"), by: "" },
        { pattern: new RegExp(`${escape(root)}(?![\\w.-])`, "g"), by: "." },
    ]);
    const visit = (v: unknown): unknown => {
        if (typeof v === "string") {
            return patterns.reduce((out, { pattern, by }) => out.replace(pattern, by), v);
        }
        if (Array.isArray(v)) {
            return v.map(visit);
        }
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, visit(inner)]));
        }
        return v;
    };
    return visit(value);
}

function optionsOf(r: PlanSourceResource): PlanResourceOptions {
    const timeouts = r.customTimeouts;
    const hasTimeouts = timeouts !== undefined && Object.values(timeouts).some((t) => t !== undefined && t !== "");
    return {
        ...(r.protect ? { protect: true as const } : {}),
        ...(r.ignoreChanges.length > 0 ? { ignoreChanges: [...r.ignoreChanges] } : {}),
        ...(r.replaceOnChanges.length > 0 ? { replaceOnChanges: [...r.replaceOnChanges] } : {}),
        ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true as const } : {}),
        ...(r.retainOnDelete ? { retainOnDelete: true as const } : {}),
        ...(r.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: [...r.additionalSecretOutputs] } : {}),
        ...(hasTimeouts ? { customTimeouts: { ...timeouts } } : {}),
        ...(r.aliases.length > 0 ? { aliases: [...r.aliases].sort(compareText) } : {}),
        ...(r.provider !== undefined ? { provider: r.provider } : {}),
    };
}

function planResource(r: PlanSourceResource, projectDir: string | undefined): PlanResource {
    const inputs: Record<string, unknown> = { ...r.inputs };
    if (PROVIDER_INPUT in inputs) {
        inputs[PROVIDER_INPUT] = providerDigest(inputs[PROVIDER_INPUT]);
    }
    const dependencies = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        inputs: sortKeys(relativized(inputs, projectDir)) as Record<string, unknown>,
        secretInputs: [...r.secretInputs].sort(compareText),
        dependencies: [...dependencies].sort(compareText),
        options: relativized(optionsOf(r), projectDir) as PlanResourceOptions,
    };
}

/**
 * The plan of a stack from one run of its program under the recording engine: every resource (sorted by URN) with
 * its inputs, dependencies and options, the asset versions, each traffic owner's target and rollout policy, and the
 * guardrails' findings. No time, no machine path and nothing random goes in: the same sources give the same
 * document, byte for byte once written with canonicalJson.
 */
export function buildPlan(source: PlanSource): PlanDocument {
    const resources = source.resources
        .map((r) => planResource(r, source.projectDir))
        .sort((a, b) => compareText(a.urn, b.urn));
    const productionStacks = productionStacksOf(source.policyConfig);
    return {
        format: PLAN_FORMAT,
        project: source.project,
        stack: source.stack,
        production: resources.some((r) => isProductionResource(r, productionStacks)),
        resources,
        assets: assetsOf(resources),
        rollouts: rolloutsOf(resources),
        findings: evaluateGuardrails(resources, source.policyConfig),
        ...(source.outputs !== undefined
            ? { outputs: sortKeys(relativized(source.outputs, source.projectDir)) as Record<string, unknown> }
            : {}),
    };
}
