import * as path from "path";
import { Code, Environment, Model } from "../../src/components";
import { localPathProblems } from "../../src/platform/preflight";
import { platformSpec } from "../../src/model";
import { installMockEngine, settle } from "../../src/testing";
import { writeTree } from "../support/tree";

const engine = installMockEngine({ project: "assets", stack: "sameness" });
const where = { workspaceName: "ws", resourceGroupName: "rg" };
const image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest";
const folder = writeTree({ "score.py": "def run(data): return data\n", Dockerfile: "FROM python:3.11\n" });
const file = path.join(folder, "score.py");

/** The properties a component sets itself, without what pulumi.ComponentResource keeps. */
const outputNames = (component: object) =>
    Object.keys(component)
        .filter((key) => !key.startsWith("__") && key !== "urn")
        .sort();

const messageOf = (create: () => unknown): string => {
    try {
        create();
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected the component to refuse its arguments");
};

describe("asset components", () => {
    const model = new Model("same-model", { ...where, path: folder });
    const code = new Code("same-code", { ...where, path: folder });
    const built = new Environment("same-built", { ...where, build: { path: folder } });
    const fromImage = new Environment("same-image", { ...where, image });

    beforeAll(settle);

    it("expose the same output names, whatever their kind", () => {
        const names = ["assetName", "id", "reference", "spec", "uri", "version"];
        for (const component of [model, code, built, fromImage]) {
            expect(outputNames(component)).toEqual(names);
        }
    });

    it("register the same outputs", () => {
        const registered = (type: string, name: string) =>
            Object.keys(engine.registeredOutputs.get(engine.get(type, name).urn) as object).sort();
        const names = ["assetName", "id", "reference", "uri", "version"];
        expect(registered("azureml:assets:Model", "same-model")).toEqual(names);
        expect(registered("azureml:assets:Code", "same-code")).toEqual(names);
        expect(registered("azureml:assets:Environment", "same-built")).toEqual(names);
    });

    it("give an environment the build context's URI, and none when it comes from an image", async () => {
        const value = <T>(output: { apply: (f: (v: T) => void) => unknown }) =>
            new Promise<T>((resolve) => output.apply(resolve));
        expect(await value(built.uri)).toContain("/LocalUpload/");
        expect(await value(built.uri)).toBe(await value(code.uri));
        expect(await value(fromImage.uri)).toBeUndefined();
    });
});

describe("local path errors", () => {
    const relative = "./no/such/folder";
    const missing = `no such file or directory (paths are relative to the program's directory), got "${relative}"`;

    it("read the same in every asset component", () => {
        expect(messageOf(() => new Model("m", { ...where, path: relative }))).toBe(
            `Model "m" is invalid:\n  path: ${missing}`,
        );
        expect(messageOf(() => new Code("c", { ...where, path: relative }))).toBe(
            `Code "c" is invalid:\n  path: ${missing}`,
        );
        expect(messageOf(() => new Environment("e", { ...where, build: { path: relative } }))).toBe(
            `Environment "e" is invalid:\n  build.path: ${missing}`,
        );
        expect(messageOf(() => new Environment("e", { ...where, image, condaFile: relative }))).toBe(
            `Environment "e" is invalid:\n  condaFile: ${missing}`,
        );
    });

    it("read the same in the stack preflight, naming the config key path and the project directory", () => {
        const spec = platformSpec.parse({
            location: "westeurope",
            workspace: { publicNetworkAccess: "Enabled" },
            models: { m: { path: relative } },
            codes: { c: { path: relative } },
            environments: { e: { build: { path: relative } } },
        });
        const project = `no such file or directory (paths are relative to the project directory), got "${relative}"`;
        expect(localPathProblems(spec, process.cwd(), "azureml-platform:")).toEqual([
            { path: "azureml-platform:models.m.path", message: project },
            { path: "azureml-platform:codes.c.path", message: project },
            { path: "azureml-platform:environments.e.build.path", message: project },
        ]);
    });

    it("say when a path names a folder where a file belongs, or the other way round", () => {
        expect(messageOf(() => new Environment("e", { ...where, image, condaFile: folder }))).toBe(
            `Environment "e" is invalid:\n  condaFile: expected a file, found a folder; name the file itself (paths are relative to the program's directory), got "${folder}"`,
        );
        expect(messageOf(() => new Environment("e", { ...where, build: { path: file } }))).toBe(
            `Environment "e" is invalid:\n  build.path: expected a folder, found a file; name the folder that holds it (paths are relative to the program's directory), got "${file}"`,
        );
    });
});
