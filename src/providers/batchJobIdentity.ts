import { createHash } from "crypto";
import { BATCH_OUTPUT_DATASTORE, BATCH_OUTPUT_NAME } from "../model/batchInvocation";
import type { BatchInvocationProps } from "./batchInvocationProps";
import { UNKNOWN_VALUE } from "./unknownValue";

/**
 * What makes two batch invocations the same job, and the job name that follows from it. The name is chosen here,
 * not by Azure: a create that is retried, repeated after a killed process or run twice at once asks Azure ML for the
 * same name, finds the job the first attempt started and follows it, instead of starting (and paying for) a second.
 */

/**
 * The inputs that define the job, in the order a diff reports them. A change of any starts a new job; nothing else
 * does (the scoring URI, `wait`, `timeoutSeconds`, `cancelOnTimeout`, `jobNamePrefix` and `scope` change how the job
 * is reached, followed or named, not what it computes).
 */
export const JOB_IDENTITY_FIELDS = [
    "endpointId",
    "deployment",
    "deploymentRevision",
    "inputs",
    "output",
    "overrides",
    "trigger",
] as const;

export type JobIdentityField = (typeof JOB_IDENTITY_FIELDS)[number];

export type BatchJobIdentity = Record<JobIdentityField, unknown>;

/** Drops undefined entries, recursively, so an absent setting and an unset one are the same job. */
function defined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(defined);
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, defined(v)] as const)
            .filter(([, v]) => !(typeof v === "object" && v !== null && Object.keys(v).length === 0));
        return Object.fromEntries(entries);
    }
    return value;
}

/** The folder path without leading, trailing or doubled slashes. */
export function trimFolder(path: string): string {
    return path
        .split("/")
        .filter((s) => s !== "")
        .join("/");
}

/**
 * The identity of an invocation, with defaults applied so that an explicit default and an omitted setting agree:
 * resource ids and deployment names compare as ARM compares them (case-insensitively), inputs default to
 * `uri_folder`, literal values compare as the text they are sent as, output paths without stray slashes.
 */
export function batchJobIdentity(props: BatchInvocationProps): BatchJobIdentity {
    const inputs = Object.fromEntries(
        Object.entries(props.inputs ?? {}).map(([name, input]) => [
            name,
            input === (UNKNOWN_VALUE as unknown)
                ? UNKNOWN_VALUE
                : input.type === "literal"
                  ? { type: "literal", value: input.value === UNKNOWN_VALUE ? UNKNOWN_VALUE : String(input.value) }
                  : { type: input.type ?? "uri_folder", path: input.path },
        ]),
    );
    const output = props.output ?? {};
    return {
        endpointId: typeof props.endpointId === "string" ? lowerKnown(props.endpointId) : null,
        deployment: props.deployment !== undefined ? lowerKnown(props.deployment) : null,
        deploymentRevision: props.deploymentRevision ?? null,
        inputs,
        output: {
            name: output.name ?? BATCH_OUTPUT_NAME,
            datastore: output.datastore ?? BATCH_OUTPUT_DATASTORE,
            path: output.path !== undefined ? trimFolder(output.path) : null,
        },
        overrides: defined(props.overrides ?? {}),
        trigger: props.trigger ?? null,
    };
}

const lowerKnown = (value: string) => (value === UNKNOWN_VALUE ? value : value.toLowerCase());

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonicalJson).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        const keys = Object.keys(value)
            .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
            .sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "null";
}

/** Whether a value holds anything the engine has not resolved yet (a preview's unknown). */
export function holdsUnknown(value: unknown): boolean {
    if (value === UNKNOWN_VALUE) {
        return true;
    }
    return value !== null && typeof value === "object" && Object.values(value).some(holdsUnknown);
}

/**
 * The identity fields that differ between two invocations. A field the engine has not resolved yet (during a
 * preview) counts as changed: a new job may start, and the preview says so.
 */
export function changedIdentityFields(olds: BatchInvocationProps, news: BatchInvocationProps): JobIdentityField[] {
    const before = batchJobIdentity(olds);
    const after = batchJobIdentity(news);
    return JOB_IDENTITY_FIELDS.filter(
        (field) => holdsUnknown(after[field]) || canonicalJson(before[field]) !== canonicalJson(after[field]),
    );
}

/** Hex digits of the identity hash in a job name: 96 bits, so two invocations never meet by chance. */
const HASH_LENGTH = 24;

/** Job names: a letter or digit, then letters, digits, '-' and '_', 255 at most (swagger Jobs `id`). */
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

/** A valid job name prefix from any text (a resource name): other characters become '-', at most 64 of them. */
export function jobNamePrefixFrom(text: string): string {
    const cleaned = text
        .replace(/[^a-zA-Z0-9_-]+/g, "-")
        .replace(/^[-_]+/, "")
        .slice(0, 64)
        .replace(/[-_]+$/, "");
    return cleaned === "" ? "batch" : cleaned;
}

/**
 * The name of an invocation's first job: `<prefix>-<hash>`, where the hash (sha256, first 24 hex digits) covers the
 * identity and the scope (`<project>/<stack>/<resource name>`). Equal identities in one resource always give the
 * same name; any identity change, or another resource, gives another.
 */
export function batchJobBaseName(props: BatchInvocationProps): string {
    const prefix = props.jobNamePrefix ?? jobNamePrefixFrom(props.scope?.split("/").pop() ?? "batch");
    const hash = createHash("sha256")
        .update(canonicalJson({ v: 1, scope: props.scope ?? "", identity: batchJobIdentity(props) }))
        .digest("hex")
        .slice(0, HASH_LENGTH);
    return `${prefix}-${hash}`;
}

/** Attempts of one invocation after a failed or canceled job are `<base>-2`, `<base>-3`, …; the first is `<base>`. */
export function batchJobAttemptName(base: string, attempt: number): string {
    return attempt <= 1 ? base : `${base}-${attempt}`;
}
