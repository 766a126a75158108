import { z } from "zod";
import { ENDPOINT_NAME_PATTERN, durationSeconds } from "../../model";
import type { FaultKind } from "../emulator/faults";
import type { DeploymentBehaviour } from "../emulator/state";

/**
 * The scenario file of a local rehearsal (`azureml-pulumi up --local --scenario <file>`): how the emulated Azure ML
 * behaves while the stack is applied to it. Every message reads "<what is wrong>; <the fix>": the file reader puts
 * the value received between the two (see scenarioFile.ts). docs/rehearsal-scenarios.md describes the format.
 */

/**
 * The emulator's fault kinds. faults.ts exports the kinds as a type only; this record must name each of them exactly
 * once (the compiler refuses a missing or an extra kind), so the list cannot drift from the emulator's.
 */
const FAULT_KIND_SET: Record<FaultKind, true> = {
    throttle: true,
    unavailable: true,
    conflict: true,
    "server-error": true,
    reset: true,
    "lro-failed": true,
    "lro-canceled": true,
    "not-found-after-create": true,
};
export const SCENARIO_FAULT_KINDS = Object.keys(FAULT_KIND_SET) as FaultKind[];

/** The kinds whose answer carries Retry-After. */
const RETRY_AFTER_KINDS: readonly FaultKind[] = ["throttle", "unavailable"];

export const HTTP_METHODS = ["GET", "PUT", "POST", "PATCH", "DELETE", "HEAD"] as const;

/** At most this many generated requests per second per endpoint: each is simulated and kept for the metrics API. */
export const MAX_REQUESTS_PER_SECOND = 100;

/** The behaviour values a scenario may set; the names are the emulator's own. */
export type BehaviourValues = Partial<
    Pick<DeploymentBehaviour, "latencyMs" | "errorRate" | "modelStatusCode" | "cpuPercent" | "memoryPercent">
>;

/**
 * Runs a cross-field check even when a field beside it is wrong (zod skips it by default), so that one reading of
 * the file reports every problem; the check still needs a mapping to look at.
 */
const evenWithOtherIssues = {
    when: (payload: { value: unknown }) =>
        typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
};

const percent = (name: string) =>
    z
        .number({ error: `${name} must be a number from 0 to 100; write e.g. 85 for 85 %` })
        .min(0, { error: `${name} must be a number from 0 to 100; raise it to 0 or more` })
        .max(100, { error: `${name} must be a number from 0 to 100; lower it to 100 or less` });

const behaviourShape = {
    /** Milliseconds every request takes on the deployment. @default 20 (the emulator's) */
    latencyMs: z
        .number({ error: "latencyMs must be a number of milliseconds; write e.g. 250" })
        .min(0, { error: "latencyMs cannot be negative; give 0 or more milliseconds" })
        .max(600_000, { error: "latencyMs is at most 600000 (ten minutes); lower it" }),
    /** Share of requests the model fails, 0–1, spread evenly (answered 424, as Azure does). @default 0 */
    errorRate: z
        .number({ error: "errorRate must be a fraction from 0 to 1; write e.g. 0.05 for 5 %" })
        .min(0, { error: "errorRate must be a fraction from 0 to 1; raise it to 0 or more" })
        .max(1, {
            error: (issue) =>
                typeof issue.input === "number" && issue.input <= 100
                    ? `errorRate must be a fraction from 0 to 1; write ${issue.input / 100} for ${issue.input} %`
                    : "errorRate must be a fraction from 0 to 1; lower it to 1 or less",
        }),
    /** The status the model answers a failed request with (the client sees 424). @default 500 */
    modelStatusCode: z
        .number({ error: "modelStatusCode must be a whole HTTP status from 400 to 599; write e.g. 503" })
        .int({ error: "modelStatusCode must be a whole HTTP status from 400 to 599; write e.g. 503" })
        .min(400, { error: "modelStatusCode is the status of a failure, 400 to 599; write e.g. 500" })
        .max(599, { error: "modelStatusCode is the status of a failure, 400 to 599; write e.g. 500" }),
    /** CpuUtilizationPercentage of every instance. @default 0 */
    cpuPercent: percent("cpuPercent"),
    /** CpuMemoryUtilizationPercentage of every instance. @default 0 */
    memoryPercent: percent("memoryPercent"),
};
const BEHAVIOUR_KEYS = Object.keys(behaviourShape) as (keyof typeof behaviourShape)[];

/** The behaviour values, each optional: a deployment or a change sets only what it names. */
const optionalBehaviour = {
    latencyMs: behaviourShape.latencyMs.optional(),
    errorRate: behaviourShape.errorRate.optional(),
    modelStatusCode: behaviourShape.modelStatusCode.optional(),
    cpuPercent: behaviourShape.cpuPercent.optional(),
    memoryPercent: behaviourShape.memoryPercent.optional(),
};

/** Emulator milliseconds since the run started: an ISO-8601 duration (PT2M30S) or a number of milliseconds. */
const runTime = z.unknown().transform((value, ctx): number => {
    const fix = "write an ISO-8601 duration such as PT2M30S, or a number of milliseconds";
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
        return value;
    }
    const seconds = typeof value === "string" ? durationSeconds(value) : undefined;
    if (seconds !== undefined) {
        return seconds * 1000;
    }
    ctx.addIssue({
        code: "custom",
        input: value,
        message:
            typeof value === "number"
                ? `afterTime must be 0 or more milliseconds; ${fix}`
                : `afterTime is not a duration; ${fix}`,
    });
    return z.NEVER;
});

/** When a change applies; with both conditions, once both hold (the emulator's rule). */
const fromSpec = z
    .strictObject(
        {
            /**
             * Requests the deployment has received (live, mirrored, probes) since the scenario was applied to it:
             * the change applies from the next one.
             */
            afterRequests: z
                .number({ error: "afterRequests must be a whole number of requests; write e.g. 120" })
                .int({ error: "afterRequests must be a whole number of requests; round it" })
                .min(0, { error: "afterRequests cannot be negative; give 0 or more" })
                .optional(),
            /** Emulator time since the run started (attachScenario): PT5M, or milliseconds. */
            afterTime: runTime.optional(),
        },
        {
            error: "from must say when the change applies; write from: { afterRequests: 120 } or from: { afterTime: PT5M }",
        },
    )
    .superRefine((from, ctx) => {
        if (from.afterRequests === undefined && from.afterTime === undefined) {
            ctx.addIssue({
                code: "custom",
                input: from,
                message:
                    "from names no condition; give afterRequests (a request count), afterTime (PT5M or milliseconds) or both",
            });
        }
    });

const changeSpec = z
    .strictObject(
        {
            from: fromSpec,
            ...optionalBehaviour,
            /** Refused with a reason: the emulator reads a batch job's outcome from the base behaviour only. */
            batchOutcome: z.unknown().optional(),
        },
        { error: "a change is a mapping; write e.g. { from: { afterRequests: 120 }, errorRate: 0.5 }" },
    )
    .superRefine((change, ctx) => {
        if (change.batchOutcome !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["batchOutcome"],
                input: change.batchOutcome,
                message:
                    "batchOutcome cannot change during a run: the emulator reads it from the deployment's own settings only; set it on the deployment instead",
            });
        }
        if (BEHAVIOUR_KEYS.every((k) => change[k] === undefined) && change.batchOutcome === undefined) {
            ctx.addIssue({
                code: "custom",
                input: change,
                message: `the change sets nothing; give at least one of ${BEHAVIOUR_KEYS.join(", ")}`,
            });
        }
    }, evenWithOtherIssues);

const deploymentBehaviourSpec = z.strictObject(
    {
        ...optionalBehaviour,
        /** How batch jobs on the deployment end. @default "Completed" */
        batchOutcome: z
            .enum(["Completed", "Failed"], { error: "batchOutcome is Completed or Failed; write one of them" })
            .optional(),
        /** Later behaviour, in order; a later change wins over an earlier one where both apply. @default [] */
        changes: z
            .array(changeSpec, { error: "changes is a list; write each change as an item starting with '- from:'" })
            .default([]),
    },
    { error: "a deployment's behaviour is a mapping; write e.g. { errorRate: 0.1, latencyMs: 80 }" },
);

const NAME_RULE = "3 to 32 letters, digits and hyphens, starting with a letter and not ending with a hyphen";
const validName = (name: string) => name.length >= 3 && name.length <= 32 && ENDPOINT_NAME_PATTERN.test(name);

/** `<endpoint>/<deployment>`, each an Azure ML name. */
const deploymentKey = z.string().superRefine((key, ctx) => {
    const parts = key.split("/");
    if (parts.length !== 2) {
        ctx.addIssue({
            code: "custom",
            input: key,
            message: "a deployment is named <endpoint>/<deployment>; write e.g. credit/green",
        });
        return;
    }
    for (const [role, name] of [
        ["endpoint", parts[0]],
        ["deployment", parts[1]],
    ]) {
        if (!validName(name)) {
            ctx.addIssue({
                code: "custom",
                input: key,
                message: `"${name}" is not a valid ${role} name; ${role} names have ${NAME_RULE}`,
            });
        }
    }
});

const endpointKey = z.string().refine(validName, {
    error: `not a valid online endpoint name; endpoint names have ${NAME_RULE}`,
});

const faultSpec = z
    .strictObject(
        {
            kind: z.enum(SCENARIO_FAULT_KINDS as [FaultKind, ...FaultKind[]], {
                error: `unknown fault kind; use one of ${SCENARIO_FAULT_KINDS.join(", ")}`,
            }),
            /** HTTP method the fault matches, any case. @default any */
            method: z
                .string({ error: `method must be an HTTP method; use one of ${HTTP_METHODS.join(", ")}` })
                .refine((m) => (HTTP_METHODS as readonly string[]).includes(m.toUpperCase()), {
                    error: `method must be an HTTP method; use one of ${HTTP_METHODS.join(", ")}`,
                })
                .transform((m) => m.toUpperCase())
                .optional(),
            /** Part of the request path, matched ignoring case as ARM does. @default any path */
            path: z
                .string({ error: "path must be text; write part of the request path, e.g. /deployments/green" })
                .min(1, { error: "an empty path matches every request; leave path out instead" })
                .optional(),
            /** Matching requests the fault applies to. @default 1 */
            count: z
                .number({ error: "count must be a whole number of requests; write e.g. 3" })
                .int({ error: "count must be a whole number of requests; round it" })
                .min(1, { error: "count must be at least 1; remove the fault to have none" })
                .optional(),
            /** Retry-After seconds of throttle and unavailable answers. @default 1 */
            retryAfterSeconds: z
                .number({ error: "retryAfterSeconds must be a whole number of seconds; write e.g. 10" })
                .int({ error: "retryAfterSeconds must be a whole number of seconds; round it" })
                .min(0, { error: "retryAfterSeconds cannot be negative; give 0 or more" })
                .max(3600, { error: "retryAfterSeconds is at most 3600; lower it" })
                .optional(),
        },
        { error: "a fault is a mapping; write e.g. { kind: throttle, method: PUT, count: 2 }" },
    )
    .superRefine((fault, ctx) => {
        if (fault.retryAfterSeconds !== undefined && !RETRY_AFTER_KINDS.includes(fault.kind)) {
            ctx.addIssue({
                code: "custom",
                path: ["retryAfterSeconds"],
                input: fault.retryAfterSeconds,
                message: `a ${fault.kind} fault sends no Retry-After; remove retryAfterSeconds or use kind ${RETRY_AFTER_KINDS.join(" or ")}`,
            });
        }
    }, evenWithOtherIssues);

const loadSpec = z.strictObject(
    {
        /** Requests per second sent through the endpoint's routing for the whole run. */
        requestsPerSecond: z
            .number({ error: "requestsPerSecond must be a number above 0; write e.g. 5" })
            .positive({ error: "requestsPerSecond must be above 0; remove the endpoint from load to send nothing" })
            .max(MAX_REQUESTS_PER_SECOND, {
                error: `requestsPerSecond is at most ${MAX_REQUESTS_PER_SECOND} (every request is simulated); lower it, gates need only a few per second`,
            }),
    },
    { error: "an endpoint's load is a mapping; write e.g. { requestsPerSecond: 5 }" },
);

/** Keys that differ only in case name one resource (ARM ignores case): the later one is refused. */
function sameNameIssues(what: string) {
    return (record: Record<string, unknown>, ctx: z.RefinementCtx) => {
        const first = new Map<string, string>();
        for (const key of Object.keys(record)) {
            const earlier = first.get(key.toLowerCase());
            if (earlier !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    input: record[key],
                    message: `names the same ${what} as "${earlier}", since Azure ignores case in names; merge the two entries`,
                });
            } else {
                first.set(key.toLowerCase(), key);
            }
        }
    };
}

export const scenarioSpec = z.strictObject(
    {
        /** What the scenario rehearses, shown by the engine. @default - */
        description: z.string({ error: "description must be text; quote it" }).optional(),
        clock: z
            .strictObject(
                {
                    /** Emulator milliseconds per real millisecond (600: ten minutes a second). @default the engine's */
                    timeScale: z
                        .number({ error: "timeScale must be a number above 0; write e.g. 600" })
                        .positive({ error: "timeScale must be above 0; write e.g. 600 for ten minutes a second" })
                        .optional(),
                },
                { error: "clock is a mapping; write clock: { timeScale: 600 }" },
            )
            .default({}),
        /** Behaviour by `<endpoint>/<deployment>` (online or batch), names matched ignoring case. @default {} */
        deployments: z
            .record(deploymentKey, deploymentBehaviourSpec, {
                error: "deployments is a mapping of <endpoint>/<deployment> to behaviour; write e.g. credit/green: { errorRate: 0.2 }",
            })
            .superRefine(sameNameIssues("deployment"), evenWithOtherIssues)
            .default({}),
        /** Faults armed when the run starts, each for `count` matching requests. @default [] */
        faults: z
            .array(faultSpec, { error: "faults is a list; write each fault as an item starting with '- kind:'" })
            .default([]),
        /** Generated requests per online endpoint, from when the endpoint is provisioned until the run ends. @default {} */
        load: z
            .record(endpointKey, loadSpec, {
                error: "load is a mapping of endpoint names to rates; write e.g. credit: { requestsPerSecond: 5 }",
            })
            .superRefine(sameNameIssues("endpoint"), evenWithOtherIssues)
            .default({}),
    },
    { error: "a scenario is a YAML mapping; start with one of the keys clock, deployments, faults, load" },
);

export type ScenarioInput = z.input<typeof scenarioSpec>;
export type ScenarioSpec = z.output<typeof scenarioSpec>;

/** One later behaviour, with its condition in scenario terms (relative to the run and to the deployment). */
export interface ScenarioChange {
    readonly afterRequests?: number;
    /** Emulator milliseconds after the run started. */
    readonly afterTimeMs?: number;
    readonly values: BehaviourValues;
}

/** A scenario entry for one deployment. */
export interface ScenarioDeployment {
    /** The key as written, `<endpoint>/<deployment>`. */
    readonly key: string;
    readonly endpoint: string;
    readonly deployment: string;
    readonly values: BehaviourValues;
    readonly batchOutcome?: "Completed" | "Failed";
    readonly changes: readonly ScenarioChange[];
}

export interface ScenarioFault {
    readonly kind: FaultKind;
    readonly method?: string;
    readonly path?: string;
    readonly count?: number;
    readonly retryAfterSeconds?: number;
}

export interface ScenarioLoad {
    readonly endpoint: string;
    readonly requestsPerSecond: number;
}

/** A validated scenario, in the form the rehearsal applies. */
export interface Scenario {
    readonly description?: string;
    readonly clock: { readonly timeScale?: number };
    readonly deployments: readonly ScenarioDeployment[];
    readonly faults: readonly ScenarioFault[];
    readonly load: readonly ScenarioLoad[];
}

function pickValues(source: BehaviourValues): BehaviourValues {
    return Object.fromEntries(BEHAVIOUR_KEYS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** The validated file in the form the rehearsal applies. */
export function toScenario(spec: ScenarioSpec): Scenario {
    return {
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        clock: spec.clock,
        deployments: Object.entries(spec.deployments).map(([key, d]) => {
            const [endpoint, deployment] = key.split("/");
            return {
                key,
                endpoint,
                deployment,
                values: pickValues(d),
                ...(d.batchOutcome !== undefined ? { batchOutcome: d.batchOutcome } : {}),
                changes: d.changes.map((c) => ({
                    ...(c.from.afterRequests !== undefined ? { afterRequests: c.from.afterRequests } : {}),
                    ...(c.from.afterTime !== undefined ? { afterTimeMs: c.from.afterTime } : {}),
                    values: pickValues(c),
                })),
            };
        }),
        faults: spec.faults,
        load: Object.entries(spec.load).map(([endpoint, l]) => ({ endpoint, ...l })),
    };
}
