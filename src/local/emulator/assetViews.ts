import { EmulatorContext } from "./context";
import { AssetContainerRecord, AssetKind, AssetVersionRecord, assetKeyOf } from "./state";

/** What may change on an existing version: `az ml <asset> update` allows description and tags; archive flips isArchived. */
export const MUTABLE_VERSION_FIELDS = ["description", "tags", "isArchived"] as const;

/** The field that holds where a version's content lives (azure-ai-ml: "Asset paths cannot be updated."). */
export const ASSET_PATH_FIELD: Partial<Record<AssetKind, string>> = { codes: "codeUri", models: "modelUri" };

/** Read-only fields a client may echo back; they are the service's, not part of what was sent. */
const READ_ONLY = ["provisioningState", "environmentType", "latestVersion", "nextVersion"];

/** The properties of a PUT body without the read-only fields. */
export function writableProperties(input: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(input).filter(([key]) => !READ_ONLY.includes(key)));
}

function systemData(record: { createdAt: number; modifiedAt: number }): Record<string, string> {
    return {
        createdAt: new Date(record.createdAt).toISOString(),
        lastModifiedAt: new Date(record.modifiedAt).toISOString(),
    };
}

/** The versions of a container, oldest first. */
export function versionsOf(ctx: EmulatorContext, c: AssetContainerRecord): AssetVersionRecord[] {
    const prefix = `${assetKeyOf(c.workspaceId, c.kind, c.name)}/versions/`;
    return [...ctx.state.assetVersions.entries()].filter(([key]) => key.startsWith(prefix)).map(([, v]) => v);
}

/** CodeContainerResource / ModelContainerResource / EnvironmentContainerResource. */
export function containerView(ctx: EmulatorContext, c: AssetContainerRecord): Record<string, unknown> {
    const versions = versionsOf(ctx, c);
    const latest = versions.reduce<AssetVersionRecord | undefined>(
        (last, v) => (last === undefined || v.createdAt >= last.createdAt ? v : last),
        undefined,
    );
    return {
        id: c.id,
        name: c.name,
        type: `Microsoft.MachineLearningServices/workspaces/${c.kind}`,
        properties: {
            isArchived: false,
            ...c.properties,
            ...(latest !== undefined ? { latestVersion: latest.version } : {}),
            nextVersion: String(c.highestNumericVersion + 1),
            provisioningState: "Succeeded",
        },
        systemData: systemData(c),
    };
}

/** CodeVersionResource / ModelVersionResource / EnvironmentVersionResource. */
export function versionView(v: AssetVersionRecord): Record<string, unknown> {
    return {
        id: v.id,
        name: v.version,
        type: `Microsoft.MachineLearningServices/workspaces/${v.kind}/versions`,
        properties: {
            isAnonymous: false,
            isArchived: false,
            ...v.properties,
            ...(v.kind === "environments" ? { environmentType: "UserCreated" } : {}),
            provisioningState: "Succeeded",
        },
        systemData: systemData(v),
    };
}

/** A stable text of a value: object keys sorted, so two bodies compare by content, not by key order. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined && v !== null)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/**
 * The content fields a PUT would change on an existing version: everything but the mutable fields. An absent
 * field and one sent as null (or `isAnonymous: false`, the default) are the same.
 */
export function changedContent(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
    const content = (props: Record<string, unknown>) =>
        Object.fromEntries(
            Object.entries(props).filter(
                ([key, value]) =>
                    !(MUTABLE_VERSION_FIELDS as readonly string[]).includes(key) &&
                    value !== undefined &&
                    value !== null &&
                    !(key === "isAnonymous" && value === false),
            ),
        );
    const [a, b] = [content(before), content(after)];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.filter((key) => canonical(a[key]) !== canonical(b[key]));
}
