import { AzureMlEmulator } from "./emulator";

/** `npm run emulator -- --port <p>`: runs the emulator on its own until interrupted. */
async function run(argv: readonly string[]): Promise<void> {
    const portIndex = argv.indexOf("--port");
    const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port takes a port number from 0 to 65535, got "${argv[portIndex + 1]}"`);
        process.exitCode = 2;
        return;
    }
    const emulator = await AzureMlEmulator.start({ port });
    console.log(emulator.baseUrl);
    console.log(`certificate: ${emulator.certificateFile}`);
    console.log(`for a client process: ${Object.entries(emulator.env()).map(([k, v]) => `${k}=${v}`).join(" ")}`);
    const stop = () => void emulator.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

void run(process.argv.slice(2));
