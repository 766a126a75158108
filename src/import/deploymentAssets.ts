import { describeValue } from "../model";
import { inlineCode } from "./codeAsset";
import type { AssetLink, DeploymentAssets, MapContext, MappedAsset } from "./entities";
import { mapEnvironment } from "./environmentAsset";
import { Draft, Fields } from "./fieldReader";
import { mapModel } from "./modelAsset";
import { parseAssetReference } from "./references";

type InlineMapper = (fields: Fields, ctx: MapContext, inline: boolean) => MappedAsset | undefined;

/** A deployment's `model:` or `environment:`: a reference (azureml:<name>:<version>, ...) or an inline definition. */
function assetField(
    fields: Fields,
    key: "model" | "environment",
    ctx: MapContext,
    mapInline: InlineMapper,
): AssetLink | undefined {
    const raw = fields.raw(key);
    if (raw === undefined) {
        return undefined;
    }
    if (typeof raw === "string") {
        const reference = parseAssetReference(raw);
        if (reference.kind === "other") {
            fields.report(
                "invalid",
                key,
                `expected azureml:<name>:<version> or an inline ${key} (a mapping with path${key === "environment" ? " or image" : ""}), got ${describeValue(raw)}; write one of them`,
            );
            return undefined;
        }
        return registryCheck(fields, key, { kind: "reference", reference, origin: fields.origin(key), field: key });
    }
    const nested = fields.nested(key, `${key} defined inline`);
    const asset = nested !== undefined ? mapInline(nested, ctx, true) : undefined;
    return asset === undefined ? undefined : { kind: "inline", asset };
}

/** Registry assets live outside the workspace; the platform's deployments name workspace assets only. */
function registryCheck(fields: Fields, key: string, link: AssetLink): AssetLink | undefined {
    if (link.kind === "reference" && link.reference.kind === "registry") {
        fields.report(
            "invalid",
            key,
            `"${link.reference.text}" is in an Azure ML registry; the platform deploys workspace assets only: register it in the workspace (or import its YAML) and write azureml:<name>:<version>`,
        );
        return undefined;
    }
    return link;
}

/**
 * The assets a deployment names: model, environment and code_configuration { code, scoring_script }. A scoring
 * script goes to the draft; the links are resolved to config keys when the entities are put together.
 */
export function readDeploymentAssets(
    fields: Fields,
    ctx: MapContext,
    draft: Draft,
): { assets: DeploymentAssets; complete: boolean } {
    const assets: DeploymentAssets = {};
    let complete = true;
    for (const [key, mapper] of [
        ["model", mapModel],
        ["environment", mapEnvironment],
    ] as const) {
        const present = fields.has(key);
        assets[key] = assetField(fields, key, ctx, mapper);
        complete &&= !present || assets[key] !== undefined;
    }
    const configuration = fields.nested("code_configuration", "code_configuration");
    if (configuration !== undefined) {
        const code = configuration.text("code");
        if (code !== undefined && /^azureml:/i.test(code.trim())) {
            assets.code = registryCheck(configuration, "code", {
                kind: "reference",
                reference: parseAssetReference(code),
                origin: configuration.origin("code"),
                field: configuration.field("code"),
            });
        } else if (code !== undefined) {
            const asset = inlineCode(configuration, "code", ctx);
            assets.code = asset !== undefined ? { kind: "inline", asset } : undefined;
        }
        complete &&= code === undefined || assets.code !== undefined;
        draft.put(["scoringScript"], configuration.text("scoring_script"), configuration.origin("scoring_script"));
        configuration.finish();
    }
    return { assets, complete };
}
