import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { ArmClient, armTarget } from "../../src/azure";
import { REPO_ROOT } from "../support/stackFiles";

let child: ChildProcess;
let env: Record<string, string>;
let baseUrl: string;

beforeAll(async () => {
    child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, "dist", "src", "local", "emulator", "main.js"), "--port", "0"],
        { stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines = await new Promise<string[]>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (c: Buffer) => {
            out += c.toString();
            if (out.includes("for a client process:")) {
                resolve(out.split("\n"));
            }
        });
        child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    baseUrl = lines[0];
    env = Object.fromEntries(
        lines
            .find((l) => l.startsWith("for a client process:"))!
            .replace("for a client process: ", "")
            .split(" ")
            .map((kv) => kv.split("=") as [string, string]),
    );
});

afterAll(() => {
    child.kill("SIGTERM");
});

describe("npm run emulator", () => {
    it("prints its base URL and serves ARM with the control API for faults and the request log", async () => {
        expect(baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const client = new ArmClient(armTarget(env), { maxRetries: 0 });
        const seeded = await client.send("POST", `${baseUrl}/_emulator/workspaces`, {
            body: { subscriptionId: "s", resourceGroup: "g", workspace: "w" },
        });
        expect(seeded.status).toBe(201);
        await client.send("POST", `${baseUrl}/_emulator/faults`, {
            body: { kind: "unavailable", method: "GET", count: 1 },
        });
        const path = "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w";
        expect((await client.send("GET", path, { apiVersion: "2025-12-01" })).status).toBe(503);
        expect((await client.send("GET", path, { apiVersion: "2025-12-01" })).status).toBe(200);
        const log = (await client.send("GET", `${baseUrl}/_emulator/requests`, {})).body as any[];
        expect(log.map((r) => [r.method, r.status, r.fault ?? null])).toEqual([
            ["GET", 503, "unavailable"],
            ["GET", 200, null],
        ]);
    });
});
