/**
 * One measured run of `npm run bench:stack`, in a fresh process: `node dist/bench/stackChild.js <library|raw> <E>`.
 * Evaluates one program under the mock engine until it has settled and prints one JSON line: wall time from before
 * anything is required (so loading @pulumi/pulumi, azure-native and the library counts) to settle, peak RSS, and
 * what the run registered. Nothing but type imports at the top: every module loads inside the timed span.
 */
const started = process.hrtime.bigint();

import type { MockEngine } from "../src/local/mockEngine";

/** What one run reports to the parent (stdout, one JSON line). */
export interface StackRunResult {
    readonly side: "library" | "raw";
    readonly endpoints: number;
    readonly wallMs: number;
    /** process.resourceUsage().maxRSS, in KiB. */
    readonly maxRssKiB: number;
    readonly resources: number;
    readonly customResources: number;
}

async function main(): Promise<void> {
    const [side, count] = process.argv.slice(2);
    const endpoints = Number(count);
    if ((side !== "library" && side !== "raw") || !Number.isInteger(endpoints) || endpoints < 1) {
        throw new Error(`usage: node dist/bench/stackChild.js <library|raw> <endpoints>, got ${process.argv.slice(2)}`);
    }
    let engine: MockEngine;
    if (side === "library") {
        const { runLibraryStack } = await import("./libraryStack");
        engine = await runLibraryStack(endpoints);
    } else {
        const { runRawStack } = await import("./rawStack");
        engine = await runRawStack(endpoints);
    }
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const result: StackRunResult = {
        side,
        endpoints,
        wallMs,
        maxRssKiB: process.resourceUsage().maxRSS,
        resources: engine.resources.length,
        customResources: engine.resources.filter((r) => r.custom).length,
    };
    // Exit at once: what the runtime keeps open after settling is not part of the measurement.
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

void main().catch((error) => {
    console.error(error);
    process.exit(1);
});
