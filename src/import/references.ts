import { REGISTERED_REFERENCE_PATTERN } from "../model";

/**
 * The forms az ml accepts where a deployment names an asset, and the one the platform keeps:
 * `azureml:<name>:<version>` (its registered-reference form, REGISTERED_REFERENCE_PATTERN).
 */
export type AssetReference =
    /** azureml:<name>:<version>, or an ARM id ending in /<family>/<name>/versions/<version>. */
    | { readonly kind: "registered"; readonly name: string; readonly version: string; readonly text: string }
    /** azureml:<name>@latest or azureml:<name>: a version az ml resolves when it deploys. */
    | { readonly kind: "floating"; readonly name: string; readonly text: string }
    /** azureml://registries/<registry>/...: an asset in a registry, outside the workspace. */
    | { readonly kind: "registry"; readonly text: string }
    /** Anything else: a local path (for code) or a value nothing reads. */
    | { readonly kind: "other"; readonly text: string };

const ARM_VERSION = /\/(?:models|environments|codes|components)\/([^/]+)\/versions\/([^/]+)$/i;

export function parseAssetReference(text: string): AssetReference {
    const trimmed = text.trim();
    if (/^azureml:\/\/registries\//i.test(trimmed)) {
        return { kind: "registry", text: trimmed };
    }
    if (REGISTERED_REFERENCE_PATTERN.test(trimmed)) {
        const [, name, version] = REGISTERED_REFERENCE_PATTERN.exec(trimmed)!;
        return { kind: "registered", name, version, text: trimmed };
    }
    const armId = ARM_VERSION.exec(trimmed);
    if (armId !== null && /^(azureml:)?\/subscriptions\//i.test(trimmed)) {
        return { kind: "registered", name: armId[1], version: armId[2], text: `azureml:${armId[1]}:${armId[2]}` };
    }
    const floating = /^azureml:([a-zA-Z0-9][a-zA-Z0-9\-_.]*)(@latest)?$/.exec(trimmed);
    if (floating !== null) {
        return { kind: "floating", name: floating[1], text: trimmed };
    }
    return { kind: "other", text: trimmed };
}

/** The compute a deployment or endpoint names (`azureml:<name>`, `<name>` or an ARM id): its name. */
export function computeNameOf(text: string): string {
    const trimmed = text.trim().replace(/^azureml:/, "");
    const armId = /\/computes\/([^/]+)$/i.exec(trimmed);
    return armId !== null ? armId[1] : trimmed;
}
