import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../support/stackFiles";

/**
 * Each example, rehearsed end to end with the built CLI as a user runs it: `up --local` from nothing, an unchanged
 * second `up` that writes nothing, and `destroy --local`. The example depends on this package (file:../..); the
 * link `npm install` would make in the example is made here.
 */
const STACK = "rehearsal-example";
const BIN = path.join(REPO_ROOT, "bin", "azureml-pulumi.js");

interface Run {
    code: number | null;
    doc: any;
    stderr: string;
}

function cli(dir: string, ...args: string[]): Run {
    const result = spawnSync(process.execPath, [BIN, ...args, "--stack", STACK, "--dir", dir, "--json"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 180_000,
    });
    let doc: any;
    try {
        doc = JSON.parse(result.stdout);
    } catch {
        throw new Error(`no JSON from ${args.join(" ")} (exit ${result.status}): ${result.stdout}\n${result.stderr}`);
    }
    return { code: result.status, doc, stderr: result.stderr };
}

function linkPackage(dir: string): void {
    const scope = path.join(dir, "node_modules", "@azureml-pulumi");
    fs.mkdirSync(scope, { recursive: true });
    const link = path.join(scope, "components");
    if (!fs.existsSync(link)) {
        fs.symlinkSync(path.relative(scope, REPO_ROOT), link, "dir");
    }
}

const stateDir = (dir: string) => path.join(dir, ".azureml-pulumi", "rehearsal", STACK);

const EXAMPLES: { name: string; configFile?: string; check: (doc: any) => void }[] = [
    {
        name: "online-bluegreen",
        configFile: "Pulumi.dev.yaml",
        check: (doc) =>
            expect(doc.onlineEndpoints).toEqual([
                expect.objectContaining({
                    name: `credit-${STACK}`,
                    traffic: { blue: 100, green: 0 },
                    mirrorTraffic: { green: 10 },
                }),
            ]),
    },
    {
        name: "batch-scoring",
        check: (doc) => {
            expect(doc.batchJobs.length).toBeGreaterThan(0);
            expect(doc.batchJobs.every((j: { status: string }) => j.status === "Completed")).toBe(true);
        },
    },
    {
        name: "workspace-compute",
        check: (doc) =>
            expect(doc.operations).toContainEqual(
                expect.objectContaining({ type: "azure-native:machinelearningservices:Compute", op: "create" }),
            ),
    },
];

describe.each(EXAMPLES)("examples/$name rehearsed with up --local", ({ name, configFile, check }) => {
    const dir = path.join(REPO_ROOT, "examples", name);
    const config = configFile !== undefined ? ["--config-file", path.join(dir, configFile)] : [];

    beforeAll(() => {
        linkPackage(dir);
        fs.rmSync(stateDir(dir), { recursive: true, force: true });
    });
    afterAll(() => fs.rmSync(path.join(dir, ".azureml-pulumi"), { recursive: true, force: true }));

    it("creates everything from nothing, then an unchanged up writes nothing, then destroy removes it", () => {
        const first = cli(dir, "up", "--local", ...config);
        expect({ code: first.code, failure: first.doc.failure }).toEqual({ code: 0, failure: undefined });
        expect(first.doc.operations.length).toBeGreaterThan(0);
        expect(first.doc.operations.every((o: { op: string }) => o.op === "create")).toBe(true);
        check(first.doc);

        const second = cli(dir, "up", "--local", ...config);
        expect(second.code).toBe(0);
        expect(second.doc.summary).toEqual({
            created: 0,
            updated: 0,
            replaced: 0,
            deleted: 0,
            unchanged: first.doc.operations.length,
            failed: 0,
        });
        expect(second.doc.emulatorRequests.writes).toBe(0);

        const destroyed = cli(dir, "destroy", "--local");
        expect(destroyed.code).toBe(0);
        expect(destroyed.doc.summary.deleted).toBe(first.doc.operations.length);
        expect(destroyed.doc.onlineEndpoints).toEqual([]);
        const state = JSON.parse(fs.readFileSync(path.join(stateDir(dir), "state.json"), "utf8"));
        expect(state.resources).toEqual([]);
    }, 240_000);
});
