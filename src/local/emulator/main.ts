import { parseArgs } from "util";
import { AzureMlEmulator } from "./emulator";

const USAGE = "usage: npm run emulator -- [--port <0-65535>] [--time-scale <emulator ms per real ms>]";

/** `npm run emulator -- --port <p> --time-scale <n>`: runs the emulator on its own until interrupted. */
async function run(argv: string[]): Promise<void> {
    let values: { port?: string; "time-scale"?: string; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: { port: { type: "string" }, "time-scale": { type: "string" }, help: { type: "boolean" } },
        }));
    } catch (error) {
        console.error(`${(error as Error).message}\n${USAGE}`);
        process.exitCode = 2;
        return;
    }
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const port = Number(values.port ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port takes a port number from 0 to 65535, got "${values.port}"`);
        process.exitCode = 2;
        return;
    }
    const timeScale = Number(values["time-scale"] ?? 1);
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
        console.error(
            `--time-scale takes a positive number (600 makes ten minutes pass in a second), got "${values["time-scale"]}"`,
        );
        process.exitCode = 2;
        return;
    }
    const emulator = await AzureMlEmulator.start({ port, clock: { timeScale } });
    console.log(emulator.baseUrl);
    console.log(`certificate: ${emulator.certificateFile}`);
    console.log(
        `for a client process: ${Object.entries(emulator.env())
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}`,
    );
    const stop = () => void emulator.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

void run(process.argv.slice(2));
