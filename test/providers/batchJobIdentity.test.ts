import fc from "fast-check";
import type { BatchInvocationProps } from "../../src/providers/batchInvocationProps";
import {
    JOB_IDENTITY_FIELDS,
    JOB_NAME_PATTERN,
    JobIdentityField,
    batchJobAttemptName,
    batchJobBaseName,
    changedIdentityFields,
    jobNamePrefixFrom,
} from "../../src/providers/batchJobIdentity";
import { UNKNOWN_VALUE } from "../../src/providers/unknownValue";

const WS =
    "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const word = fc.stringMatching(/^[a-z][a-z0-9]{2,11}$/);

/** Invocations as the provider stores them, over every identity field, each present or not. */
const invocations: fc.Arbitrary<BatchInvocationProps> = fc.record(
    {
        endpointId: word.map((name) => `${WS}/batchEndpoints/${name}`),
        scoringUri: fc.constant("https://scorer.westeurope.inference.ml.azure.com/jobs"),
        deployment: word,
        deploymentRevision: fc.string({ maxLength: 20 }),
        inputs: fc.dictionary(
            fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
            fc.oneof(
                fc.record(
                    {
                        type: fc.constantFrom("uri_folder" as const, "uri_file" as const),
                        path: word.map((p) => `azureml://datastores/workspaceblobstore/paths/${p}/`),
                    },
                    { requiredKeys: ["path"] },
                ),
                fc.record({
                    type: fc.constant("literal" as const),
                    value: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()),
                }),
            ),
            { minKeys: 1, maxKeys: 3 },
        ),
        output: fc.record({ name: word, datastore: word, path: word.map((p) => `out/${p}`) }, { requiredKeys: [] }),
        overrides: fc.record(
            {
                instanceCount: fc.integer({ min: 1, max: 1000 }),
                miniBatchSize: fc.integer({ min: 1, max: 100_000 }),
                outputFileName: word.map((f) => `${f}.csv`),
                retrySettings: fc.record(
                    { maxRetries: fc.integer({ min: 0, max: 100 }), timeoutSeconds: fc.integer({ min: 1, max: 600 }) },
                    { requiredKeys: [] },
                ),
                loggingLevel: fc.constantFrom("info" as const, "warning" as const, "debug" as const),
            },
            { requiredKeys: [] },
        ),
        trigger: fc.string({ maxLength: 20 }),
        scope: word.map((name) => `project/stack/${name}`),
        jobNamePrefix: fc.constant("nightly"),
    },
    { requiredKeys: ["endpointId", "scoringUri", "inputs", "scope", "jobNamePrefix"] },
);

/** The same value with every object's keys in another order (reversed, or sorted), at every level. */
function reordered(value: unknown, how: "reverse" | "sort"): unknown {
    if (Array.isArray(value) || value === null || typeof value !== "object") {
        return value;
    }
    const keys = Object.keys(value);
    const order = how === "reverse" ? keys.reverse() : keys.sort();
    return Object.fromEntries(order.map((k) => [k, reordered((value as Record<string, unknown>)[k], how)]));
}

/** One change of each identity field, that Azure would run as another job. */
const CHANGES: Record<JobIdentityField, (p: BatchInvocationProps) => BatchInvocationProps> = {
    endpointId: (p) => ({ ...p, endpointId: `${p.endpointId}x` }),
    deployment: (p) => ({ ...p, deployment: `${p.deployment ?? "blue"}x` }),
    deploymentRevision: (p) => ({ ...p, deploymentRevision: `${p.deploymentRevision ?? ""}x` }),
    inputs: (p) => ({ ...p, inputs: { ...p.inputs, extra_input: { path: "https://example.com/extra" } } }),
    output: (p) => ({ ...p, output: { ...p.output, path: `${p.output?.path ?? "batch/x"}/other` } }),
    overrides: (p) => ({ ...p, overrides: { ...p.overrides, errorThreshold: 7 } }),
    trigger: (p) => ({ ...p, trigger: `${p.trigger ?? ""}x` }),
};

const hashOf = (name: string) => name.slice(name.lastIndexOf("-") + 1);

describe("batch job names", () => {
    it("do not depend on the order of keys, at any level", () => {
        fc.assert(
            fc.property(invocations, (props) => {
                const name = batchJobBaseName(props);
                expect(batchJobBaseName(reordered(props, "reverse") as BatchInvocationProps)).toBe(name);
                expect(batchJobBaseName(reordered(props, "sort") as BatchInvocationProps)).toBe(name);
                expect(changedIdentityFields(props, reordered(props, "reverse") as BatchInvocationProps)).toEqual([]);
            }),
        );
    });

    it("change with each identity field, and the diff names exactly that field", () => {
        fc.assert(
            fc.property(invocations, fc.constantFrom(...JOB_IDENTITY_FIELDS), (props, field) => {
                const changed = CHANGES[field](props);
                expect(batchJobBaseName(changed)).not.toBe(batchJobBaseName(props));
                expect(changedIdentityFields(props, changed)).toEqual([field]);
            }),
        );
    });

    it("stay the same for what changes how a job is reached, followed or named", () => {
        fc.assert(
            fc.property(invocations, (props) => {
                const other: BatchInvocationProps = {
                    ...props,
                    scoringUri: "https://other.westeurope.inference.ml.azure.com/jobs",
                    wait: false,
                    timeoutSeconds: 7200,
                    cancelOnTimeout: false,
                    jobNamePrefix: "renamed",
                    jobName: "anything",
                    status: "Failed",
                };
                expect(hashOf(batchJobBaseName(other))).toBe(hashOf(batchJobBaseName(props)));
                expect(batchJobBaseName(other)).toBe(`renamed-${hashOf(batchJobBaseName(props))}`);
                expect(changedIdentityFields(props, other)).toEqual([]);
            }),
        );
    });

    it("differ between resources (the scope), which is never a reason for a new job", () => {
        fc.assert(
            fc.property(invocations, (props) => {
                const elsewhere = { ...props, scope: `${props.scope}-copy` };
                expect(batchJobBaseName(elsewhere)).not.toBe(batchJobBaseName(props));
                expect(changedIdentityFields(props, elsewhere)).toEqual([]);
            }),
        );
    });

    it("treat defaults spelled out, ARM's case-insensitive ids and literal text as the same job", () => {
        const props: BatchInvocationProps = {
            endpointId: `${WS}/batchEndpoints/scorer`,
            scoringUri: "https://scorer.westeurope.inference.ml.azure.com/jobs",
            deployment: "blue",
            inputs: { data: { path: "https://example.com/in/" }, threshold: { type: "literal", value: 1 } },
            scope: "p/s/nightly",
        };
        const spelledOut: BatchInvocationProps = {
            ...props,
            endpointId: props.endpointId.toUpperCase(),
            deployment: "BLUE",
            inputs: {
                threshold: { type: "literal", value: "1" },
                data: { type: "uri_folder", path: "https://example.com/in/" },
            },
            output: { name: "score", datastore: "workspaceblobstore" },
            overrides: { retrySettings: {} },
        };
        expect(batchJobBaseName(spelledOut)).toBe(batchJobBaseName(props));
        expect(changedIdentityFields(props, spelledOut)).toEqual([]);
        expect(
            changedIdentityFields({ ...props, output: { path: "out/x" } }, { ...props, output: { path: "/out//x/" } }),
        ).toEqual([]);
    });

    it("count a value not known yet (a preview) as a change of its field", () => {
        const props: BatchInvocationProps = {
            endpointId: `${WS}/batchEndpoints/scorer`,
            scoringUri: "https://scorer.westeurope.inference.ml.azure.com/jobs",
            deploymentRevision: "r1",
            inputs: { data: { path: "https://example.com/in/" } },
        };
        expect(changedIdentityFields(props, { ...props, deploymentRevision: UNKNOWN_VALUE })).toEqual([
            "deploymentRevision",
        ]);
        expect(changedIdentityFields(props, { ...props, inputs: { data: { path: UNKNOWN_VALUE } } })).toEqual([
            "inputs",
        ]);
        expect(changedIdentityFields(props, { ...props, endpointId: UNKNOWN_VALUE })).toEqual(["endpointId"]);
        expect(changedIdentityFields(props, { ...props, scoringUri: UNKNOWN_VALUE })).toEqual([]);
    });

    it("are valid job names (swagger Jobs id), for every attempt and any resource name", () => {
        fc.assert(
            fc.property(invocations, fc.string(), fc.integer({ min: 1, max: 10 }), (props, resourceName, attempt) => {
                const prefix = jobNamePrefixFrom(resourceName);
                expect(prefix).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/);
                const name = batchJobAttemptName(batchJobBaseName({ ...props, jobNamePrefix: prefix }), attempt);
                expect(name).toMatch(JOB_NAME_PATTERN);
                expect(name).toMatch(/^.+-[0-9a-f]{24}(-([2-9]|10))?$/);
            }),
        );
        expect(jobNamePrefixFrom("credit scoring/nightly!")).toBe("credit-scoring-nightly");
        expect(jobNamePrefixFrom("--")).toBe("batch");
    });
});
