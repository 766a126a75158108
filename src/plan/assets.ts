import { compareText } from "./canonicalJson";
import { AssetKind, PlanAsset, PlanResource } from "./document";

/** The azure-native types that register an asset version, by the asset kind. */
const VERSION_TYPES: Readonly<Record<string, AssetKind>> = {
    "azure-native:machinelearningservices:ModelVersion": "model",
    "azure-native:machinelearningservices:CodeVersion": "code",
    "azure-native:machinelearningservices:EnvironmentVersion": "environment",
};

const ID_FOLDERS: Readonly<Record<string, AssetKind>> = { models: "model", codes: "code", environments: "environment" };

/** A type token without azure-native's API-version module (`machinelearningservices/v20240401` → `machinelearningservices`). */
export const unversionedType = (type: string) => type.replace(/\/v\d\w*:/, ":");

export const DEPLOYMENT_TYPES = {
    online: "azure-native:machinelearningservices:OnlineDeployment",
    batch: "azure-native:machinelearningservices:BatchDeployment",
} as const;

/** The asset versions a plan registers, sorted by kind, name and version. */
export function assetsOf(resources: readonly PlanResource[]): PlanAsset[] {
    return resources
        .filter((r) => VERSION_TYPES[unversionedType(r.type)] !== undefined)
        .filter((r) => typeof r.inputs.name === "string" && typeof r.inputs.version === "string")
        .map((r) => ({
            kind: VERSION_TYPES[unversionedType(r.type)],
            name: r.inputs.name as string,
            version: r.inputs.version as string,
            urn: r.urn,
        }))
        .sort(
            (a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name) || compareText(a.version, b.version),
        );
}

/** One asset version a deployment names (by its ARM id: `…/models/<name>/versions/<version>`). */
export interface AssetRef {
    readonly kind: AssetKind;
    readonly name: string;
    readonly version: string;
}

/** Every asset version named anywhere in a value, by ARM id; each once, sorted. */
export function assetRefsOf(value: unknown): AssetRef[] {
    const found = new Map<string, AssetRef>();
    const visit = (v: unknown) => {
        if (typeof v === "string") {
            for (const m of v.matchAll(/\/(models|codes|environments)\/([^/|\s]+)\/versions\/([^/|\s]+)/g)) {
                const ref = { kind: ID_FOLDERS[m[1]], name: m[2], version: m[3] };
                found.set(`${ref.kind}/${ref.name}/${ref.version}`, ref);
            }
        } else if (Array.isArray(v)) {
            v.forEach(visit);
        } else if (v !== null && typeof v === "object") {
            Object.values(v).forEach(visit);
        }
    };
    visit(value);
    return [...found.entries()].sort(([a], [b]) => compareText(a, b)).map(([, ref]) => ref);
}

/** An online or batch deployment of a plan, with the asset versions it runs. */
export interface PlanDeploymentView {
    readonly kind: "online" | "batch";
    readonly endpoint: string;
    readonly deployment: string;
    readonly urn: string;
    readonly refs: readonly AssetRef[];
}

/** `<endpoint>/<deployment>`, lower-cased as Azure compares them. */
export const deploymentKey = (endpoint: string, deployment: string) =>
    `${endpoint.toLowerCase()}/${deployment.toLowerCase()}`;

/** The deployments of a plan (azure-native online and batch deployments), by `deploymentKey`. */
export function deploymentsOf(resources: readonly PlanResource[]): Map<string, PlanDeploymentView> {
    const out = new Map<string, PlanDeploymentView>();
    for (const r of resources) {
        const type = unversionedType(r.type);
        const kind =
            type === DEPLOYMENT_TYPES.online ? "online" : type === DEPLOYMENT_TYPES.batch ? "batch" : undefined;
        const endpoint = r.inputs.endpointName;
        const deployment = r.inputs.deploymentName;
        if (kind === undefined || typeof endpoint !== "string" || typeof deployment !== "string") {
            continue;
        }
        out.set(deploymentKey(endpoint, deployment), {
            kind,
            endpoint,
            deployment,
            urn: r.urn,
            refs: assetRefsOf(r.inputs.properties),
        });
    }
    return out;
}
