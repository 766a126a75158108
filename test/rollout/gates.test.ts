import { rolloutPolicySpec } from "../../src/model";
import {
    GateVerdict,
    MetricSample,
    MetricsResponse,
    START_ANALYSIS,
    StepAnalysis,
    evaluateGates,
    gateQueries,
    gateWindow,
    intervalVerdict,
    planRollout,
    recordInterval,
    stepFailureMessage,
} from "../../src/rollout";

const MINUTE = 60_000;
const T0 = Date.parse("2026-03-01T10:00:30Z");
const at = (minutes: number) => new Date(Date.parse("2026-03-01T10:00:00Z") + minutes * MINUTE).toISOString();

const policy = rolloutPolicySpec.parse({
    steps: [20, 100],
    bakeSeconds: 300,
    mirror: { percent: 10 },
    gates: [
        { metric: "errorRate", comparison: "lessThan", threshold: 0.01 },
        { metric: "latencyP99Ms", comparison: "lessThan", threshold: 300 },
        { metric: "requestsPerMinute", comparison: "atLeast", threshold: 10, windowSeconds: 600 },
        { metric: "cpuPercent", comparison: "atMost", threshold: 80 },
    ],
    probes: [{ name: "smoke", payload: { data: [[1, 2]] }, maxLatencyMs: 500, bodyContains: "score" }],
    // Windows in these tests end at `now`; the ingestion delay has a test of its own.
    analysis: { failureLimit: 1, inconclusiveLimit: 2, metricsDelaySeconds: 0 },
});
const plan = planRollout({
    deployments: ["blue", "green"],
    liveTraffic: { blue: 100 },
    targetTraffic: { green: 100 },
    policy,
});
const [mirrorStep, canary] = plan.steps;

/** An endpoint-scope RequestsPerMinute answer split by statusCodeClass, as Azure Monitor (and the emulator) give it. */
function requests(byClass: Record<string, (number | null)[]>): MetricsResponse {
    return {
        value: [
            {
                name: { value: "RequestsPerMinute" },
                timeseries: Object.entries(byClass).map(([statusClass, totals]) => ({
                    metadatavalues: [
                        { name: { value: "deployment" }, value: "green" },
                        { name: { value: "statusCodeClass" }, value: statusClass },
                    ],
                    data: totals.map((t, i) =>
                        t === null
                            ? { timeStamp: at(1 + i), total: 0, count: 0 }
                            : { timeStamp: at(1 + i), total: t, count: 1 },
                    ),
                })),
            },
        ],
    };
}

/** An answer of a per-minute average (latency, CPU), with `undefined` for a bucket Azure has no value for yet. */
function averages(metric: string, values: (number | undefined)[], split = true): MetricsResponse {
    return {
        value: [
            {
                name: { value: metric },
                timeseries: [
                    {
                        metadatavalues: split ? [{ name: { value: "deployment" }, value: "green" }] : [],
                        data: values.map((v, i) =>
                            v === undefined ? { timeStamp: at(1 + i) } : { timeStamp: at(1 + i), average: v },
                        ),
                    },
                ],
            },
        ],
    };
}

const now = T0 + 4 * MINUTE;
const queries = gateQueries(canary, T0, now);
const queryFor = (metric: string, gate: number) =>
    queries.find((q) => q.metricnames === metric && q.gates.includes(gate))!;

function samples(parts: {
    requests?: MetricsResponse;
    latency?: MetricsResponse;
    cpu?: MetricsResponse;
}): MetricSample[] {
    const out: MetricSample[] = [];
    if (parts.requests) {
        out.push({ query: queryFor("RequestsPerMinute", 0), response: parts.requests });
        out.push({ query: queryFor("RequestsPerMinute", 2), response: parts.requests });
    }
    if (parts.latency) {
        out.push({ query: queryFor("RequestLatency_P99", 1), response: parts.latency });
    }
    if (parts.cpu) {
        out.push({ query: queryFor("CpuUtilizationPercentage", 3), response: parts.cpu });
    }
    return out;
}

const healthyProbe = [{ probe: 0, status: 200, latencyMs: 120, body: '{"score": 0.7}' }];
const verdictsOf = (v: GateVerdict[]) => v.map((g) => [g.label, g.verdict]);

describe("gate queries", () => {
    it("asks Azure Monitor for exactly what each gate reads, over whole minutes since the step began", () => {
        expect(queries).toEqual([
            {
                scope: "endpoint",
                deployment: "green",
                metricnames: "RequestsPerMinute",
                aggregation: "Total,Count",
                filter: "deployment eq 'green' and statusCodeClass eq '*'",
                interval: "PT1M",
                timespan: `${at(1)}/${at(4)}`,
                gates: [0, 2],
            },
            {
                scope: "endpoint",
                deployment: "green",
                metricnames: "RequestLatency_P99",
                aggregation: "Average",
                filter: "deployment eq 'green'",
                interval: "PT1M",
                timespan: `${at(1)}/${at(4)}`,
                gates: [1],
            },
            {
                scope: "deployment",
                deployment: "green",
                metricnames: "CpuUtilizationPercentage",
                aggregation: "Average",
                interval: "PT1M",
                timespan: `${at(1)}/${at(4)}`,
                gates: [3],
            },
        ]);
    });

    it("looks back no further than the gate's window, and asks nothing before a whole minute has passed", () => {
        const late = gateQueries(canary, T0, T0 + 20 * MINUTE);
        expect(late.map((q) => [q.metricnames, q.timespan, q.gates])).toEqual([
            ["RequestsPerMinute", `${at(15)}/${at(20)}`, [0]],
            ["RequestLatency_P99", `${at(15)}/${at(20)}`, [1]],
            ["RequestsPerMinute", `${at(10)}/${at(20)}`, [2]],
            ["CpuUtilizationPercentage", `${at(15)}/${at(20)}`, [3]],
        ]);
        expect(gateQueries(canary, T0, T0 + MINUTE)).toEqual([]);
    });

    it("judges only probes and CPU / memory in the mirror stage, where request metrics stay empty", () => {
        expect(mirrorStep.gates.map((g) => (g.kind === "metric" ? g.spec.metric : g.name))).toEqual([
            "cpuPercent",
            "smoke",
        ]);
        expect(gateQueries(mirrorStep, T0, now).map((q) => q.metricnames)).toEqual(["CpuUtilizationPercentage"]);
    });
});

describe("gate verdicts", () => {
    it("pass a healthy deployment, with what was observed", () => {
        const verdicts = evaluateGates(
            canary,
            samples({
                requests: requests({ "2xx": [30, 30, 30] }),
                latency: averages("RequestLatency_P99", [120, 180, 150]),
                cpu: averages("CpuUtilizationPercentage", [40, 55, 50], false),
            }),
            healthyProbe,
        );
        expect(verdictsOf(verdicts)).toEqual([
            ["errors<1%", "pass"],
            ["p99<300ms", "pass"],
            ["rpm>=10", "pass"],
            ["cpu<=80%", "pass"],
            ['probe smoke (200, <=500ms, body "score")', "pass"],
        ]);
        expect(verdicts.map((v) => v.observed)).toEqual([0, 180, 30, 55, 120]);
        expect(intervalVerdict(verdicts)).toBe("pass");
    });

    it("count every non-2xx answer as an error, model errors (424) included", () => {
        const [errors, , rpm] = evaluateGates(
            canary,
            samples({ requests: requests({ "2xx": [18, 18, 18], "4xx": [2, 2, 2] }) }),
            healthyProbe,
        );
        expect(errors).toMatchObject({ verdict: "fail", observed: 0.1, threshold: 0.01 });
        expect(errors.detail).toBe("6 of 60 requests answered non-2xx");
        expect(rpm).toMatchObject({ verdict: "pass", observed: 20 });
    });

    it("are inconclusive, never a pass, when Azure Monitor has no data yet", () => {
        const empty = evaluateGates(
            canary,
            samples({
                requests: { value: [{ name: { value: "RequestsPerMinute" }, timeseries: [] }] },
                latency: averages("RequestLatency_P99", [undefined, undefined, undefined]),
                cpu: averages("CpuUtilizationPercentage", [undefined, undefined, undefined], false),
            }),
            [],
        );
        expect(empty.map((v) => v.verdict)).toEqual(Array(5).fill("inconclusive"));
        expect(empty[0].detail).toContain("no data in");
        expect(empty[4].detail).toBe("no probe result this interval");
        expect(intervalVerdict(empty)).toBe("inconclusive");
        // Nothing asked (the window has not opened) is no data either.
        expect(
            evaluateGates(canary, [], healthyProbe)
                .slice(0, 4)
                .map((v) => v.verdict),
        ).toEqual(Array(4).fill("inconclusive"));
    });

    it("call an error rate over zero requests inconclusive", () => {
        const [errors] = evaluateGates(canary, samples({ requests: requests({ "2xx": [0, 0, 0] }) }), healthyProbe);
        expect(errors.verdict).toBe("inconclusive");
    });

    it("read the minutes ingestion has not delivered as missing, not as silence", () => {
        // Data for the first minute only: 12 requests in 1 minute, not 12 in 3.
        const [, , rpm] = evaluateGates(canary, samples({ requests: requests({ "2xx": [12, null, null] }) }), []);
        expect(rpm).toMatchObject({ verdict: "pass", observed: 12 });
        // A silent minute before one with data is silence: 12 requests over 2 minutes is under the floor.
        const [, , sparse] = evaluateGates(canary, samples({ requests: requests({ "2xx": [null, 12, null] }) }), []);
        expect(sparse).toMatchObject({ verdict: "fail", observed: 6 });
    });

    it("fail a probe on its status, latency or body, and one that got no answer", () => {
        const probe = (result: object) =>
            evaluateGates(canary, [], [{ probe: 0, ...result }])[4] as GateVerdict & { detail: string };
        expect(probe({ status: 424, latencyMs: 80, body: "score" }).detail).toBe("answered 424, expected 200");
        expect(probe({ status: 200, latencyMs: 900, body: "score" }).detail).toBe("took 900ms, at most 500ms allowed");
        expect(probe({ status: 200, latencyMs: 90, body: "{}" }).detail).toBe('body lacks "score"');
        expect(probe({ error: "ECONNRESET" })).toMatchObject({ verdict: "fail", detail: "no answer (ECONNRESET)" });
    });
});

describe("the ingestion delay", () => {
    it("leaves the newest minutes out of every window, which Azure Monitor is still filling", () => {
        // At 10:10:30, with three minutes still being ingested, the two minutes read are 10:05 to 10:07.
        expect(gateWindow(120, T0, T0 + 10 * MINUTE, 180)).toEqual({
            start: Date.parse(at(5)),
            end: Date.parse(at(7)),
        });
        expect(gateWindow(120, T0, T0 + 3 * MINUTE, 180)).toBeUndefined();
    });
});

describe("a step's decision over its intervals", () => {
    const pass = evaluateGates(
        canary,
        samples({
            requests: requests({ "2xx": [30, 30, 30] }),
            latency: averages("RequestLatency_P99", [100]),
            cpu: averages("CpuUtilizationPercentage", [10], false),
        }),
        healthyProbe,
    );
    const none = evaluateGates(canary, [], []);
    const failing = evaluateGates(canary, samples({ requests: requests({ "2xx": [10], "4xx": [10] }) }), healthyProbe);

    function run(intervals: GateVerdict[][], bakedEach = 60): { state: StepAnalysis; decisions: string[] } {
        let state = START_ANALYSIS;
        const decisions: string[] = [];
        intervals.forEach((verdicts, i) => {
            const out = recordInterval(canary, state, verdicts, (i + 1) * bakedEach);
            state = out.state;
            decisions.push(out.decision.kind === "fail" ? `fail:${out.decision.cause}` : out.decision.kind);
        });
        return { state, decisions };
    }

    it("goes on only after the bake, and only on a passing interval", () => {
        expect(run([pass, pass, pass, pass, pass]).decisions).toEqual(["wait", "wait", "wait", "wait", "promote"]);
        // Bake time without data is no evidence: the step waits for data instead of passing.
        expect(run([pass, pass, pass, pass, none, pass], 60).decisions).toEqual([
            "wait",
            "wait",
            "wait",
            "wait",
            "wait",
            "promote",
        ]);
    });

    it("fails past the failure limit, counting failures in total", () => {
        expect(run([failing, pass, failing]).decisions).toEqual(["wait", "wait", "fail:gates"]);
    });

    it("fails past the inconclusive limit, counting intervals without a verdict in a row", () => {
        expect(run([none, none, pass, none, none, none]).decisions).toEqual([
            "wait",
            "wait",
            "wait",
            "wait",
            "wait",
            "fail:inconclusive",
        ]);
    });

    it("says which gate failed, what it saw, the threshold and the step", () => {
        const { state } = run([failing, failing]);
        expect(stepFailureMessage(plan, canary.index, failing, state, { kind: "fail", cause: "gates" })).toBe(
            "rollout step 1 of 2 (blue 80%, green 20%) of green failed: gates failed in 2 of 2 intervals, more than " +
                "failureLimit 1; errors<1% fail: observed 50% (10 of 20 requests answered non-2xx), threshold 1%",
        );
        const silent = run([none, none, none]).state;
        expect(stepFailureMessage(plan, 0, none, silent, { kind: "fail", cause: "inconclusive" })).toContain(
            "rollout mirror stage (10% mirrored to green) of green failed: no verdict in 3 intervals of 1m in a row, more than inconclusiveLimit 2; ",
        );
    });
});

describe("gate windows", () => {
    it("keeps to whole minutes whatever the window's length", () => {
        const odd = planRollout({
            deployments: ["blue", "green"],
            liveTraffic: { blue: 100 },
            targetTraffic: { green: 100 },
            policy: rolloutPolicySpec.parse({
                gates: [{ metric: "latencyP99Ms", comparison: "lessThan", threshold: 1, windowSeconds: 90 }],
            }),
        }).steps[0];
        // The default ingestion delay (180 s) holds the window back to whole minutes that are complete.
        expect(gateQueries(odd, T0, T0 + 10 * MINUTE)[0].timespan).toBe(`${at(6)}/${at(7)}`);
    });
});
