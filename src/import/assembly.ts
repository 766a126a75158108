import { ASSET_NAME_PATTERN, isKeyVaultReference } from "../model";
import type {
    AssetFamily,
    AssetLink,
    DeploymentAssets,
    ImportedSection,
    MappedAsset,
    MappedBatchDeployment,
    MappedEntity,
    MappedOnlineDeployment,
    MappedOnlineEndpoint,
    TrafficField,
} from "./entities";
import type { Draft, Origin } from "./fieldReader";
import type { FindingKind, FindingSink } from "./findings";

/** Where a config path came from: paths are config key segments (`onlineEndpoints`, `credit-dev`, ...). */
export interface OriginEntry {
    readonly path: readonly string[];
    readonly origin: Origin;
}

/** The imported entities as stack config sections, merged with the stack file's entries of the same sections. */
export interface Assembled {
    readonly sections: Partial<Record<ImportedSection, Record<string, unknown>>>;
    readonly origins: readonly OriginEntry[];
    /** The config paths of what the import wrote (`models.credit-default`, `onlineEndpoints.x.deployments.blue`). */
    readonly entries: readonly string[];
}

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : {};
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const ROLE_FAMILY = { model: "models", code: "codes", environment: "environments" } as const;
const FAMILY_NOUN = { models: "model", codes: "code asset", environments: "environment" } as const;

/** Puts mapped entities together: keys, references between them, deployments under endpoints, traffic. */
class Assembly {
    readonly sections: Partial<Record<ImportedSection, Loose>> = {};
    readonly origins: OriginEntry[] = [];
    readonly entries: string[] = [];
    /** Imported assets by family, to resolve references and reuse identical inline definitions. */
    private readonly assets: Record<AssetFamily, { key: string; name?: string; version?: string }[]> = {
        models: [],
        codes: [],
        environments: [],
    };
    private readonly placed = new Map<string, Origin>();

    constructor(
        private readonly base: Loose,
        private readonly sink: FindingSink,
        private readonly stackFile: string,
    ) {}

    report(kind: FindingKind, origin: Origin, field: string, message: string): void {
        this.sink.add({ kind, file: origin.file, line: origin.line, field, message });
    }

    /** A section to write to: from now on part of the output, starting from the stack file's entries. */
    section(name: ImportedSection): Loose {
        return (this.sections[name] ??= clone(record(this.base[name])));
    }

    /** A section to read: the output's when the import writes it, else the stack file's. */
    peek(name: ImportedSection): Loose {
        return this.sections[name] ?? record(this.base[name]);
    }

    private record(path: readonly string[], draft: Draft | undefined, origin: Origin): void {
        this.origins.push({ path, origin });
        for (const entry of draft?.origins ?? []) {
            this.origins.push({ path: [...path, ...entry.path], origin: entry.origin });
        }
    }

    /** Adds one entry at a path; a second definition of the same entry in the files is refused. */
    put(path: readonly string[], value: unknown, draft: Draft | undefined, origin: Origin): boolean {
        const id = path.join("\u0000");
        const earlier = this.placed.get(id);
        const shown = path.join(".");
        if (earlier !== undefined) {
            this.report(
                "invalid",
                origin,
                path[path.length - 1],
                `${shown} is also declared at ${earlier.file}:${earlier.line}; keep one of them`,
            );
            return false;
        }
        if (path.includes("__proto__")) {
            this.report("invalid", origin, "name", `"__proto__" cannot be a name in stack config; rename it`);
            return false;
        }
        this.placed.set(id, origin);
        const parent = path.slice(1, -1).reduce<Loose>(
            (node, key) => {
                if (typeof node[key] !== "object" || node[key] === null) {
                    node[key] = {};
                }
                return node[key] as Loose;
            },
            this.section(path[0] as ImportedSection),
        );
        const key = path[path.length - 1];
        const existing = parent[key];
        if (Object.hasOwn(parent, key) && typeof existing === "object" && existing !== null) {
            // What az ml files cannot say (deployments of an endpoint, rollout, callers, upload settings) is kept.
            this.report(
                "note",
                origin,
                shown,
                `updates the entry of ${this.stackFile}: the fields these files give replace its fields, the others are kept`,
            );
            parent[key] = { ...existing, ...record(value) };
        } else {
            parent[key] = value;
        }
        this.record(path, draft, origin);
        this.entries.push(shown);
        return true;
    }

    private usedKey(family: AssetFamily, key: string): boolean {
        return Object.hasOwn(this.peek(family), key);
    }

    /** An asset from its own file: keyed by its name; a further version of the same name gets a key of its own. */
    addAsset(asset: MappedAsset): void {
        const name = asset.name!;
        const versions = this.assets[asset.family].filter((a) => a.name === name);
        if (versions.some((a) => a.version === asset.version)) {
            const key = versions.find((a) => a.version === asset.version)!.key;
            this.put([asset.family, key], asset.draft.value, asset.draft, asset.origin);
            return;
        }
        let value: Loose = asset.draft.value;
        let key = name;
        if (versions.length > 0) {
            // A second version: the first one's component owns the asset's container.
            key = `${name}-${(asset.version ?? String(versions.length + 1)).replace(/[^a-zA-Z0-9\-_.]/g, "-")}`;
            value = { name, ...value, manageContainer: false };
        }
        if (this.put([asset.family, key], value, asset.draft, asset.origin)) {
            this.assets[asset.family].push({ key, name, version: asset.version });
        }
    }

    /** An inline asset of a deployment: an identical one is shared; otherwise a new key from its name or owner. */
    private addInlineAsset(asset: MappedAsset, owner: string, role: keyof typeof ROLE_FAMILY): string | undefined {
        const family = asset.family;
        const value = asset.draft.value;
        const same = this.assets[family].find((a) => sameValue(this.peek(family)[a.key], value));
        if (same !== undefined) {
            return same.key;
        }
        const wanted =
            asset.name !== undefined && ASSET_NAME_PATTERN.test(asset.name) ? asset.name : `${owner}-${role}`;
        let key = wanted;
        for (let n = 2; this.usedKey(family, key); n++) {
            key = `${wanted}-${n}`;
        }
        if (!this.put([family, key], value, asset.draft, asset.origin)) {
            return undefined;
        }
        this.assets[family].push({ key, name: asset.name, version: asset.version });
        return key;
    }

    /** A deployment's link to an asset, as the config names it: a key of this import, or azureml:<name>:<version>. */
    private resolve(link: AssetLink, owner: string, role: keyof typeof ROLE_FAMILY): string | undefined {
        const family = ROLE_FAMILY[role];
        if (link.kind === "inline") {
            return this.addInlineAsset(link.asset, owner, role);
        }
        const reference = link.reference;
        if (reference.kind === "registered") {
            const exact = this.assets[family].find((a) => a.name === reference.name && a.version === reference.version);
            const unversioned = this.assets[family].find((a) => a.name === reference.name && a.version === undefined);
            if (exact === undefined && unversioned !== undefined) {
                this.report(
                    "note",
                    link.origin,
                    link.field,
                    `${reference.text} now names the imported ${FAMILY_NOUN[family]} '${unversioned.key}', whose version the platform derives from its content`,
                );
            }
            return (exact ?? unversioned)?.key ?? reference.text;
        }
        if (reference.kind === "floating") {
            const imported = this.assets[family].find((a) => a.name === reference.name);
            if (imported !== undefined) {
                return imported.key;
            }
            this.report(
                "invalid",
                link.origin,
                link.field,
                `"${reference.text}" lets az ml pick a version when it deploys; the platform deploys a fixed one: write azureml:${reference.name}:<version>, or import the ${FAMILY_NOUN[family]}'s YAML with this file`,
            );
            return undefined;
        }
        return undefined;
    }

    private deploymentAssets(assets: DeploymentAssets, owner: string): Loose | undefined {
        const out: Loose = {};
        for (const role of ["model", "code", "environment"] as const) {
            const link = assets[role];
            if (link === undefined) {
                continue;
            }
            const resolved = this.resolve(link, owner, role);
            if (resolved === undefined) {
                return undefined;
            }
            out[role] = resolved;
        }
        return out;
    }

    /** The key of the compute a name means: a compute keyed so, or one whose `name` it is (stack file keys). */
    computeKey(name: string): string {
        const computes = this.peek("computes");
        if (Object.hasOwn(computes, name)) {
            return name;
        }
        return Object.keys(computes).find((key) => record(computes[key]).name === name) ?? name;
    }

    /** The endpoint a deployment joins: imported, or the stack file's; case-insensitive as Azure ML names are. */
    private endpointKey(section: "onlineEndpoints" | "batchEndpoints", name: string): string | undefined {
        const endpoints = this.peek(section);
        return Object.hasOwn(endpoints, name)
            ? name
            : Object.keys(endpoints).find((k) => k.toLowerCase() === name.toLowerCase());
    }

    addDeployment(deployment: MappedOnlineDeployment | MappedBatchDeployment): void {
        const online = deployment.type === "onlineDeployment";
        const section = online ? "onlineEndpoints" : "batchEndpoints";
        const other = online ? "batchEndpoints" : "onlineEndpoints";
        const endpoint = this.endpointKey(section, deployment.endpoint);
        if (endpoint === undefined) {
            const elsewhere = this.endpointKey(other, deployment.endpoint) !== undefined;
            this.report(
                "invalid",
                deployment.endpointOrigin,
                "endpoint_name",
                elsewhere
                    ? `'${deployment.endpoint}' is a${online ? " batch" : "n online"} endpoint; a${online ? "n online" : " batch"} deployment cannot join it`
                    : `names endpoint '${deployment.endpoint}', which neither these files nor ${this.stackFile} declare; import its endpoint YAML too`,
            );
            return;
        }
        const endpointValue = record(this.peek(section)[endpoint]);
        if (deployment.type === "onlineDeployment") {
            const kind = endpointValue.kind === "kubernetes" ? "kubernetes" : "managed";
            if (deployment.kind !== undefined && deployment.kind !== kind) {
                this.report(
                    "invalid",
                    deployment.origin,
                    "$schema",
                    `a ${deployment.kind} online deployment cannot join the ${kind} endpoint '${endpoint}'; use the ${kind === "kubernetes" ? "kubernetesOnlineDeployment" : "managedOnlineDeployment"} schema, or fix endpoint_name`,
                );
                return;
            }
        }
        const assets = this.deploymentAssets(deployment.assets, `${endpoint}-${deployment.name}`);
        if (assets === undefined) {
            return;
        }
        const { scoringScript, modelMountPath, compute, ...rest } = deployment.draft.value;
        const value = Object.fromEntries(
            Object.entries({
                type: rest.type,
                component: rest.component,
                model: assets.model,
                modelMountPath,
                code: assets.code,
                scoringScript,
                environment: assets.environment,
                compute: typeof compute === "string" ? this.computeKey(compute) : undefined,
                ...rest,
            }).filter(([, v]) => v !== undefined),
        );
        this.put([section, endpoint, "deployments", deployment.name], value, deployment.draft, deployment.origin);
        if (online && Object.values(record(value.environmentVariables)).some((v) => isKeyVaultReference(String(v)))) {
            const endpointEntry = record(this.section(section)[endpoint]);
            if (endpointEntry.keyVaultAccess !== true) {
                endpointEntry.keyVaultAccess = true;
                this.origins.push({ path: [section, endpoint, "keyVaultAccess"], origin: deployment.origin });
                const at =
                    deployment.draft.origins.find((o) => o.path[0] === "environmentVariables")?.origin ??
                    deployment.origin;
                this.report(
                    "note",
                    at,
                    "environment_variables",
                    `a Key Vault reference: keyVaultAccess: true is set on onlineEndpoints.${endpoint}, so the platform grants the endpoint's identity Key Vault Secrets User on the workspace's vault (az ml leaves that grant to you)`,
                );
            }
        }
    }

    /** Traffic (or mirror traffic) lands on the endpoint once every deployment it names is declared. */
    private traffic(endpoint: MappedOnlineEndpoint, field: TrafficField, key: "traffic" | "mirrorTraffic"): void {
        const value = record(this.section("onlineEndpoints")[endpoint.name]);
        const names = Object.keys(record(value.deployments)).map((n) => n.toLowerCase());
        const missing = Object.keys(field.value).filter((n) => !names.includes(n.toLowerCase()));
        if (missing.length > 0) {
            this.report(
                "leftOut",
                field.origin,
                field.field,
                `names deployments that neither these files nor ${this.stackFile} declare (${missing.join(", ")}); import their YAML with the endpoint's, or set ${key} once they are declared`,
            );
            return;
        }
        value[key] = field.value;
        this.origins.push({ path: ["onlineEndpoints", endpoint.name, key], origin: field.origin });
        if (key === "traffic" && Object.values(field.value).some((p) => p > 0)) {
            this.report(
                "note",
                field.origin,
                field.field,
                `lands on onlineEndpoints.${endpoint.name}.traffic, written at once as az ml writes it; to shift it in steps with metric gates, add a rollout policy (rollout:, see README "Progressive rollouts")`,
            );
        }
    }

    finishEndpoint(endpoint: MappedEntity): void {
        if (endpoint.type === "onlineEndpoint") {
            if (endpoint.traffic !== undefined) {
                this.traffic(endpoint, endpoint.traffic, "traffic");
            }
            if (endpoint.mirrorTraffic !== undefined) {
                this.traffic(endpoint, endpoint.mirrorTraffic, "mirrorTraffic");
            }
        } else if (endpoint.type === "batchEndpoint" && endpoint.defaultDeployment !== undefined) {
            const value = record(this.section("batchEndpoints")[endpoint.name]);
            const wanted = endpoint.defaultDeployment;
            const found = Object.keys(record(value.deployments)).find(
                (n) => n.toLowerCase() === wanted.name.toLowerCase(),
            );
            if (found === undefined) {
                this.report(
                    "leftOut",
                    wanted.origin,
                    "defaults.deployment_name",
                    `names deployment '${wanted.name}', which neither these files nor ${this.stackFile} declare; import its YAML with the endpoint's, or set defaultDeployment once it is declared`,
                );
                return;
            }
            value.defaultDeployment = found;
            this.origins.push({ path: ["batchEndpoints", endpoint.name, "defaultDeployment"], origin: wanted.origin });
        }
    }
}

/**
 * Puts the mapped entities of all files together as stack config. `base` is the stack file's config (keys without
 * the namespace): deployments may join its endpoints, and the sections the import touches keep its other entries.
 */
export function assemble(
    entities: readonly MappedEntity[],
    base: Readonly<Record<string, unknown>>,
    sink: FindingSink,
    stackFile: string,
): Assembled {
    const assembly = new Assembly({ ...base }, sink, stackFile);
    for (const entity of entities) {
        if (entity.type === "compute") {
            assembly.put(["computes", entity.name], entity.draft.value, entity.draft, entity.origin);
        }
    }
    for (const entity of entities) {
        if (entity.type === "asset") {
            assembly.addAsset(entity);
        }
    }
    for (const entity of entities) {
        if (entity.type === "onlineEndpoint" || entity.type === "batchEndpoint") {
            const section = entity.type === "onlineEndpoint" ? "onlineEndpoints" : "batchEndpoints";
            const value = { ...entity.draft.value };
            if (typeof value.compute === "string") {
                value.compute = assembly.computeKey(value.compute);
            }
            assembly.put([section, entity.name], value, entity.draft, entity.origin);
        }
    }
    for (const entity of entities) {
        if (entity.type === "onlineDeployment" || entity.type === "batchDeployment") {
            assembly.addDeployment(entity);
        }
    }
    entities.forEach((entity) => assembly.finishEndpoint(entity));
    return { sections: assembly.sections, origins: assembly.origins, entries: assembly.entries };
}
