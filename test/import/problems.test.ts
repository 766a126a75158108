import { formatFinding, importAzureMlYaml } from "../../src/import";
import { REPO_ROOT } from "../support/stackFiles";
import { findingLines, fixture, importFixtures, tempFolder } from "./importFixtures";

/** Imports problems/endpoint.yml with one faulty deployment file beside it. */
const withEndpoint = (file: string) => importFixtures(["problems/endpoint.yml", `problems/${file}`]);

describe("what the import refuses, one line each with file and line", () => {
    it("an unknown field: names it, its line, and the field it was probably meant to be", () => {
        const result = withEndpoint("unknown-field.yml");
        expect(result.valid).toBe(false);
        expect(result.config).toEqual({});
        expect(findingLines(result, "invalid")).toEqual([
            `${fixture("problems", "unknown-field.yml")}:9: instance_typ: unknown field for a managed online deployment (az ml refuses it too); did you mean 'instance_type'?`,
        ]);
    });

    it("a wrong type: the value received and what to write", () => {
        const result = withEndpoint("wrong-type.yml");
        expect(findingLines(result, "invalid")).toEqual([
            `${fixture("problems", "wrong-type.yml")}:10: instance_count: expected a whole number, got "two"; write a number such as 1`,
        ]);
    });

    it("a missing referenced file: the path as written and where az ml would look for it", () => {
        const result = withEndpoint("missing-file.yml");
        expect(findingLines(result, "invalid")).toEqual([
            `${fixture("problems", "missing-file.yml")}:5: model.path: no such file or folder: "../model-1/model/" (az ml reads it relative to the file's folder, here ${fixture("model-1", "model")}); fix the path or add the file or folder`,
        ]);
    });

    it("keeps every message to one line", () => {
        for (const file of ["unknown-field.yml", "wrong-type.yml", "missing-file.yml"]) {
            for (const finding of withEndpoint(file).findings) {
                expect(formatFinding(finding)).not.toContain("\n");
            }
        }
    });
});

describe("problems across files and with the assembled config", () => {
    let remove: () => void = () => undefined;
    afterEach(() => remove());

    function importTemp(files: Record<string, string>, named?: string[]) {
        const temp = tempFolder(files);
        remove = temp.remove;
        const paths = (named ?? [""]).map((n) => `${temp.dir}/${n}`.replace(/\/$/, ""));
        return { dir: temp.dir, result: importAzureMlYaml(paths, { projectDir: temp.dir }) };
    }

    const endpoint =
        "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: scoring\n";
    const deployment = (extra: string) =>
        `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nname: blue\nendpoint_name: scoring\nenvironment: azureml:env:1\ninstance_type: Standard_DS3_v2\n${extra}`;

    it("refuses a version az ml would pick at deploy time, unless the asset is imported with it", () => {
        const { dir, result } = importTemp({
            "endpoint.yml": endpoint,
            "blue.yml": deployment("model: azureml:fraud-model@latest\n"),
        });
        expect(findingLines(result, "invalid")).toEqual([
            `${dir}/blue.yml:6: model: "azureml:fraud-model@latest" lets az ml pick a version when it deploys; the platform deploys a fixed one: write azureml:fraud-model:<version>, or import the model's YAML with this file`,
        ]);
    });

    it("names the mapping an unknown nested field is in", () => {
        const { dir, result } = importTemp({
            "endpoint.yml": endpoint,
            "blue.yml": deployment("model: azureml:m:1\nrequest_settings:\n  request_timeout: 3000\n"),
        });
        expect(findingLines(result, "invalid")).toEqual([
            `${dir}/blue.yml:8: request_settings.request_timeout: unknown field in request_settings (az ml refuses it too); did you mean 'request_timeout_ms'?`,
        ]);
    });

    it("refuses registry assets, which the platform's deployments cannot name", () => {
        const { result } = importTemp({
            "endpoint.yml": endpoint,
            "blue.yml": deployment("model: azureml://registries/azureml/models/distilbert/versions/3\n"),
        });
        expect(findingLines(result, "invalid")).toEqual([
            expect.stringMatching(
                /blue\.yml:6: model: "azureml:\/\/registries\/.*" is in an Azure ML registry; .*register it in the workspace/,
            ),
        ]);
    });

    it("refuses a deployment whose endpoint neither the files nor the stack declare", () => {
        const { dir, result } = importTemp({ "blue.yml": deployment("model: azureml:m:1\n") });
        expect(findingLines(result, "invalid")).toEqual([
            `${dir}/blue.yml:3: endpoint_name: names endpoint 'scoring', which neither these files nor the stack file declare; import its endpoint YAML too`,
        ]);
    });

    it("refuses the same deployment declared twice, naming the other file", () => {
        const { dir, result } = importTemp({
            "endpoint.yml": endpoint,
            "a.yml": deployment("model: azureml:m:1\n"),
            "b.yml": deployment("model: azureml:m:2\n"),
        });
        expect(findingLines(result, "invalid")).toEqual([
            `${dir}/b.yml:2: blue: onlineEndpoints.scoring.deployments.blue is also declared at ${dir}/a.yml:2; keep one of them`,
        ]);
    });

    it("reports YAML syntax errors at their line", () => {
        const { dir, result } = importTemp({ "endpoint.yml": `${endpoint}traffic:\n  blue: [90\n` });
        expect(findingLines(result, "invalid")).toEqual([
            expect.stringMatching(
                new RegExp(`^${dir}/endpoint\\.yml:5: \\(file\\): not valid YAML: .*; fix the syntax$`),
            ),
        ]);
    });

    it("refuses a named file that is not az ml YAML, and skips one found in a folder with a note", () => {
        const named = importTemp({ "notes.yml": "title: release notes\n" }, ["notes.yml"]);
        expect(findingLines(named.result, "invalid")).toEqual([
            `${named.dir}/notes.yml:1: (file): not an az ml CLI v2 file the import reads: it has no $schema, and its fields are not those of a kind the import reads`,
        ]);
        const found = importTemp({ "notes.yml": "title: release notes\n", "endpoint.yml": endpoint });
        expect(found.result.valid).toBe(true);
        expect(findingLines(found.result, "note")).toContainEqual(
            `${found.dir}/notes.yml:1: (file): skipped: not an az ml CLI v2 file the import reads: it has no $schema, and its fields are not those of a kind the import reads`,
        );
    });

    it("reports what the platform schema refuses with the file and line it came from, and the config key path", () => {
        const { dir, result } = importTemp({
            "endpoint.yml": `${endpoint}traffic:\n  blue: 90\n`,
            "blue.yml": deployment("model: azureml:m:1\n"),
        });
        expect(findingLines(result, "invalid")).toEqual([
            `${dir}/endpoint.yml:3: azureml-platform:onlineEndpoints.scoring.traffic: percentages add up to 90; they must add up to 100 (or 0 for no traffic), got {"blue":90}`,
        ]);
    });

    it("leaves out traffic that names deployments not imported, and says so", () => {
        const { dir, result } = importTemp({ "endpoint.yml": `${endpoint}traffic:\n  blue: 100\n` });
        expect(result.valid).toBe(true);
        expect(result.config.onlineEndpoints).toEqual({ scoring: { authMode: "key" } });
        expect(findingLines(result, "leftOut")).toEqual([
            `${dir}/endpoint.yml:3: traffic: names deployments that neither these files nor the stack file declare (blue); import their YAML with the endpoint's, or set traffic once they are declared`,
        ]);
    });

    it("reports a file that names nothing, without writing", () => {
        const result = importAzureMlYaml([`${REPO_ROOT}/no-such-folder`]);
        expect(result.valid).toBe(false);
        expect(findingLines(result, "invalid")).toEqual([
            `${REPO_ROOT}/no-such-folder: (file): no such file or folder; name az ml YAML files or folders of them`,
        ]);
    });
});
