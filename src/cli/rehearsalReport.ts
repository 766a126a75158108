import type { RehearsalResult } from "../local/rehearsal/rehearsal";
import type { ResourceOperation } from "../local/rehearsal/resourceOperation";

const SYMBOL: Record<ResourceOperation["op"], string> = {
    create: "+",
    update: "~",
    replace: "+-",
    delete: "-",
    same: "=",
};

const PAST: Record<ResourceOperation["op"], string> = {
    create: "created",
    update: "updated",
    replace: "replaced",
    delete: "deleted",
    same: "unchanged",
};

/** `azure-native:machinelearningservices:OnlineEndpoint` → `machinelearningservices:OnlineEndpoint`. */
function shortType(operation: ResourceOperation): string {
    if (operation.kind === "dynamic") {
        return "dynamic";
    }
    return operation.type.replace(/^azure-native:/, "");
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** One line per resource operation, as `pulumi up` prints its steps; failures say what failed. */
export function operationLine(operation: ResourceOperation): string {
    const where = operation.retained
        ? " (retainOnDelete: left in place)"
        : operation.kind === "standIn"
          ? " (stand-in)"
          : "";
    if (operation.error !== undefined) {
        return ` x  ${shortType(operation)}  ${operation.name}: ${operation.op} failed: ${operation.error}`;
    }
    return ` ${SYMBOL[operation.op].padEnd(2)} ${shortType(operation)}  ${operation.name}  ${PAST[operation.op]}${where}  ${seconds(operation.ms)}`;
}

/** Counts by operation over the operations that succeeded. */
export function summaryOf(operations: readonly ResourceOperation[]): Record<string, number> {
    const counts: Record<string, number> = {
        created: 0,
        updated: 0,
        replaced: 0,
        deleted: 0,
        unchanged: 0,
        failed: 0,
    };
    for (const operation of operations) {
        counts[operation.error === undefined ? PAST[operation.op] : "failed"]++;
    }
    return counts;
}

function trafficText(map: Record<string, number>): string {
    const entries = Object.entries(map).filter(([, share]) => share > 0);
    return entries.length === 0 ? "none" : entries.map(([name, share]) => `${name} ${share}`).join(", ");
}

/** What follows the steps: the summary, the stack outputs, the emulator's live traffic and jobs, and the outcome. */
export function resultLines(result: RehearsalResult, durationMs: number): string[] {
    const lines = ["", "Resources:"];
    for (const [name, count] of Object.entries(summaryOf(result.operations))) {
        lines.push(`    ${String(count).padStart(3)} ${name}`);
    }
    if (result.outputs !== undefined) {
        lines.push("", "Outputs (secrets masked):");
        lines.push(
            ...JSON.stringify(result.outputs, null, 2)
                .split("\n")
                .map((l) => `    ${l}`),
        );
    }
    lines.push("", "Online endpoints, read from the emulator:");
    if (result.live.onlineEndpoints.length === 0) {
        lines.push("    none");
    }
    for (const endpoint of result.live.onlineEndpoints) {
        const deployments = endpoint.deployments
            .map(
                (d) =>
                    `${d.name} (${d.provisioningState}${d.instanceCount !== undefined ? `, ${d.instanceCount} instance(s)` : ""})`,
            )
            .join(", ");
        lines.push(
            `    ${endpoint.name}: live ${trafficText(endpoint.traffic)}; mirror ${trafficText(endpoint.mirrorTraffic)}; deployments ${deployments || "none"}`,
        );
    }
    if (result.live.batchJobs.length > 0) {
        lines.push("", "Batch jobs, read from the emulator:");
        for (const job of result.live.batchJobs) {
            lines.push(`    ${job.experiment !== undefined ? `${job.experiment}: ` : ""}${job.name} ${job.status}`);
        }
    }
    lines.push(
        "",
        `Requests to the emulator: ${result.requests.writes} writes, ${result.requests.reads} reads (before the reads above)`,
        `Duration: ${seconds(durationMs)}`,
    );
    if (result.failure !== undefined) {
        lines.push("", `error: ${result.failure.resource}: ${result.failure.message}`);
    }
    return lines;
}

/** The same as one JSON document, for `--json`. */
export function resultDocument(
    header: { project: string; stack: string; action: string },
    result: RehearsalResult,
    durationMs: number,
): Record<string, unknown> {
    return {
        ...header,
        rehearsal: "local emulator, not Azure",
        ok: result.ok,
        operations: result.operations.map(({ urn, type, name, kind, op, ms, error }) => ({
            urn,
            type,
            name,
            kind,
            op,
            ms,
            ...(error !== undefined ? { error } : {}),
        })),
        summary: summaryOf(result.operations),
        emulatorRequests: result.requests,
        ...(result.outputs !== undefined ? { outputs: result.outputs } : {}),
        onlineEndpoints: result.live.onlineEndpoints,
        batchJobs: result.live.batchJobs,
        durationMs,
        ...(result.failure !== undefined ? { failure: result.failure } : {}),
    };
}
