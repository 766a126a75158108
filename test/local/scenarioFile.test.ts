import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { IMMEDIATE_KINDS } from "../../src/local/emulator/faults";
import {
    ScenarioFileError,
    formatScenarioProblem,
    loadScenarioFile,
    parseScenario,
    readScenario,
    readScenarioFile,
} from "../../src/local/rehearsal/scenarioFile";
import { SCENARIO_FAULT_KINDS } from "../../src/local/rehearsal/scenarioSchema";
import { REPO_ROOT } from "../support/stackFiles";

/** Problem lines of a scenario text, or the parsed scenario when it is valid. */
function problems(text: string): string[] {
    const read = parseScenario(text, "scenario.yaml");
    return read.ok ? [] : read.problems.map(formatScenarioProblem);
}

function parsed(text: string) {
    const read = parseScenario(text, "scenario.yaml");
    if (!read.ok) {
        throw new Error(`expected a valid scenario, got:\n${read.problems.map(formatScenarioProblem).join("\n")}`);
    }
    return read.scenario;
}

describe("scenario files: the format", () => {
    it("reads every section into the form the rehearsal applies", () => {
        const scenario = parsed(`
description: green fails from step 2
clock: { timeScale: 600 }
deployments:
  credit/green:
    latencyMs: 40
    changes:
      - from: { afterRequests: 70 }
        errorRate: 0.5
        modelStatusCode: 503
      - from: { afterTime: PT2M30S }
        latencyMs: 900
      - from: { afterTime: 5000, afterRequests: 3 }
        cpuPercent: 95
  nightly/batch-v2: { batchOutcome: Failed }
faults:
  - kind: throttle
    method: put
    path: /onlineEndpoints/credit
    count: 2
    retryAfterSeconds: 5
  - kind: lro-failed
load:
  credit: { requestsPerSecond: 2.5 }
`);
        expect(scenario).toEqual({
            description: "green fails from step 2",
            clock: { timeScale: 600 },
            deployments: [
                {
                    key: "credit/green",
                    endpoint: "credit",
                    deployment: "green",
                    values: { latencyMs: 40 },
                    changes: [
                        { afterRequests: 70, values: { errorRate: 0.5, modelStatusCode: 503 } },
                        { afterTimeMs: 150_000, values: { latencyMs: 900 } },
                        { afterRequests: 3, afterTimeMs: 5000, values: { cpuPercent: 95 } },
                    ],
                },
                {
                    key: "nightly/batch-v2",
                    endpoint: "nightly",
                    deployment: "batch-v2",
                    values: {},
                    batchOutcome: "Failed",
                    changes: [],
                },
            ],
            faults: [
                { kind: "throttle", method: "PUT", path: "/onlineEndpoints/credit", count: 2, retryAfterSeconds: 5 },
                { kind: "lro-failed" },
            ],
            load: [{ endpoint: "credit", requestsPerSecond: 2.5 }],
        });
    });

    it("takes an empty file as a scenario that changes nothing", () => {
        expect(parsed("")).toEqual({ clock: {}, deployments: [], faults: [], load: [] });
        expect(parsed("# only a comment\n")).toEqual({ clock: {}, deployments: [], faults: [], load: [] });
    });

    it("accepts every fault kind the emulator has, the immediate ones included", () => {
        expect(SCENARIO_FAULT_KINDS).toEqual(expect.arrayContaining([...IMMEDIATE_KINDS, "lro-failed"]));
        for (const kind of SCENARIO_FAULT_KINDS) {
            expect(problems(`faults: [{ kind: ${kind} }]`)).toEqual([]);
        }
    });

    it("parses the example in docs/rehearsal-scenarios.md", () => {
        const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "rehearsal-scenarios.md"), "utf8");
        const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
        expect(blocks.length).toBeGreaterThan(0);
        for (const block of blocks) {
            expect(problems(block)).toEqual([]);
        }
        const example = parsed(blocks[0]);
        expect(example.deployments.map((d) => d.key)).toContain("credit/green");
        expect(example.load.length).toBeGreaterThan(0);
    });
});

describe("scenario files: problems", () => {
    it("lists every mistake at once, each with its key path, the value and the fix", () => {
        expect(
            problems(`
clok: { timeScale: 600 }
deployments:
  credit/green:
    errorRate: 5
    latencyMs: fast
    changes:
      - from: { atStep: 2 }
        errorRate: 0.5
      - errorRate: 1
      - from: { afterTime: 2 minutes }
        batchOutcome: Failed
  Credit/Green: { cpuPercent: 10 }
  credit: {}
faults:
  - kind: throttel
  - kind: reset
    retryAfterSeconds: 3
    method: fetch
load:
  credit: { requestsPerMinute: 60 }
`),
        ).toEqual([
            'scenario.yaml: deployments["credit/green"].latencyMs: latencyMs must be a number of milliseconds (got "fast"); write e.g. 250',
            'scenario.yaml: deployments["credit/green"].errorRate: errorRate must be a fraction from 0 to 1 (got 5); write 0.05 for 5 %',
            'scenario.yaml: deployments["credit/green"].changes[0].from.atStep: unknown key "atStep" (got 2); the emulator knows no rollout steps; write afterRequests or afterTime for the step (docs/rehearsal-scenarios.md shows how to pick them)',
            'scenario.yaml: deployments["credit/green"].changes[0].from: from names no condition (got {}); give afterRequests (a request count), afterTime (PT5M or milliseconds) or both',
            'scenario.yaml: deployments["credit/green"].changes[1].from: from must say when the change applies (got nothing); write from: { afterRequests: 120 } or from: { afterTime: PT5M }',
            'scenario.yaml: deployments["credit/green"].changes[2].from.afterTime: afterTime is not a duration (got "2 minutes"); write an ISO-8601 duration such as PT2M30S, or a number of milliseconds',
            `scenario.yaml: deployments["credit/green"].changes[2].batchOutcome: batchOutcome cannot change during a run: the emulator reads it from the deployment's own settings only (got "Failed"); set it on the deployment instead`,
            'scenario.yaml: deployments.credit: a deployment is named <endpoint>/<deployment> (got "credit"); write e.g. credit/green',
            'scenario.yaml: deployments["Credit/Green"]: names the same deployment as "credit/green", since Azure ignores case in names (got {"cpuPercent":10,"changes":[]}); merge the two entries',
            'scenario.yaml: faults[0].kind: unknown fault kind (got "throttel"); use one of throttle, unavailable, conflict, server-error, reset, lro-failed, lro-canceled, not-found-after-create',
            'scenario.yaml: faults[1].method: method must be an HTTP method (got "fetch"); use one of GET, PUT, POST, PATCH, DELETE, HEAD',
            "scenario.yaml: faults[1].retryAfterSeconds: a reset fault sends no Retry-After (got 3); remove retryAfterSeconds or use kind throttle or unavailable",
            "scenario.yaml: load.credit.requestsPerSecond: requestsPerSecond must be a number above 0 (got nothing); write e.g. 5",
            'scenario.yaml: load.credit.requestsPerMinute: unknown key "requestsPerMinute" (got 60); write requestsPerSecond (requests per minute / 60)',
            'scenario.yaml: clok: unknown key "clok" (got {"timeScale":600}); did you mean \'clock\'? known keys: description, clock, deployments, faults, load',
        ]);
    });

    it("refuses unknown keys with the keys known at that place", () => {
        expect(problems("deployments:\n  credit/green:\n    errorRat: 0.1\n    colour: red\n")).toEqual([
            'scenario.yaml: deployments["credit/green"].errorRat: unknown key "errorRat" (got 0.1); did you mean \'errorRate\'? known keys: latencyMs, errorRate, modelStatusCode, cpuPercent, memoryPercent, batchOutcome, changes',
            'scenario.yaml: deployments["credit/green"].colour: unknown key "colour" (got "red"); known keys: latencyMs, errorRate, modelStatusCode, cpuPercent, memoryPercent, batchOutcome, changes',
        ]);
        expect(problems("faults: [{ kind: throttle, retries: 2 }]")).toEqual([
            'scenario.yaml: faults[0].retries: unknown key "retries" (got 2); known keys: kind, method, path, count, retryAfterSeconds',
        ]);
    });

    it("checks names, ranges and sections", () => {
        expect(
            problems(`
clock: { timeScale: 0 }
deployments:
  credit/a_b: {}
  credit/green: { modelStatusCode: 200, cpuPercent: 120, changes: { from: 1 } }
faults: { kind: throttle }
load:
  x: { requestsPerSecond: 5 }
  credit: { requestsPerSecond: 500 }
`),
        ).toEqual([
            "scenario.yaml: clock.timeScale: timeScale must be above 0 (got 0); write e.g. 600 for ten minutes a second",
            'scenario.yaml: deployments["credit/a_b"]: "a_b" is not a valid deployment name (got "credit/a_b"); deployment names have 3 to 32 letters, digits and hyphens, starting with a letter and not ending with a hyphen',
            'scenario.yaml: deployments["credit/green"].modelStatusCode: modelStatusCode is the status of a failure, 400 to 599 (got 200); write e.g. 500',
            'scenario.yaml: deployments["credit/green"].cpuPercent: cpuPercent must be a number from 0 to 100 (got 120); lower it to 100 or less',
            'scenario.yaml: deployments["credit/green"].changes: changes is a list (got {"from":1}); write each change as an item starting with \'- from:\'',
            'scenario.yaml: faults: faults is a list (got {"kind":"throttle"}); write each fault as an item starting with \'- kind:\'',
            'scenario.yaml: load.x: not a valid online endpoint name (got "x"); endpoint names have 3 to 32 letters, digits and hyphens, starting with a letter and not ending with a hyphen',
            "scenario.yaml: load.credit.requestsPerSecond: requestsPerSecond is at most 100 (every request is simulated) (got 500); lower it, gates need only a few per second",
        ]);
    });

    it("refuses a file that is not a mapping, and __proto__ keys that would vanish", () => {
        expect(problems("- credit/green\n")).toEqual([
            'scenario.yaml: (root): a scenario is a YAML mapping (got ["credit/green"]); start with one of the keys clock, deployments, faults, load',
        ]);
        expect(problems("deployments:\n  credit/green:\n    __proto__: { errorRate: 1 }\n")).toEqual([
            `scenario.yaml: deployments["credit/green"].__proto__: "__proto__" cannot be a key: JavaScript reads it as the object's prototype (got {"errorRate":1}); rename or remove it`,
        ]);
    });

    it("names the line of a YAML syntax error, and of a repeated key", () => {
        expect(problems("load:\n  credit: { requestsPerSecond: 5\nfaults: []\n")).toEqual([
            expect.stringMatching(/^scenario\.yaml: line 3, column 1: not valid YAML: .+; fix the YAML there$/),
        ]);
        expect(problems("clock: { timeScale: 10 }\nfaults: []\nclock: { timeScale: 20 }\n")).toEqual([
            "scenario.yaml: line 3, column 1: not valid YAML: Map keys must be unique; fix the YAML there",
        ]);
    });
});

describe("scenario files on disk", () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "scenario-"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads a file and names it in its problems", () => {
        const good = path.join(dir, "good.yaml");
        fs.writeFileSync(good, "load:\n  credit: { requestsPerSecond: 2 }\n");
        expect(loadScenarioFile(good).load).toEqual([{ endpoint: "credit", requestsPerSecond: 2 }]);

        const bad = path.join(dir, "bad.yaml");
        fs.writeFileSync(bad, "load:\n  credit: { requestsPerSecond: -1 }\nfaults: [{ kind: nope }]\n");
        const error = (() => {
            try {
                loadScenarioFile(bad);
            } catch (e) {
                return e;
            }
            return undefined;
        })();
        expect(error).toBeInstanceOf(ScenarioFileError);
        expect((error as ScenarioFileError).problems).toHaveLength(2);
        expect((error as Error).message.split("\n")).toEqual([
            `${bad}: faults[0].kind: unknown fault kind (got "nope"); use one of throttle, unavailable, conflict, server-error, reset, lro-failed, lro-canceled, not-found-after-create`,
            `${bad}: load.credit.requestsPerSecond: requestsPerSecond must be above 0 (got -1); remove the endpoint from load to send nothing`,
        ]);
    });

    it("reports a missing file as one problem", () => {
        const missing = path.join(dir, "missing.yaml");
        const read = readScenarioFile(missing);
        expect(read.ok ? [] : read.problems.map(formatScenarioProblem)).toEqual([
            `${missing}: (file): file not found; check the --scenario path`,
        ]);
        // The CLI's form: the same problems as printable lines.
        expect(readScenario(missing)).toEqual({
            ok: false,
            problems: [`${missing}: (file): file not found; check the --scenario path`],
        });
    });
});
