import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** The account the tests use; its key is made fresh for every run (Azurite takes accounts from AZURITE_ACCOUNTS). */
export const AZURITE_ACCOUNT = "assetstest";

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

export interface Azurite {
    /** Blob endpoint, e.g. http://127.0.0.1:41234/assetstest */
    readonly accountUrl: string;
    /** The account key of this run. */
    readonly key: string;
    stop(): Promise<void>;
}

/** Starts Azurite's blob service from the npm package (no global install) on a free loopback port. */
export async function startAzurite(): Promise<Azurite> {
    const location = fs.mkdtempSync(path.join(os.tmpdir(), "azurite-"));
    const port = await freePort();
    const main = require.resolve("azurite/dist/src/blob/main.js");
    const key = randomBytes(64).toString("base64");
    const child: ChildProcess = spawn(
        process.execPath,
        [
            main,
            "--skipApiVersionCheck",
            "--disableTelemetry",
            "--silent",
            "--location",
            location,
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            String(port),
        ],
        { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AZURITE_ACCOUNTS: `${AZURITE_ACCOUNT}:${key}` } },
    );
    await new Promise<void>((resolve, reject) => {
        let output = "";
        const timer = setTimeout(() => reject(new Error(`Azurite did not start within 30 s: ${output}`)), 30_000);
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes("successfully listens")) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`Azurite exited with ${code}: ${output}`));
        });
    });
    return {
        accountUrl: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`,
        key,
        stop: async () => {
            if (child.exitCode === null) {
                const exited = new Promise((resolve) => child.once("exit", resolve));
                child.kill();
                await exited;
            }
            fs.rmSync(location, { recursive: true, force: true });
        },
    };
}
