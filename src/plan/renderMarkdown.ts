import type { PlanDiff } from "./diff";
import {
    MAX_PROPERTIES,
    MAX_RESOURCES,
    OFFLINE_NOTE,
    brief,
    changeTitle,
    reachText,
    shortType,
    stackLabel,
    summaryLine,
} from "./renderCommon";

/** Text safe inside a table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Inline code that survives backticks in the text (a longer fence around it). */
function code(text: string): string {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${text}${pad}${fence}`;
}

/** A property value as inline code, or _not set_. */
const shown = (value: unknown) => (value === undefined ? "_not set_" : code(brief(value)));

/** The HTML comment that starts every rendering: a workflow finds its earlier comment for the same stack by it. */
export function diffCommentMarker(diff: PlanDiff): string {
    return `<!-- azureml-pulumi-diff ${diff.head.project}/${diff.head.stack} -->`;
}

/** The diff as GitHub-flavoured markdown for a pull-request comment: risks, traffic and versions up front. */
export function renderDiffMarkdown(diff: PlanDiff): string {
    const out: string[] = [
        diffCommentMarker(diff),
        `### Plan diff: ${code(stackLabel(diff))}`,
        "",
        `${diff.risks.length > 0 ? "**⚠ " : "**"}${summaryLine(diff)}**`,
        "",
        `<sub>${OFFLINE_NOTE}</sub>`,
    ];
    if (diff.risks.length > 0) {
        out.push("", "#### Risky changes", "", "| risk | on | what changes | why |", "| --- | --- | --- | --- |");
        for (const risk of diff.risks) {
            out.push(`| ${code(risk.kind)} | ${code(risk.subject)} | ${cell(risk.message)} | ${cell(risk.why)} |`);
        }
    }
    out.push("", "#### Traffic", "");
    if (diff.traffic.length === 0) {
        out.push("No endpoint's traffic moves.");
    }
    for (const move of diff.traffic) {
        out.push(`- **${cell(move.endpoint)}**: ${code(move.line)}`);
    }
    out.push("", "#### Versions", "");
    if (diff.versions.length === 0) {
        out.push("No model, code or environment version changes.");
    } else {
        out.push("| asset | before | after | reaches |", "| --- | --- | --- | --- |");
        for (const v of diff.versions) {
            const reach = v.deployments.map(reachText).join(", ");
            out.push(
                `| ${v.kind} ${code(v.name)} | ${v.before !== undefined ? code(v.before) : "—"} | ${v.after !== undefined ? code(v.after) : "—"} | ${cell(reach === "" ? "no deployment runs it" : reach)} |`,
            );
        }
    }
    const f = diff.findings;
    out.push(
        "",
        "#### Guardrails",
        "",
        `${f.added.length} new, ${f.resolved.length} resolved, ${f.unchanged.length} unchanged finding${f.unchanged.length === 1 ? "" : "s"}.`,
    );
    const rows = [
        ...f.added.map((x) => ({ status: "new", finding: x })),
        ...f.resolved.map((x) => ({ status: "resolved", finding: x })),
        ...f.unchanged.map((x) => ({ status: "unchanged", finding: x })),
    ];
    if (rows.length > 0) {
        out.push("", "| | level | policy | finding |", "| --- | --- | --- | --- |");
        for (const { status, finding } of rows) {
            out.push(
                `| ${status} | ${finding.enforcementLevel} | ${code(finding.policy)} | ${cell(finding.message)} |`,
            );
        }
    }
    out.push("", "#### Resources", "");
    if (diff.resources.length === 0) {
        out.push("No resource changes.");
    } else {
        out.push("<details>", `<summary>${diff.resources.length} resource change(s)</summary>`, "");
        for (const change of diff.resources.slice(0, MAX_RESOURCES)) {
            out.push(
                `- **${changeTitle(change).replace(/[<>]/g, "")}** ${code(change.name)} (${shortType(change.type)})`,
            );
            for (const p of change.properties.slice(0, MAX_PROPERTIES)) {
                const notes = [...(p.replaces ? ["forces replacement"] : []), ...(p.ignored ? ["ignored"] : [])];
                out.push(
                    `  - ${code(p.path)}: ${shown(p.before)} → ${shown(p.after)}${notes.length > 0 ? ` _(${notes.join(", ")})_` : ""}`,
                );
            }
            if (change.properties.length > MAX_PROPERTIES) {
                out.push(`  - … and ${change.properties.length - MAX_PROPERTIES} more`);
            }
        }
        if (diff.resources.length > MAX_RESOURCES) {
            out.push(`- … and ${diff.resources.length - MAX_RESOURCES} more (see the JSON diff)`);
        }
        out.push("", "</details>");
    }
    return `${out.join("\n")}\n`;
}
