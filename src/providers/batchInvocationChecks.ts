import { isBatchEndpointId } from "../azure/batchEndpointId";
import { batchInvocationSpec } from "../model/batchInvocation";
import type { ConfigProblem } from "../model/problems";
import { validate } from "../model/validate";
import type { BatchInvocationProps } from "./batchInvocationProps";
import { JobIdentityField, changedIdentityFields } from "./batchJobIdentity";
import type { CheckFailure } from "./inputChecks";
import { UNKNOWN_VALUE } from "./unknownValue";

/**
 * What a batch invocation's check and diff decide, in the program (for values known there) and in the provider host
 * (for all of them). A value not known yet (an Output in the program, the engine's unknown in a preview) passes as a
 * well-formed stand-in: it is checked once it is known.
 */

/** Stand-ins that validate like the real thing, for values that are not known yet. */
const PENDING = { path: "azureml://datastores/pending/paths/pending", deployment: "pending", text: "pending" };

/**
 * The plain settings of an invocation, ready for the model's schema, with every value `pending` says is not known
 * yet replaced by a stand-in.
 */
export function settingsForValidation(
    props: Partial<Record<keyof BatchInvocationProps, unknown>>,
    pending: (value: unknown) => boolean,
): Record<string, unknown> {
    const known = (value: unknown, standIn: string) =>
        value === undefined ? undefined : pending(value) ? standIn : value;
    const input = (value: unknown): unknown => {
        if (pending(value)) {
            return { path: PENDING.path };
        }
        if (typeof value !== "object" || value === null) {
            return value;
        }
        const { path, value: literal, ...rest } = value as Record<string, unknown>;
        return { ...rest, path: known(path, PENDING.path), value: known(literal, PENDING.text) };
    };
    const inputs =
        props.inputs === undefined || typeof props.inputs !== "object" || props.inputs === null
            ? pending(props.inputs)
                ? { pending: { path: PENDING.path } }
                : props.inputs
            : Object.fromEntries(Object.entries(props.inputs).map(([name, value]) => [name, input(value)]));
    const settings: Record<string, unknown> = {
        deployment: known(props.deployment, PENDING.deployment),
        deploymentRevision: known(props.deploymentRevision, PENDING.text),
        inputs,
        output: props.output,
        overrides: props.overrides,
        trigger: known(props.trigger, PENDING.text),
        wait: props.wait,
        timeoutSeconds: props.timeoutSeconds,
        cancelOnTimeout: props.cancelOnTimeout,
        jobNamePrefix: props.jobNamePrefix,
    };
    return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/** The problems with an invocation's plain settings, key paths as the args name them (`inputs.scores.path`). */
export function batchInvocationProblems(settings: Record<string, unknown>): ConfigProblem[] {
    const result = validate(batchInvocationSpec, settings);
    return result.ok ? [] : result.problems;
}

const isUnknown = (value: unknown) => value === UNKNOWN_VALUE;

/** The engine's check: the endpoint's id and scoring URI, and the settings through the model's schema. */
export function checkBatchInvocation(news: Partial<Record<keyof BatchInvocationProps, unknown>>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const { endpointId, scoringUri } = news;
    if (!isUnknown(endpointId) && (typeof endpointId !== "string" || !isBatchEndpointId(endpointId))) {
        failures.push({
            property: "endpointId",
            reason: `expected a batch endpoint resource id (/subscriptions/…/workspaces/<workspace>/batchEndpoints/<name>), got ${JSON.stringify(endpointId)}`,
        });
    }
    if (!isUnknown(scoringUri) && (typeof scoringUri !== "string" || !/^https:\/\/[^/\s]+\/\S*$/i.test(scoringUri))) {
        failures.push({
            property: "scoringUri",
            reason: `expected the batch endpoint's https scoring URI (its properties.scoringUri), got ${JSON.stringify(scoringUri)}`,
        });
    }
    for (const problem of batchInvocationProblems(settingsForValidation(news, isUnknown))) {
        failures.push({ property: problem.path, reason: problem.message });
    }
    return failures;
}

/** The engine's diff: a change of what defines the job is an update (a new job); nothing is ever replaced. */
export function diffBatchInvocation(
    olds: BatchInvocationProps,
    news: BatchInvocationProps,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; changed: JobIdentityField[] } {
    const changed = changedIdentityFields(olds, news);
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false, changed };
}
