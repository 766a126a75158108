import type { PlanDiff } from "./diff";
import {
    CHANGE_SYMBOL,
    MAX_PROPERTIES,
    MAX_RESOURCES,
    OFFLINE_NOTE,
    brief,
    changeTitle,
    reachText,
    shortType,
    stackLabel,
    summaryLine,
    versionText,
} from "./renderCommon";

/** The diff for a terminal: sections of indented lines, risky changes first. */
export function renderDiffText(diff: PlanDiff): string {
    const lines: string[] = [`Plan diff of ${stackLabel(diff)}: ${summaryLine(diff)}`, `(${OFFLINE_NOTE})`];
    if (diff.risks.length > 0) {
        lines.push("", `Risky changes (${diff.risks.length}):`);
        for (const risk of diff.risks) {
            lines.push(`  ! ${risk.kind}: ${risk.message}`, `      why: ${risk.why}`);
        }
    }
    lines.push("", "Traffic:");
    if (diff.traffic.length === 0) {
        lines.push("  no endpoint's traffic moves");
    }
    for (const move of diff.traffic) {
        lines.push(`  ${move.endpoint}: ${move.line}`);
    }
    lines.push("", "Versions:");
    if (diff.versions.length === 0) {
        lines.push("  no model, code or environment version changes");
    }
    for (const version of diff.versions) {
        const reach = version.deployments.map(reachText).join(", ");
        lines.push(`  ${versionText(version)}: ${reach === "" ? "no deployment runs it" : reach}`);
    }
    const f = diff.findings;
    lines.push(
        "",
        `Guardrails: ${f.added.length} new, ${f.resolved.length} resolved, ${f.unchanged.length} unchanged finding(s)`,
    );
    for (const finding of f.added) {
        lines.push(`  new [${finding.enforcementLevel}] ${finding.policy}: ${finding.message}`);
    }
    for (const finding of f.resolved) {
        lines.push(`  resolved ${finding.policy}: ${finding.message}`);
    }
    for (const finding of f.unchanged) {
        lines.push(`  still [${finding.enforcementLevel}] ${finding.policy}: ${finding.message}`);
    }
    lines.push("", "Resources:");
    if (diff.resources.length === 0) {
        lines.push("  no changes");
    }
    for (const change of diff.resources.slice(0, MAX_RESOURCES)) {
        lines.push(
            `  ${CHANGE_SYMBOL[change.kind].padEnd(2)} ${shortType(change.type)} ${change.name}: ${changeTitle(change)}`,
        );
        for (const property of change.properties.slice(0, MAX_PROPERTIES)) {
            const notes = [
                ...(property.replaces ? ["forces replacement"] : []),
                ...(property.ignored ? ["ignored: ignoreChanges"] : []),
            ];
            lines.push(
                `       ${property.path}: ${brief(property.before)} → ${brief(property.after)}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`,
            );
        }
        if (change.properties.length > MAX_PROPERTIES) {
            lines.push(`       … and ${change.properties.length - MAX_PROPERTIES} more (see --format json)`);
        }
    }
    if (diff.resources.length > MAX_RESOURCES) {
        lines.push(`  … and ${diff.resources.length - MAX_RESOURCES} more resources (see --format json)`);
    }
    return `${lines.join("\n")}\n`;
}
