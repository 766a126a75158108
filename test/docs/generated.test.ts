import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import Ajv from "ajv";
import { parse } from "yaml";
import { platformSpec } from "../../src/model";
import { CONFIG_REFERENCE, GeneratedFile, STACK_SCHEMA, TYPES_DIRECTORY, generate } from "../../tools/docgen/generate";
import { staleFiles } from "../../tools/docgen/main";
import { modelProgram, projectOptions } from "../../tools/docgen/program";
import { buildSchemaModel, type TypeModel } from "../../tools/docgen/schemaModel";
import { caselessPattern } from "../../tools/docgen/stackSchema";
import { REPO_ROOT, shippedConfig } from "../support/stackFiles";

/**
 * The generated input types (src/model/generated), the stack file's JSON Schema and docs/config.md are checked in:
 * they must be what the generator makes of the schemas now, and say what the schemas say.
 */

let files: GeneratedFile[];
beforeAll(() => {
    files = generate(REPO_ROOT);
}, 120_000);

const generated = (relative: string) => files.find((f) => f.path === relative)!.content;

describe("the generated files", () => {
    it("are up to date with the zod schemas and their docs (else run npm run gen:types)", () => {
        expect(files.map((f) => f.path)).toEqual(
            expect.arrayContaining([`${TYPES_DIRECTORY}/index.ts`, STACK_SCHEMA, CONFIG_REFERENCE]),
        );
        expect(staleFiles(REPO_ROOT, files)).toEqual([]);
    });

    it("carry each field's JSDoc into the generated type, description and @default alike", () => {
        const endpoint = generated(`${TYPES_DIRECTORY}/onlineEndpoint.ts`);
        expect(endpoint).toMatch(
            /\/\*\*\n\s+\* Live traffic percentages by deployment; they add up to 100, or 0 for none\.\n\s+\* @default \{\}\n\s+\*\/\n\s+traffic\?: Record<string, number>;/,
        );
        // The literals in the schema's order, not in the order TypeScript happened to meet them.
        expect(endpoint).toContain('kind?: "managed" | "kubernetes";');
        expect(generated(`${TYPES_DIRECTORY}/model.ts`)).toMatch(/upload\?: UploadSpecInput;/);
        expect(generated(`${TYPES_DIRECTORY}/model.ts`)).toContain('import type { UploadSpecInput } from "./upload";');
    });
});

describe("the generated input types", () => {
    it("accept exactly what z.input of their schema accepts, both ways", () => {
        const model = buildSchemaModel(modelProgram(REPO_ROOT), path.join(REPO_ROOT, "src", "model"));
        const nameOf = (type: TypeModel) =>
            type.kind === "object" ? type.object.name : type.kind === "alias" ? type.alias.name : undefined;
        const roots = [...model.roots].map(([schema, type]) => ({ schema, type: nameOf(type)! }));
        expect(roots).toEqual(
            expect.arrayContaining([
                { schema: "platformSpec", type: "PlatformSpecInput" },
                { schema: "computeSpec", type: "ComputeSpecInput" },
                { schema: "onlineDeploymentSpec", type: "OnlineDeploymentSpecInput" },
            ]),
        );
        // Checked by the compiler, in a program of its own: a file asserting each pair is mutually assignable.
        const check = path.join(REPO_ROOT, "src", "model", "__generatedTypesCheck.ts");
        const text = [
            `import type { z } from "zod";`,
            `import type * as generated from "./generated";`,
            `import type * as schemas from "./index";`,
            `type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
            ...roots.map(
                (r) =>
                    `export const ${r.schema}Check: Mutual<generated.${r.type}, z.input<typeof schemas.${r.schema}>> = true;`,
            ),
        ].join("\n");
        const options = projectOptions(REPO_ROOT);
        const host = ts.createCompilerHost(options);
        const read = host.getSourceFile.bind(host);
        host.getSourceFile = (name, language, ...rest) =>
            path.resolve(name) === check ? ts.createSourceFile(name, text, language) : read(name, language, ...rest);
        const exists = host.fileExists.bind(host);
        host.fileExists = (name) => path.resolve(name) === check || exists(name);
        const program = ts.createProgram([check], options, host);
        const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(check)).map((d) => {
            const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line;
            return `${text.split("\n")[line]}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
        });
        expect(problems).toEqual([]);
    }, 120_000);
});

describe("the stack file's JSON Schema", () => {
    const schema = () => JSON.parse(generated(STACK_SCHEMA)) as Record<string, any>;
    const validator = () => new Ajv({ allErrors: true }).compile(schema());
    const stack = (config: Record<string, unknown>) => ({ config });
    const errors = (value: unknown) => {
        const validate = validator();
        return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message}`);
    };

    it("accepts every stack file of the platform program in the repository", () => {
        const stackFiles = [
            "Pulumi.dev.yaml",
            "Pulumi.prod.yaml",
            ...fs
                .readdirSync(path.join(REPO_ROOT, "examples", "rehearsal"), { withFileTypes: true })
                .filter((d) => d.isDirectory())
                .map((d) => path.join("examples", "rehearsal", d.name, "Pulumi.dev.yaml"))
                .filter((f) => fs.existsSync(path.join(REPO_ROOT, f))),
        ];
        expect(stackFiles.length).toBeGreaterThanOrEqual(3);
        for (const file of stackFiles) {
            const content = parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
            expect({ file, errors: errors(content) }).toEqual({ file, errors: [] });
        }
    });

    it("flags what the platform refuses: a misspelt key, a value outside an enum or a range, an unknown field", () => {
        const config = shippedConfig("dev");
        expect(errors(stack({ ...config, "azureml-platform:workspaces": {} }))).not.toEqual([]);
        const badEnum = shippedConfig("dev");
        badEnum["azureml-platform:workspace"].publicNetworkAccess = "enabled";
        expect(errors(stack(badEnum)).join("\n")).toContain("['azureml-platform:workspace'].publicNetworkAccess");
        const badRange = shippedConfig("dev");
        badRange["azureml-platform:computes"]["cpu-cluster"].maxNodes = 0;
        expect(errors(stack(badRange)).join("\n")).toContain("maxNodes");
        const unknownField = shippedConfig("dev");
        unknownField["azureml-platform:onlineEndpoints"]["credit-dev"].deployments.blue.instanceTyp = "Standard_DS3_v2";
        expect(errors(stack(unknownField))).not.toEqual([]);
        const missing = shippedConfig("dev");
        delete missing["azureml-platform:location"];
        expect(errors(stack(missing)).join("\n")).toContain("azureml-platform:location");
        // Another namespace's keys are theirs; with an ESC environment the required keys may come from it.
        expect(errors(stack({ ...config, "azure-native:subscriptionId": "x" }))).toEqual([]);
        expect(errors({ environment: ["platform-dev"], config: missing })).toEqual([]);
    });

    it("agrees with the platform schema on each field's own rules", () => {
        const id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa";
        const variants: [string, (c: Record<string, any>) => void][] = [
            ["as shipped", () => {}],
            ["a lower-case resource id", (c) => (c.workspace.storageAccount = { existingId: id.toLowerCase() })],
            ["a resource id that is not one", (c) => (c.workspace.storageAccount = { existingId: "sa" })],
            ["an upper-case region", (c) => (c.location = "WestEurope")],
            [
                "a probe payload object",
                (c) => (c.onlineEndpoints["credit-dev"].rollout = { probes: [{ payload: { a: [1] } }] }),
            ],
            ["a probe without payload", (c) => (c.onlineEndpoints["credit-dev"].rollout = { probes: [{ name: "p" }] })],
            ["a sampling percentage of 0", (c) => (c.workspace.applicationInsights = { samplingPercentage: 0 })],
            [
                "a fractional instance count",
                (c) => (c.onlineEndpoints["credit-dev"].deployments.blue.instanceCount = 1.5),
            ],
            ["a compute of an unknown type", (c) => (c.computes["cpu-cluster"].type = "vm")],
            ["an invalid endpoint name", (c) => (c.onlineEndpoints["1-bad"] = c.onlineEndpoints["credit-dev"])],
        ];
        const validate = validator();
        for (const [what, change] of variants) {
            const entries = Object.entries(shippedConfig("dev"))
                .filter(([key]) => key.startsWith("azureml-platform:"))
                .map(([key, value]) => [key.slice("azureml-platform:".length), value]);
            const config = Object.fromEntries(entries) as Record<string, any>;
            change(config);
            const byZod = platformSpec.safeParse(config).success;
            const namespaced = Object.fromEntries(Object.entries(config).map(([k, v]) => [`azureml-platform:${k}`, v]));
            expect({ what, bySchema: validate(stack(namespaced)) }).toEqual({ what, bySchema: byZod });
        }
    });

    it("describes every field, with its default", () => {
        const undescribed: string[] = [];
        // Through the keywords that hold schemas: a field may itself be called "properties".
        const visit = (node: Record<string, any>, at: string): void => {
            for (const [name, child] of Object.entries<Record<string, any>>(node.properties ?? {})) {
                if (typeof child.description !== "string") {
                    undescribed.push(`${at}.${name}`);
                }
                visit(child, `${at}.${name}`);
            }
            if (typeof node.additionalProperties === "object") {
                visit(node.additionalProperties, `${at}.<name>`);
            }
            if (typeof node.items === "object") {
                visit(node.items, `${at}[]`);
            }
            for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
                visit(branch, at);
            }
        };
        const config = schema().properties.config;
        visit(config, "config");
        expect(undescribed).toEqual([]);
        const workspace = config.properties["azureml-platform:workspace"];
        expect(workspace.properties.managedNetwork.description).toMatch(
            /^Managed network isolation\..*\n\nDefault: "Disabled"$/s,
        );
        expect(workspace.properties.managedNetwork.default).toBe("Disabled");
    });

    it("has only patterns that compile in Unicode mode, as editors compile them", () => {
        const patterns: string[] = [];
        const collect = (node: unknown): void => {
            if (Array.isArray(node)) {
                node.forEach(collect);
            } else if (typeof node === "object" && node !== null) {
                for (const [key, value] of Object.entries(node)) {
                    if (key === "pattern" && typeof value === "string") {
                        patterns.push(value);
                    } else if (key === "patternProperties") {
                        patterns.push(...Object.keys(value as object));
                        collect(Object.values(value as object));
                    } else {
                        collect(value);
                    }
                }
            }
        };
        collect(schema());
        expect(patterns.length).toBeGreaterThan(20);
        const invalid = patterns.filter((p) => {
            try {
                new RegExp(p, "u");
                return false;
            } catch {
                return true;
            }
        });
        expect(invalid).toEqual([]);
    });

    it("matches case-insensitive patterns in any letter case", () => {
        const source = "^\\/sub[a-c]x\\d[^/]+$";
        const pattern = new RegExp(caselessPattern(source));
        expect(pattern.test("/SUBbX1y")).toBe(true);
        expect(pattern.test("/subCx1y")).toBe(true);
        expect(pattern.test("/subdx1y")).toBe(false);
        expect(pattern.test("/subax1/")).toBe(false);
        expect(pattern.test("/subaxDy")).toBe(false);
    });
});

describe("docs/config.md", () => {
    const reference = () => generated(CONFIG_REFERENCE);

    it("has a section for every key of a stack, and links the JSON Schema with the editor line", () => {
        for (const key of Object.keys(platformSpec.shape)) {
            expect(reference()).toContain(`## \`azureml-platform:${key}\``);
        }
        expect(reference()).toContain("(../schema/stack-config.schema.json)");
        expect(reference()).toContain("# yaml-language-server: $schema=./schema/stack-config.schema.json");
    });

    it("lists nested keys with their type, allowed values, default and doc", () => {
        const row = (key: string) =>
            reference()
                .split("\n")
                .find((line) => line.startsWith(`| \`${key}\` |`));
        expect(row("workspace.publicNetworkAccess")).toBe(
            "| `workspace.publicNetworkAccess` | `Enabled` or `Disabled` | **required** | Whether the workspace is reachable from public networks. No default: an explicit choice. |",
        );
        expect(row("onlineEndpoints.<name>.deployments.<name>.instanceCount")).toMatch(
            /\| integer from 1 to 1000 \| `1` \| Instances that serve the deployment/,
        );
        expect(row("computes.<name>.vmSize")).toMatch(/With `type: amlCompute`: VM size/);
        expect(row("onlineEndpoints.<name>.rollout.gates[].metric")).toContain("`errorRate`, `latencyP99Ms`");
        // `<` outside code would start an HTML tag on GitHub.
        expect(row("models.<name>.path")).toContain("azureml://datastores/&lt;ds>/paths/&lt;p>");
    });
});
