import { importAzureMlYaml, loadAzureMlSpecs } from "@azureml-pulumi/components";
import { SpecValidationError } from "../../src/model";
import { REPO_ROOT } from "../support/stackFiles";
import { fixture } from "./importFixtures";

describe("the import as a library function, from the package's entry", () => {
    it("gives the spec objects the components take, defaults filled in", () => {
        const { specs, findings } = loadAzureMlSpecs([fixture("batch")], { projectDir: REPO_ROOT });
        expect(findings.filter((f) => f.kind !== "note")).toEqual([]);
        expect(specs.computes!["batch-cluster"]).toMatchObject({
            type: "amlCompute",
            vmSize: "Standard_DS3_v2",
            osType: "Linux",
            disableLocalAuth: true,
        });
        expect(specs.batchEndpoints!["heart-classifier-batch"]).toMatchObject({
            authMode: "aad_token",
            defaultDeployment: "classifier-xgboost-mlflow",
            deployments: { "classifier-xgboost-mlflow": { type: "model", outputFileName: "predictions.csv" } },
        });
        expect(specs.models!["mnist-classifier-torch"]).toMatchObject({ type: "custom_model", manageContainer: true });
    });

    it("throws a SpecValidationError listing each problem with file and line", () => {
        const load = () =>
            loadAzureMlSpecs([fixture("problems", "endpoint.yml"), fixture("problems", "wrong-type.yml")], {
                projectDir: REPO_ROOT,
            });
        expect(load).toThrow(SpecValidationError);
        expect(load).toThrow(
            `${fixture("problems", "wrong-type.yml")}:10: instance_count: expected a whole number, got "two"; write a number such as 1`,
        );
    });

    it("validates with the stack's other config when a program gives it", () => {
        const result = importAzureMlYaml([fixture("dev-stack", "blue-deployment.yml")], {
            projectDir: REPO_ROOT,
            base: {
                location: "northeurope",
                workspace: { publicNetworkAccess: "Disabled" },
                onlineEndpoints: { "credit-dev": { authMode: "key", rollout: { linear: { stepPercent: 50 } } } },
            },
        });
        expect(result.valid).toBe(true);
        expect(result.findings.filter((f) => f.kind === "note").map((f) => f.field)).not.toContain(
            "location, workspace",
        );
        expect(result.config.onlineEndpoints!["credit-dev"]).toEqual({
            authMode: "key",
            rollout: { linear: { stepPercent: 50 } },
            deployments: {
                blue: {
                    model: "azureml:credit-default:1",
                    code: "azureml:credit-score:1",
                    scoringScript: "score.py",
                    environment: "azureml:credit-runtime:1",
                    instanceType: "Standard_DS3_v2",
                    instanceCount: 1,
                },
            },
        });
    });
});
