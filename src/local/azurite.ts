import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { BLOB_ENDPOINT_OVERRIDE, BLOB_KEY_OVERRIDE } from "../azure/target";

export interface AzuriteOptions {
    /** Directory Azurite keeps its data in; kept after stop(). @default a temp dir that stop() removes */
    readonly location?: string;
    /** The one storage account it serves (3–24 lowercase letters and digits). @default "localassets" */
    readonly account?: string;
}

/** A running Azurite blob service with one account, whose key is made fresh at every start. */
export interface Azurite {
    /** Blob endpoint, e.g. http://127.0.0.1:41234/localassets */
    readonly accountUrl: string;
    readonly account: string;
    readonly key: string;
    /** Environment for a process (a provider host) whose blob requests should go here. */
    env(): Record<string, string>;
    stop(): Promise<void>;
}

export const DEFAULT_AZURITE_ACCOUNT = "localassets";

const MISSING = "`up --local` uploads local assets to Azurite: npm install --save-dev azurite";

/** Azurite's blob entry point, from the project's packages (then this package's); a clear error without it. */
export function azuriteMain(searchFrom: readonly string[] = [process.cwd(), __dirname]): string {
    try {
        return require.resolve("azurite/dist/src/blob/main.js", { paths: [...searchFrom] });
    } catch (error) {
        if ((error as { code?: string }).code === "MODULE_NOT_FOUND") {
            throw new Error(MISSING);
        }
        throw error;
    }
}

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

/** Resolves once Azurite says it listens; rejects if it exits or stays silent for 30 s. */
function listening(child: ChildProcess): Promise<void> {
    return new Promise((resolve, reject) => {
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
        child.once("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`Azurite exited with ${code}: ${output}`));
        });
    });
}

/** Stops the child (SIGTERM lets Azurite save its metadata; SIGKILL after 10 s). */
async function terminate(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
}

/** Starts Azurite's blob service from its npm package (no global install) on a free 127.0.0.1 port. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
    const account = options.account ?? DEFAULT_AZURITE_ACCOUNT;
    if (!/^[a-z0-9]{3,24}$/.test(account)) {
        throw new Error(`Azurite account "${account}": storage account names are 3 to 24 lowercase letters and digits`);
    }
    const main = azuriteMain();
    const location = options.location ?? fs.mkdtempSync(path.join(os.tmpdir(), "azurite-"));
    fs.mkdirSync(location, { recursive: true });
    const removeLocation = () => {
        if (options.location === undefined) {
            fs.rmSync(location, { recursive: true, force: true });
        }
    };
    const key = randomBytes(64).toString("base64");
    const port = await freePort();
    const args = ["--skipApiVersionCheck", "--disableTelemetry", "--silent", "--location", location];
    const child = spawn(process.execPath, [main, ...args, "--blobHost", "127.0.0.1", "--blobPort", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, AZURITE_ACCOUNTS: `${account}:${key}` },
    });
    // Azurite must not outlive the process that started it.
    const killOnExit = () => child.kill();
    process.once("exit", killOnExit);
    const stop = async () => {
        process.removeListener("exit", killOnExit);
        await terminate(child);
        removeLocation();
    };
    try {
        await listening(child);
    } catch (error) {
        await stop();
        throw error;
    }
    const accountUrl = `http://127.0.0.1:${port}/${account}`;
    return {
        accountUrl,
        account,
        key,
        env: () => ({ [BLOB_ENDPOINT_OVERRIDE]: accountUrl, [BLOB_KEY_OVERRIDE]: key }),
        stop,
    };
}
