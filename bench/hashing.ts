/**
 * Hashing throughput on a generated folder (default 1 GiB: 64 files of 16 MiB, in nested folders).
 * Prints MB/s for a cold-ish and a warm pass; nothing is asserted. Run: npm run bench:hash [-- --mib 1024]
 */
import { randomFillSync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hashContent } from "../src/assets";

function generate(root: string, totalMiB: number, fileMiB: number): void {
    const chunk = Buffer.alloc(1024 * 1024);
    const files = Math.ceil(totalMiB / fileMiB);
    for (let i = 0; i < files; i++) {
        const dir = path.join(root, `part-${i % 8}`);
        fs.mkdirSync(dir, { recursive: true });
        const fd = fs.openSync(path.join(dir, `shard-${i}.bin`), "w");
        for (let m = 0; m < fileMiB; m++) {
            randomFillSync(chunk);
            fs.writeSync(fd, chunk);
        }
        fs.closeSync(fd);
    }
}

async function main(): Promise<void> {
    const mibArg = process.argv.indexOf("--mib");
    const totalMiB = mibArg >= 0 ? Number(process.argv[mibArg + 1]) : 1024;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hash-bench-"));
    try {
        const started = Date.now();
        generate(root, totalMiB, 16);
        console.log(`generated ${totalMiB} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        for (const pass of ["first pass", "second pass"]) {
            for (const concurrency of [1, 4]) {
                const t0 = process.hrtime.bigint();
                const result = await hashContent(root, { concurrency });
                const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
                const mb = result.totalBytes / 1e6;
                console.log(
                    `${pass}, concurrency ${concurrency}: ${result.files.length} files, ${mb.toFixed(0)} MB in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(0)} MB/s (digest ${result.digest.slice(0, 12)})`,
                );
            }
        }
        console.log(
            `peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (files are streamed, 1 MiB at a time)`,
        );
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
}

void main();
