import { withArticle } from "./fieldReader";
import { parseAssetReference } from "./references";
import { IMPORTED_KINDS, ImportedKind, Recognition, schemaUrl } from "./schemaKinds";

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : {};
const text = (value: unknown) => (typeof value === "string" ? value : undefined);

const ONLINE_ENDPOINTS: readonly ImportedKind[] = ["managedOnlineEndpoint", "kubernetesOnlineEndpoint"];
const ONLINE_DEPLOYMENTS: readonly ImportedKind[] = [
    "managedOnlineDeployment",
    "kubernetesOnlineDeployment",
    "onlineDeployment",
];
const BATCH_DEPLOYMENTS: readonly ImportedKind[] = ["modelBatchDeployment", "pipelineComponentBatchDeployment"];

/** A recognised file: its top-level mapping and what it is. */
export interface Recognised {
    readonly raw: Loose;
    recognition: Recognition;
}

/**
 * Files without $schema whose fields fit two kinds are told apart by the others: an endpoint by the deployments
 * that join it, a deployment by its endpoint (also the stack file's), an asset by how deployments name it.
 */
export function resolveAmbiguous(files: readonly Recognised[], base: Readonly<Record<string, unknown>>): void {
    const kindOf = (f: Recognised) => (f.recognition.kind === "ambiguous" ? undefined : f.recognition.kind);
    const names = (kinds: readonly ImportedKind[]) =>
        files.filter((f) => kinds.includes(kindOf(f) as ImportedKind)).map((f) => text(f.raw.name));
    const online = new Set([...names(ONLINE_ENDPOINTS), ...Object.keys(record(base.onlineEndpoints))]);
    const batch = new Set([...names(["batchEndpoint"]), ...Object.keys(record(base.batchEndpoints))]);
    const joining = (kinds: readonly ImportedKind[]) =>
        new Set(files.filter((f) => kinds.includes(kindOf(f) as ImportedKind)).map((f) => text(f.raw.endpoint_name)));
    const onlineJoined = joining(ONLINE_DEPLOYMENTS);
    const batchJoined = joining(BATCH_DEPLOYMENTS);
    const referenced = (get: (raw: Loose) => unknown) =>
        new Set(
            files.flatMap((f) => {
                const value = text(get(f.raw));
                const reference = value !== undefined ? parseAssetReference(value) : undefined;
                return reference?.kind === "registered" || reference?.kind === "floating" ? [reference.name] : [];
            }),
        );
    const models = referenced((raw) => raw.model);
    const codes = referenced((raw) => record(raw.code_configuration).code);

    for (const file of files) {
        if (file.recognition.kind !== "ambiguous") {
            continue;
        }
        const candidates = file.recognition.candidates;
        const name = text(file.raw.name);
        const endpoint = text(file.raw.endpoint_name);
        let kind: ImportedKind | undefined;
        if (candidates.includes("onlineDeployment")) {
            kind = online.has(endpoint) ? "onlineDeployment" : batch.has(endpoint) ? "modelBatchDeployment" : undefined;
        } else if (candidates.includes("batchEndpoint")) {
            kind = onlineJoined.has(name)
                ? "managedOnlineEndpoint"
                : batchJoined.has(name)
                  ? "batchEndpoint"
                  : undefined;
        } else if (candidates.includes("model")) {
            kind = models.has(name ?? "") ? "model" : codes.has(name ?? "") ? "code" : undefined;
        }
        file.recognition =
            kind !== undefined
                ? { kind }
                : {
                      kind: "unknown",
                      reason: `its fields fit ${candidates.map((c) => withArticle(IMPORTED_KINDS[c])).join(" and ")} alike, and no other file tells which; add $schema: ${candidates.map(schemaUrl).join(" or ")}`,
                  };
    }
}
