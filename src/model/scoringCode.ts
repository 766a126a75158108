import type { RuleIssue } from "../rules";

/**
 * How code, scoring script and environment go together in online and batch deployments: a code asset names its
 * scoring script, a scoring script comes from a code asset, and a scoring script runs in an environment.
 */
export function scoringCodeIssues(d: { code?: string; scoringScript?: string; environment?: string }): RuleIssue[] {
    const issues: RuleIssue[] = [];
    if (d.code !== undefined && d.scoringScript === undefined) {
        issues.push({
            path: ["scoringScript"],
            input: undefined,
            message: "a code asset needs the path of its scoring script; set scoringScript",
        });
    }
    if (d.scoringScript !== undefined && d.code === undefined) {
        issues.push({
            path: ["code"],
            input: undefined,
            message: `scoringScript '${d.scoringScript}' needs a code asset; set code`,
        });
    }
    if (d.code !== undefined && d.environment === undefined) {
        issues.push({
            path: ["environment"],
            input: undefined,
            message: "a scoring script runs in an environment; set environment",
        });
    }
    return issues;
}
