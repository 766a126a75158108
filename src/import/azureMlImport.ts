import * as path from "path";
import { PlatformSpec, PlatformSpecInput, SpecValidationError } from "../model";
import { DEFAULT_PROJECT } from "../platform/stackConfig";
import { assemble } from "./assembly";
import type { ImportedSection, MappedEntity } from "./entities";
import { Fields, withArticle } from "./fieldReader";
import { FindingSink, ImportFinding } from "./findings";
import { STAND_INS, standInKeys, validateImport } from "./importValidation";
import { InputFile, inputFiles } from "./inputFiles";
import { KIND_MAPPERS } from "./kindMappers";
import { Recognised, resolveAmbiguous } from "./kindResolution";
import { IMPORTED_KINDS, Recognition, recognise } from "./schemaKinds";
import { readSourceFile, SourceFile } from "./yamlSource";

export type { FindingKind, ImportFinding } from "./findings";
export { formatFinding } from "./findings";
export { stackConfigYaml } from "./stackYaml";
export type { ImportedSection } from "./entities";

export interface AzureMlImportOptions {
    /** The project directory: local paths in the config are made relative to it. @default process.cwd() */
    readonly projectDir?: string;
    /**
     * The stack's other config (keys without the namespace, as `projectConfig` reads Pulumi.<stack>.yaml):
     * deployments may join its endpoints, imported entries update its entries, and the whole is validated
     * together. @default {} (validated with stand-ins for location and workspace, which az ml files never give)
     */
    readonly base?: Readonly<Record<string, unknown>>;
    /** How messages name where `base` came from. @default "the stack file" */
    readonly stackFile?: string;
    /** The project whose namespace prefixes config key paths in messages. @default "azureml-platform" */
    readonly project?: string;
}

/** The config sections an import writes, in the form the stack file (and the platform schema's input) takes. */
export type AzureMlImportedConfig = Partial<Pick<PlatformSpecInput, ImportedSection>>;

/** The same sections as the platform's schemas parse them: what the components take. */
export type AzureMlImportedSpecs = Partial<Pick<PlatformSpec, ImportedSection>>;

export interface AzureMlImport {
    /**
     * The sections the files touch (computes, models, codes, environments, onlineEndpoints, batchEndpoints), each
     * whole: the base's entries with the imported ones added or updated. Empty when the input is invalid.
     */
    readonly config: AzureMlImportedConfig;
    /** The config paths written from the files (`models.credit-default`, `onlineEndpoints.x.deployments.blue`). */
    readonly entries: readonly string[];
    /** Every field not carried over, every problem and every note, with file and line. */
    readonly findings: readonly ImportFinding[];
    /** No `invalid` finding: the config validated through the platform schema. */
    readonly valid: boolean;
    /** Some fields were left out (each has a `leftOut` finding). */
    readonly leftOut: boolean;
    /** The config as the platform schema parsed it (defaults filled in), when valid. */
    readonly specs?: AzureMlImportedSpecs;
}

type Loose = Record<string, unknown>;

/** A file read and recognised. */
interface ReadFile extends Recognised {
    readonly file: InputFile;
    readonly source: SourceFile;
}
const isMapping = (value: unknown): value is Loose =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/** The conda files the imported environments name: found in a folder, they are not files to import. */
function condaFilesNamed(files: readonly { source: SourceFile; raw: Loose }[]): Set<string> {
    const named = new Set<string>();
    for (const { source, raw } of files) {
        for (const holder of [raw, isMapping(raw.environment) ? raw.environment : {}]) {
            const conda = holder.conda_file;
            if (typeof conda === "string") {
                named.add(path.resolve(source.directory, conda.replace(/^file:/, "")));
            }
        }
    }
    return named;
}

/** Findings grouped by file (in the order the files were read) and by line within a file. */
function inFileOrder(findings: readonly ImportFinding[]): ImportFinding[] {
    const files = [...new Set(findings.map((f) => f.file ?? ""))];
    return findings
        .map((finding, i) => ({ finding, i }))
        .sort(
            (a, b) =>
                files.indexOf(a.finding.file ?? "") - files.indexOf(b.finding.file ?? "") ||
                (a.finding.line ?? Infinity) - (b.finding.line ?? Infinity) ||
                a.i - b.i,
        )
        .map(({ finding }) => finding);
}

/**
 * Reads az ml CLI v2 YAML files (and folders of them) into stack configuration: online endpoints and
 * deployments (managed and Kubernetes), batch endpoints and model or pipeline component deployments, models,
 * environments, code and computes, each recognised by its `$schema` or its shape. Every field is mapped or
 * reported; the result is validated through the platform schema. Never throws for bad input: see `findings`.
 */
export function importAzureMlYaml(paths: readonly string[], options: AzureMlImportOptions = {}): AzureMlImport {
    const projectDir = path.resolve(options.projectDir ?? process.cwd());
    const base = options.base ?? {};
    const stackFile = options.stackFile ?? "the stack file";
    const sink = new FindingSink();
    const ctx = { projectDir, sink };

    const files = inputFiles(paths, sink);
    if (files.length === 0 && sink.count("invalid") === 0) {
        sink.add({
            kind: "invalid",
            field: "(files)",
            message: "no YAML files found; name az ml YAML files or folders that hold them",
        });
    }
    const read = files.flatMap((file) => {
        const result = readSourceFile(file.absolute, file.named);
        if (!result.ok) {
            sink.add(result.finding);
            return [];
        }
        const raw = isMapping(result.source.value) ? result.source.value : {};
        const recognition: Recognition = isMapping(result.source.value)
            ? recognise(raw)
            : { kind: "unknown", reason: "it is not a mapping of fields" };
        const read: ReadFile = { file, source: result.source, raw, recognition };
        return [read];
    });
    resolveAmbiguous(read, base);
    const condaFiles = condaFilesNamed(read);

    const entities: MappedEntity[] = [];
    for (const { file, source, raw, recognition } of read) {
        const at = { file: source.file, line: source.lineOf(["$schema"]), field: "$schema" };
        switch (recognition.kind) {
            case "conda":
                if (!condaFiles.has(file.absolute)) {
                    sink.add({
                        kind: "note",
                        ...at,
                        field: "(file)",
                        message: "a conda specification no imported environment names; skipped",
                    });
                }
                break;
            case "otherAzureMl":
                sink.add({
                    kind: "leftOut",
                    ...at,
                    message: `${withArticle(recognition.schema)} file: the platform deploys computes, models, code, environments and endpoints, not this; keep managing it with az ml`,
                });
                break;
            case "unknown":
            case "ambiguous":
                sink.add({
                    kind: file.explicit ? "invalid" : "note",
                    ...at,
                    field: typeof raw.$schema === "string" ? "$schema" : "(file)",
                    message: `${file.explicit ? "not" : "skipped: not"} an az ml CLI v2 file the import reads: ${
                        recognition.kind === "unknown" ? recognition.reason : "its kind is unclear; add $schema"
                    }`,
                });
                break;
            default: {
                const fields = Fields.ofFile(source, sink, IMPORTED_KINDS[recognition.kind]);
                const entity = fields !== undefined ? KIND_MAPPERS[recognition.kind](fields, ctx) : undefined;
                if (entity !== undefined) {
                    entities.push(entity);
                }
            }
        }
    }
    if (entities.length === 0 && sink.count("invalid") === 0) {
        sink.add({
            kind: "invalid",
            field: "(files)",
            message:
                "none of these files is an endpoint, deployment, asset or compute the import reads; nothing to write",
        });
    }

    const assembled = assemble(entities, base, sink, stackFile);
    let specs: AzureMlImportedSpecs | undefined;
    if (sink.count("invalid") === 0) {
        const spec = validateImport(assembled, base, `${options.project ?? DEFAULT_PROJECT}:`, sink);
        if (spec !== undefined) {
            specs = Object.fromEntries(
                Object.keys(assembled.sections).map((section) => [section, spec[section as ImportedSection]]),
            );
        }
        const missing = standInKeys(base);
        if (missing.length > 0) {
            sink.add({
                kind: "note",
                field: missing.join(", "),
                message: `not part of az ml YAML, so not written; validated with stand-ins (${missing.map((k) => `${k}: ${JSON.stringify(STAND_INS[k as keyof typeof STAND_INS])}`).join(", ")}); a stack file needs ${missing.length > 1 ? "both" : "it"}`,
            });
        }
    }
    const valid = sink.count("invalid") === 0;
    return {
        config: valid ? (assembled.sections as AzureMlImportedConfig) : {},
        entries: assembled.entries,
        findings: inFileOrder(sink.findings),
        valid,
        leftOut: sink.count("leftOut") > 0,
        specs,
    };
}

/**
 * For programs that keep az ml YAML as their source of truth: the imported sections as the platform's schemas
 * parse them — the spec objects the components take (`new Model(key, { ...specs.models[key], name, ... })`, as
 * the platform program does). Throws SpecValidationError listing every problem with file and line; fields left
 * out come back in `findings` for the program to report (or refuse).
 */
export function loadAzureMlSpecs(
    paths: readonly string[],
    options: AzureMlImportOptions = {},
): { readonly specs: AzureMlImportedSpecs; readonly findings: readonly ImportFinding[] } {
    const result = importAzureMlYaml(paths, options);
    if (!result.valid || result.specs === undefined) {
        throw new SpecValidationError(
            `az ml YAML (${paths.join(", ")})`,
            result.findings
                .filter((f) => f.kind === "invalid")
                .map((f) => ({
                    path:
                        f.file === undefined
                            ? f.field
                            : `${f.file}${f.line !== undefined ? `:${f.line}` : ""}: ${f.field}`,
                    message: f.message,
                })),
        );
    }
    return { specs: result.specs, findings: result.findings };
}
