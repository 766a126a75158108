/**
 * The library against the same infrastructure written on raw azure-native submodules, both evaluated under the
 * mock engine: wall time and peak memory of one `pulumi up`'s program evaluation, at E = 2, 50 and 200 online
 * endpoints (each with blue + green deployments and traffic), then the wall time of the two CLI commands.
 *
 * The reference stack is Pulumi.prod.yaml's (libraryStack.ts says what it leaves out); rawStack.ts is the same
 * Azure resources by hand. Every measured run is a fresh process (stackChild.ts) that times itself from before
 * anything is required until settle(), and reads its own peak RSS. Runs are interleaved in ABBA order (library, raw,
 * raw, library, …) so drift on the machine hits both sides alike, and each round's own library/raw ratio is printed
 * as well as the ratio of the medians; one library + raw pair runs first, uncounted, to warm the file cache. The CLI commands are timed from outside (spawn to exit, node's startup included), after one uncounted
 * run each. Nothing is asserted.
 *
 * Run: npm run bench:stack [-- --rounds 5 --endpoints 2,50,200 --cli-runs 5]
 * (or BENCH_STACK_ROUNDS, BENCH_STACK_ENDPOINTS, BENCH_STACK_CLI_RUNS in the environment)
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import type { StackRunResult } from "./stackChild";

const ROOT = path.resolve(__dirname, "..", "..");
const CHILD = path.join(__dirname, "stackChild.js");
const CLI = path.join(ROOT, "bin", "azureml-pulumi.js");
const SIDES = ["library", "raw"] as const;
type Side = (typeof SIDES)[number];

function options(): { rounds: number; endpoints: number[]; cliRuns: number } {
    const { values } = parseArgs({
        options: {
            rounds: { type: "string", default: process.env.BENCH_STACK_ROUNDS ?? "5" },
            endpoints: { type: "string", default: process.env.BENCH_STACK_ENDPOINTS ?? "2,50,200" },
            "cli-runs": { type: "string", default: process.env.BENCH_STACK_CLI_RUNS ?? "5" },
        },
    });
    const positive = (text: string, what: string) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1) {
            throw new Error(`${what} must be a whole number of at least 1, got "${text}"`);
        }
        return n;
    };
    const endpoints = values.endpoints.split(",").map((e) => positive(e.trim(), "--endpoints"));
    return {
        rounds: positive(values.rounds, "--rounds"),
        endpoints: [...new Set(endpoints)].sort((a, b) => a - b),
        cliRuns: positive(values["cli-runs"], "--cli-runs"),
    };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One measured program evaluation in a fresh node process. */
function runStack(side: Side, endpoints: number): StackRunResult {
    const child = spawnSync(process.execPath, [CHILD, side, String(endpoints)], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const line = child.stdout
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .pop();
    if (child.status !== 0 || line === undefined) {
        throw new Error(`${side} run with ${endpoints} endpoints failed (exit ${child.status}):\n${child.stderr}`);
    }
    return JSON.parse(line) as StackRunResult;
}

/** Wall time of one CLI command in a fresh process, spawn to exit, in ms. */
function timeCli(args: string[]): number {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) {
        throw new Error(`azureml-pulumi ${args.join(" ")} exited ${child.status}:\n${child.stdout}${child.stderr}`);
    }
    return wallMs;
}

const ms = (value: number) => value.toFixed(0);
const mib = (kib: number) => (kib / 1024).toFixed(1);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const spread = (values: number[], format: (v: number) => string) =>
    `${format(Math.min(...values))}–${format(Math.max(...values))}`;

const COMMANDS: readonly string[][] = [
    ["validate", "Pulumi.prod.yaml"],
    ["preview", "--stack", "prod"],
];

/** Each command's wall times, `runs` of them after 1 uncounted run. */
function timeCommands(runs: number): number[][] {
    return COMMANDS.map((args) => {
        timeCli(args);
        return Array.from({ length: runs }, () => timeCli(args));
    });
}

function printCliTimes(times: number[][], runs: number): void {
    console.log(`CLI, wall time spawn to exit (node startup included), median of ${runs} after 1 uncounted run:`);
    COMMANDS.forEach((args, i) => {
        const walls = times[i];
        console.log(
            `  ${`azureml-pulumi ${args.join(" ")}`.padEnd(42)}${ms(median(walls)).padStart(7)} ms  (${spread(walls, ms)})`,
        );
    });
}

function main(): void {
    const { rounds, endpoints, cliRuns } = options();
    const cpus = os.cpus();
    console.log("Stack benchmark: the library's root program vs the same stack on raw azure-native (mock engine)");
    console.log(
        `machine: ${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length}, ` +
            `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`,
    );
    console.log(
        `runs: ${rounds} rounds per E (library and raw interleaved, ABBA order), each a fresh process timed from ` +
            `before its first require to settle(); 1 uncounted warm-up pair. "library/raw" divides the medians; ` +
            `"per round" is the median (and range) of the ratios within each round.`,
    );
    console.log("");

    // The commands are timed first, on a machine not yet reclaiming the memory of the large stack runs.
    const cliTimes = timeCommands(cliRuns);
    for (const side of SIDES) {
        runStack(side, endpoints[0]);
    }
    const results = new Map<number, Record<Side, StackRunResult[]>>();
    for (const e of endpoints) {
        const runs: Record<Side, StackRunResult[]> = { library: [], raw: [] };
        for (let round = 0; round < rounds; round++) {
            // ABBA order (library first in even rounds, raw first in odd ones), so neither side always runs second.
            for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
                runs[side].push(runStack(side, e));
            }
            process.stderr.write(`  E=${e}: round ${round + 1}/${rounds} done\n`);
        }
        results.set(e, runs);
    }

    const header =
        `${"E".padStart(4)}  ${"side".padEnd(12)}${"wall ms".padStart(9)}  ${"(min–max)".padEnd(14)}` +
        `${"peak RSS MiB".padStart(13)}  ${"(min–max)".padEnd(14)}${"resources (custom)".padStart(19)}`;
    console.log("Program evaluation, medians:");
    console.log(header);
    console.log("-".repeat(header.length));
    const medians = new Map<number, Record<Side, { wallMs: number; rssKiB: number }>>();
    for (const [e, runs] of results) {
        const m = {} as Record<Side, { wallMs: number; rssKiB: number }>;
        for (const side of SIDES) {
            const walls = runs[side].map((r) => r.wallMs);
            const rss = runs[side].map((r) => r.maxRssKiB);
            m[side] = { wallMs: median(walls), rssKiB: median(rss) };
            const first = runs[side][0];
            console.log(
                `${String(e).padStart(4)}  ${side.padEnd(12)}${ms(m[side].wallMs).padStart(9)}  ` +
                    `${`(${spread(walls, ms)})`.padEnd(14)}${mib(m[side].rssKiB).padStart(13)}  ` +
                    `${`(${spread(rss, mib)})`.padEnd(14)}${`${first.resources} (${first.customResources})`.padStart(19)}`,
            );
        }
        console.log(
            `${"".padStart(4)}  ${"library/raw".padEnd(12)}${ratio(m.library.wallMs, m.raw.wallMs).padStart(9)}  ` +
                `${"".padEnd(14)}${ratio(m.library.rssKiB, m.raw.rssKiB).padStart(13)}`,
        );
        // The ratio within each round (the two runs side by side in time), whose median drifting load moves less.
        const paired = (value: (r: StackRunResult) => number) =>
            runs.library.map((run, i) => value(run) / value(runs.raw[i]));
        const wallRatios = paired((r) => r.wallMs);
        const rssRatios = paired((r) => r.maxRssKiB);
        const times = (v: number) => `${v.toFixed(2)}×`;
        console.log(
            `${"".padStart(4)}  ${"per round".padEnd(12)}${times(median(wallRatios)).padStart(9)}  ` +
                `${`(${spread(wallRatios, times)})`.padEnd(14)}${times(median(rssRatios)).padStart(13)}  ` +
                `${`(${spread(rssRatios, times)})`.padEnd(14)}`,
        );
        medians.set(e, m);
    }

    if (endpoints.length >= 2) {
        const [low, high] = endpoints.slice(-2);
        const slope = (side: Side) => {
            const a = medians.get(low)![side];
            const b = medians.get(high)![side];
            return { wallMs: (b.wallMs - a.wallMs) / (high - low), rssKiB: (b.rssKiB - a.rssKiB) / (high - low) };
        };
        const lib = slope("library");
        const raw = slope("raw");
        console.log("");
        console.log(`Marginal cost per endpoint (slope of the medians between E=${low} and E=${high}):`);
        for (const [side, s] of [
            ["library", lib],
            ["raw", raw],
        ] as const) {
            console.log(
                `      ${side.padEnd(12)}${s.wallMs.toFixed(1).padStart(9)} ms/endpoint  ` +
                    `${(s.rssKiB / 1024).toFixed(2).padStart(9)} MiB/endpoint`,
            );
        }
        console.log(
            `      ${"library/raw".padEnd(12)}${ratio(lib.wallMs, raw.wallMs).padStart(9)}              ` +
                `${ratio(lib.rssKiB, raw.rssKiB).padStart(9)}`,
        );
    }

    console.log("");
    printCliTimes(cliTimes, cliRuns);
}

main();
