import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli";
import { REPO_ROOT } from "../support/stackFiles";

/** Ten independent mistakes, each of a kind that used to hide others or came without a fix. */
const STACK = `config:
  azureml-platform:location: westeurope
  azureml-platform:workspace:
    publicNetworkAccess: enabled
  azureml-platform:computes:
    cpu:
      type: amlCompute
      vmSize: Standard_DS3_v2
      tier: LowPriority
      minNodes: "0"
      maxNodes: 2
  azureml-platform:models:
    m:
      path: examples/assets/nope
  azureml-platform:codes:
    c:
      path: examples/assets/credit-score
  azureml-platform:environments:
    e:
      image: mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest
  azureml-platform:onlineEndpoints:
    Bad_Name!:
      authMode: Key
      deployments:
        blue:
          model: m
          code: c
          scoringScript: missing.py
          environment: e
          instanceType: Standard_DS3_v2
          instanceCount: 0
      traffic:
        blue: 100
  azureml-platform:tgas:
    a: b
  azureml-platfrom:location: westeurope
  azureml-platform:resourceGroup:
    name:
      secure: AAABBB
`;

const EXPECTED: [string, RegExp][] = [
    ["azureml-platfrom:location", /did you mean 'azureml-platform:location'\?/],
    ["azureml-platform:resourceGroup.name", /a secret \(secure: ….*\) is not accepted here.*\$\{\{keyvault:…\}\}/],
    ["azureml-platform:workspace.publicNetworkAccess", /"enabled" differs only in case .*: write "Enabled"/],
    ["azureml-platform:computes.cpu.tier", /"LowPriority" differs only in case .*: write "lowPriority"/],
    ["azureml-platform:computes.cpu.minNodes", /got the string "0"; write 0 without quotes/],
    ['azureml-platform:onlineEndpoints["Bad_Name!"]', /invalid name: an endpoint name starts with a letter/],
    ["azureml-platform:tgas", /did you mean 'tags'\?/],
    ['azureml-platform:onlineEndpoints["Bad_Name!"].authMode', /"Key" differs only in case .*: write "key"/],
    ['azureml-platform:onlineEndpoints["Bad_Name!"].deployments.blue.instanceCount', /at least 1, got 0/],
    ["azureml-platform:models.m.path", /no such file or directory .*"examples\/assets\/nope"/],
    [
        'azureml-platform:onlineEndpoints["Bad_Name!"].deployments.blue.scoringScript',
        /no such file in the code folder examples\/assets\/credit-score .*"missing.py"/,
    ],
];

let dir: string;
let file: string;
beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "azureml-problems-"));
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.symlinkSync(path.join(REPO_ROOT, "examples"), path.join(dir, "examples"));
    file = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(file, STACK);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const code = await main(
        argv,
        (l) => out.push(...l.split("\n")),
        () => undefined,
    );
    return { code, out };
}

describe("validate reports every independent problem of a file in one run", () => {
    it("as text, one line each with the key path and the fix", async () => {
        const { code, out } = await run(["validate", file]);
        expect(code).toBe(1);
        expect(out).toHaveLength(EXPECTED.length);
        for (const [key, message] of EXPECTED) {
            expect(out).toContainEqual(expect.stringMatching(new RegExp(`^${escape(key)}: `)));
            expect(out.find((l) => l.startsWith(`${key}: `))).toMatch(message);
        }
    });

    it("as JSON objects with file, key path and message", async () => {
        const { code, out } = await run(["validate", "--format", "json", file]);
        expect(code).toBe(1);
        const problems = JSON.parse(out.join("\n")).files[0].problems as { file: string; path: string }[];
        expect(problems.map((p) => p.path).sort()).toEqual(EXPECTED.map(([key]) => key).sort());
        expect(new Set(problems.map((p) => p.file))).toEqual(new Set([file]));
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
