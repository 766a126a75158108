import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../support/stackFiles";

/**
 * The package as a new user gets it: `npm pack`, installed into an app that already depends on another
 * @pulumi/pulumi 3.x, then init, validate and preview there — with no clone of this repository in sight.
 */
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
/** Another 3.x than the one this repository develops with: the app's copy must be the only one. */
const APP_PULUMI = "3.230.0";

let work: string;
let tarball: string;
let files: string[];

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "azureml-pack-"));
    // The build is current (npm test builds before jest); pack it as published, without running prepare again.
    const packed = JSON.parse(
        execFileSync(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        }),
    ) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, packed[0].filename);
    files = packed[0].files.map((f) => f.path);
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("the published package", () => {
    it("holds the license, the README, the bin and the built library, and nothing of the repository's own", () => {
        expect(files).toEqual(
            expect.arrayContaining([
                "LICENSE",
                "README.md",
                "package.json",
                "bin/azureml-pulumi.js",
                "dist/src/index.js",
                "dist/src/index.d.ts",
                "dist/src/platform/publicEntry.js",
                "dist/src/platform/run.js",
                "dist/src/providers/hostRuntime.js",
                "dist/src/cli/main.js",
                "schema/stack-config.schema.json",
            ]),
        );
        const outside = files.filter(
            (f) =>
                !/^(LICENSE|README\.md|package\.json|bin\/[^/]+\.js|dist\/src\/.+\.(js|d\.ts)|schema\/stack-config\.schema\.json)$/.test(
                    f,
                ),
        );
        expect(outside).toEqual([]);
        expect(files.some((f) => f.startsWith("test/") || f.startsWith("examples/") || f.endsWith(".ts.map"))).toBe(
            false,
        );
    });

    it("installs into an app on another @pulumi/pulumi 3.x with one copy of it; init, validate and preview work there", () => {
        const app = path.join(work, "app");
        fs.mkdirSync(app);
        fs.writeFileSync(
            path.join(app, "package.json"),
            JSON.stringify({ name: "app", private: true, dependencies: { "@pulumi/pulumi": APP_PULUMI } }),
        );
        const install = spawnSync(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], {
            cwd: app,
            encoding: "utf8",
        });
        expect({ status: install.status, stderr: install.status === 0 ? "" : install.stderr }).toEqual({
            status: 0,
            stderr: "",
        });
        const ls = JSON.parse(
            execFileSync(NPM, ["ls", "@pulumi/pulumi", "--all", "--json"], { cwd: app, encoding: "utf8" }),
        );
        const versions = new Set<string>();
        const walk = (node: { version?: string; dependencies?: Record<string, any> }, name?: string) => {
            if (name === "@pulumi/pulumi" && node.version !== undefined) {
                versions.add(node.version);
            }
            Object.entries(node.dependencies ?? {}).forEach(([n, d]) => walk(d, n));
        };
        walk(ls);
        expect([...versions]).toEqual([APP_PULUMI]);
        expect(
            fs.existsSync(path.join(app, "node_modules", "@azureml-pulumi", "components", "node_modules", "@pulumi")),
        ).toBe(false);

        const npx = (...args: string[]) => spawnSync(NPX, ["azureml-pulumi", ...args], { cwd: app, encoding: "utf8" });
        expect(npx("init").status).toBe(0);
        const validate = npx("validate", "Pulumi.dev.yaml");
        expect({ status: validate.status, out: validate.stdout.trim() }).toEqual({
            status: 0,
            out: "Pulumi.dev.yaml: valid",
        });
        const preview = npx("preview", "--stack", "dev");
        expect(preview.status).toBe(0);
        expect(preview.stdout).toContain("azure-native:machinelearningservices:Workspace");
        expect(preview.stdout).toContain('"workspaceName": "app-dev"');
    }, 600_000);
});
