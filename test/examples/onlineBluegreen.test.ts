import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { installMockEngine, settle } from "../../src/testing";
import { REPO_ROOT } from "../support/stackFiles";

const dir = path.join(REPO_ROOT, "examples", "online-bluegreen");
const config = (stack: string) =>
    Object.fromEntries(
        Object.entries(parse(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")).config).map(([k, v]) => [
            k,
            typeof v === "string" ? v : JSON.stringify(v),
        ]),
    );

const engine = installMockEngine({ project: "azureml-online-bluegreen", stack: "prod", config: config("prod") });

describe("examples/online-bluegreen (prod stack)", () => {
    let exported: Record<string, any> = {};

    beforeAll(async () => {
        // `pulumi up` runs a program from its project directory; asset paths are relative to it.
        const cwd = process.cwd();
        process.chdir(dir);
        try {
            jest.isolateModules(() => {
                exported = require("../../examples/online-bluegreen/index");
            });
            await settle();
        } finally {
            process.chdir(cwd);
        }
    });

    it("creates endpoint, both deployments and the traffic split in one graph", () => {
        const endpoint = engine.get("azure-native:machinelearningservices:OnlineEndpoint", "credit-endpoint");
        const blue = engine.get("azure-native:machinelearningservices:OnlineDeployment", "credit-blue-deployment");
        const green = engine.get("azure-native:machinelearningservices:OnlineDeployment", "credit-green-deployment");
        const traffic = engine.get("pulumi-nodejs:dynamic/azureml:EndpointTraffic", "credit-traffic");
        expect(endpoint.inputs).toMatchObject({
            endpointName: "credit-prod",
            properties: { authMode: "AADToken", publicNetworkAccess: "Disabled" },
        });
        expect(engine.allDependencies(green).has(blue.urn)).toBe(true);
        expect(engine.allDependencies(traffic).has(green.urn)).toBe(true);
        expect(traffic.inputs.traffic).toEqual({ blue: 90, green: 10 });
        expect(blue.inputs.sku.capacity).toBe(3);
        expect(
            engine
                .ofType("azure-native:monitor:AutoscaleSetting")
                .map((r) => r.name)
                .sort(),
        ).toEqual(["credit-blue-autoscale", "credit-green-autoscale"]);
    });

    it("records asset paths relative to the project, never machine paths", () => {
        expect(
            engine
                .ofType("pulumi-nodejs:dynamic/azureml:AssetUpload")
                .map((u) => u.inputs.source)
                .sort(),
        ).toEqual(["../assets/credit-model", "../assets/credit-score", "model-v2"]);
    });

    it("registers two versions of one model, with one container", () => {
        const versions = engine.ofType("azure-native:machinelearningservices:ModelVersion");
        expect(versions.map((v) => v.inputs.name)).toEqual(["credit-default", "credit-default"]);
        expect(new Set(versions.map((v) => v.inputs.version)).size).toBe(2);
        expect(engine.ofType("azure-native:machinelearningservices:ModelContainer")).toHaveLength(1);
        const green = engine.get("azure-native:machinelearningservices:ModelVersion", "credit-v2-version");
        expect(
            engine
                .allDependencies(green)
                .has(engine.get("azure-native:machinelearningservices:ModelContainer", "credit-v1-container").urn),
        ).toBe(true);
    });

    it("exports the scoring URI and no key for Entra ID auth", () => {
        expect(Object.keys(exported).sort()).toEqual(["modelVersions", "openApiUri", "primaryKey", "scoringUri"]);
        expect(exported.primaryKey).toBeUndefined();
    });
});

describe("examples/online-bluegreen settings", () => {
    it("stops a bad traffic split before anything is created, naming the key path", () => {
        const { settingsSchema } = require("../../examples/online-bluegreen/settings");
        const { validate } = require("../../src/model");
        const result = validate(
            settingsSchema,
            {
                location: "westeurope",
                publicNetworkAccess: "Enabled",
                instanceType: "Standard_DS3_v2",
                traffic: { blue: 80, green: 10 },
            },
            "azureml-online-bluegreen:settings",
        );
        expect(result.ok).toBe(false);
        expect(result.problems.map((p: { path: string; message: string }) => `${p.path}: ${p.message}`)).toEqual([
            'azureml-online-bluegreen:settings.traffic: percentages add up to 90; they must add up to 100 (or 0 for no traffic), got {"blue":80,"green":10}',
        ]);
    });
});
