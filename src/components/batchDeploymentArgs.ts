import { BatchDeploymentSpecInput, ConfigProblem, PathSegment, formatPath } from "../model";
import { ComputeInput, computeForValidation, computeReferenceProblem } from "./computeRef";
import type { AssetInput } from "./onlineDeployment";
import { assetForValidation } from "./placeholders";

/**
 * A batch deployment's settings: those of `batchDeploymentSpec` (each documented there with its default), with the
 * model, code and environment given as components or registered references and the compute as a component, a
 * name or an ARM id.
 */
export type BatchDeploymentSettings = Omit<BatchDeploymentSpecInput, "model" | "code" | "environment" | "compute"> & {
    /**
     * The model scored (type "model"): a Model component or a registered `azureml:<name>:<version>`. An MLflow
     * model (type mlflow_model) needs no code or environment: Azure ML generates its scoring. @default - (required
     * for type "model")
     */
    readonly model?: AssetInput;
    /** The scoring code, with `scoringScript`: a Code component or a registered code asset. @default - (none) */
    readonly code?: AssetInput;
    /** Where the scoring script runs: an Environment component or a registered environment. @default - (none) */
    readonly environment?: AssetInput;
    /**
     * The compute cluster jobs run on: a ComputeCluster component, the name of a compute in the endpoint's
     * workspace, or its full ARM id. A pipeline component's jobs take it as their `default_compute` setting unless
     * `settings` name one.
     */
    readonly compute: ComputeInput;
};

/** The settings as the spec validates them: components stand in as well-formed placeholders (placeholders.ts). */
export function batchDeploymentSpecInput(settings: BatchDeploymentSettings): Record<string, unknown> {
    const { model, code, environment, compute, ...rest } = settings;
    return {
        ...rest,
        model: assetForValidation(model),
        code: assetForValidation(code),
        environment: assetForValidation(environment),
        compute: computeForValidation(compute),
    };
}

/** The model type a Model component declares; undefined for a registered reference, whose type is not known here. */
function declaredModelType(model: AssetInput | undefined): string | undefined {
    if (typeof model !== "object" || !("spec" in model)) {
        return undefined;
    }
    const spec = (model as { spec?: { type?: unknown } }).spec;
    return typeof spec?.type === "string" ? spec.type : undefined;
}

/**
 * What the spec cannot see in a batch deployment's arguments: whether a compute given as text is a compute name or
 * id, and whether a Model component that is a custom_model comes with the scoring code and environment batch
 * scoring needs (MLflow and Triton models come without). Paths are under `at` (e.g. `deployments.nightly`).
 */
export function batchDeploymentArgProblems(
    settings: BatchDeploymentSettings,
    at: readonly PathSegment[],
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const computeProblem = computeReferenceProblem(settings.compute);
    if (computeProblem !== undefined) {
        problems.push({ path: formatPath([...at, "compute"]), message: computeProblem });
    }
    const modelType = declaredModelType(settings.model);
    if ((settings.type ?? "model") === "model" && modelType === "custom_model") {
        const missing = settings.code === undefined ? "code" : settings.environment === undefined ? "environment" : "";
        if (missing !== "") {
            problems.push({
                path: formatPath([...at, missing]),
                message: `model '${(settings.model as { assetName?: string }).assetName ?? "?"}' is a custom_model; batch scoring needs code, scoringScript and environment (or register it as an mlflow_model, which needs none)`,
            });
        }
    }
    return problems;
}
