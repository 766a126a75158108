import * as fs from "fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { PathSegment, RESERVED_KEY, describeValue, formatPath, keysAt, suggestKey } from "../../model";
import { Scenario, scenarioSpec, toScenario } from "./scenarioSchema";

/** One thing wrong with a scenario file: where (a key path, or the line of a YAML error) and what, with the fix. */
export interface ScenarioProblem {
    readonly file: string;
    /** `deployments["credit/green"].errorRate`, `faults[0].kind`, `line 4, column 3`, or `(root)`. */
    readonly path: string;
    /** `<what is wrong> (got <value>); <the fix>`. */
    readonly message: string;
}

export type ScenarioRead =
    | { readonly ok: true; readonly scenario: Scenario }
    | { readonly ok: false; readonly problems: readonly ScenarioProblem[] };

/** `<file>: <key.path>: <what is wrong> (got <value>); <the fix>`. */
export function formatScenarioProblem(problem: ScenarioProblem): string {
    return `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** Thrown by loadScenarioFile; its message holds every problem, one line each. */
export class ScenarioFileError extends Error {
    constructor(readonly problems: readonly ScenarioProblem[]) {
        super(problems.map(formatScenarioProblem).join("\n"));
        this.name = "ScenarioFileError";
    }
}

/** Known keys whose misuse deserves more than "unknown key": what to write instead. */
const KEY_HINTS: Record<string, string> = {
    atStep: "the emulator knows no rollout steps; write afterRequests or afterTime for the step (docs/rehearsal-scenarios.md shows how to pick them)",
    fromTime: "write afterTime, emulator time since the run started (PT5M or milliseconds)",
    requestsPerMinute: "write requestsPerSecond (requests per minute / 60)",
};

/** "<what> (got <value>); <fix>" from a schema message "<what>; <fix>" and the value received. */
function withValue(message: string, value: unknown): string {
    const split = message.indexOf("; ");
    const got = `(got ${describeValue(value)})`;
    return split === -1 ? `${message} ${got}` : `${message.slice(0, split)} ${got}${message.slice(split)}`;
}

function unknownKeyMessage(key: string, value: unknown, known: readonly string[]): string {
    const suggestion = suggestKey(key, known);
    const knownList = known.length > 0 ? `known keys: ${known.join(", ")}` : "remove it";
    const fix = KEY_HINTS[key] ?? (suggestion !== undefined ? `did you mean '${suggestion}'? ${knownList}` : knownList);
    return `unknown key ${JSON.stringify(key)} (got ${describeValue(value)}); ${fix}`;
}

/** Turns zod issues into problems; unknown keys one per key, with the keys the schema knows there. */
function issueProblems(file: string, issues: readonly z.core.$ZodIssue[]): ScenarioProblem[] {
    return issues.flatMap((issue): ScenarioProblem[] => {
        const input = (issue as { input?: unknown }).input;
        if (issue.code === "unrecognized_keys") {
            const known = keysAt(scenarioSpec, issue.path);
            return issue.keys
                .filter((key) => key !== RESERVED_KEY)
                .map((key) => ({
                    file,
                    path: formatPath([...issue.path, key]),
                    message: unknownKeyMessage(key, (input as Record<string, unknown> | undefined)?.[key], known),
                }));
        }
        if (issue.code === "invalid_key") {
            // A record's key: its own issues say what is wrong with the name.
            return issue.issues.map((inner) => ({
                file,
                path: formatPath(issue.path),
                message: withValue(inner.message, issue.input),
            }));
        }
        return [{ file, path: formatPath(issue.path), message: withValue(issue.message, input) }];
    });
}

/** "__proto__" keys: YAML keeps them as data, but zod drops them without a word when it copies the object. */
function reservedKeyProblems(file: string, value: unknown, path: PathSegment[] = []): ScenarioProblem[] {
    if (typeof value !== "object" || value === null) {
        return [];
    }
    return Object.entries(value).flatMap(([key, child]) =>
        key === RESERVED_KEY
            ? [
                  {
                      file,
                      path: formatPath([...path, key]),
                      message: withValue(
                          `"${RESERVED_KEY}" cannot be a key: JavaScript reads it as the object's prototype; rename or remove it`,
                          child,
                      ),
                  },
              ]
            : reservedKeyProblems(file, child, [...path, Array.isArray(value) ? Number(key) : key]),
    );
}

/** Validates a scenario already read as data (YAML or JSON); `file` names it in problems. */
export function validateScenario(value: unknown, file: string): ScenarioRead {
    const reserved = reservedKeyProblems(file, value);
    const result = scenarioSpec.safeParse(value ?? {}, { reportInput: true });
    if (result.success && reserved.length === 0) {
        return { ok: true, scenario: toScenario(result.data) };
    }
    return { ok: false, problems: [...reserved, ...(result.success ? [] : issueProblems(file, result.error.issues))] };
}

/** Parses scenario YAML: every YAML error with its line, or else every schema problem with its key path. */
export function parseScenario(text: string, file: string): ScenarioRead {
    const document = parseDocument(text, { prettyErrors: true });
    if (document.errors.length > 0) {
        return {
            ok: false,
            problems: document.errors.map((error) => {
                const at = error.linePos?.[0];
                const what = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
                return {
                    file,
                    path: at !== undefined ? `line ${at.line}, column ${at.col}` : "(file)",
                    message: `not valid YAML: ${what}; fix the YAML there`,
                };
            }),
        };
    }
    return validateScenario(document.toJS(), file);
}

/** Reads and parses a scenario file; a missing or unreadable file is one problem. */
export function readScenarioFile(file: string): ScenarioRead {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            ok: false,
            problems: [
                {
                    file,
                    path: "(file)",
                    message:
                        code === "ENOENT"
                            ? "file not found; check the --scenario path"
                            : `cannot read the file (${code ?? String(error)}); check its permissions`,
                },
            ],
        };
    }
    return parseScenario(text, file);
}

/** The scenario in a file, or a ScenarioFileError listing every problem. */
export function loadScenarioFile(file: string): Scenario {
    const read = readScenarioFile(file);
    if (!read.ok) {
        throw new ScenarioFileError(read.problems);
    }
    return read.scenario;
}

/** A scenario file for the CLI: the scenario, or every problem as a printable line (formatScenarioProblem). */
export function readScenario(
    file: string,
): { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly problems: string[] } {
    const read = readScenarioFile(file);
    return read.ok ? read : { ok: false, problems: read.problems.map(formatScenarioProblem) };
}
