import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, bodyOf, json } from "./httpTypes";
import {
    ASSET_PATH_FIELD,
    MUTABLE_VERSION_FIELDS,
    changedContent,
    containerView,
    versionView,
    versionsOf,
    writableProperties,
} from "./assetViews";
import { notFound } from "./resources";
import { AssetContainerRecord, AssetKind, WorkspaceRecord, assetKeyOf } from "./state";
import { liveWorkspace } from "./workspaceLookup";

/**
 * Code, model and environment assets (swagger mfe.json: CodeContainers_*, CodeVersions_*, ModelContainers_*, …).
 * All synchronous: PUT answers 201 or 200 with the resource, DELETE 200 or 204. Names and versions are
 * case-sensitive, as the swagger says of both.
 */

type AssetParams = { sub: string; rg: string; ws: string; name: string; version?: string };

/** The swagger's pattern for container names on PUT. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

const NOUN: Record<AssetKind, string> = { codes: "Code", models: "Model", environments: "Environment" };

function assetNotFound(kind: AssetKind, p: AssetParams): EmulatorResponse {
    const nf = notFound(
        `workspaces/${p.ws}/${kind}${p.version === undefined ? "" : `/${p.name}/versions`}`,
        p.version ?? p.name,
        p.rg,
    );
    return armError(404, nf.code, nf.message);
}

function propertiesOf(req: EmulatorRequest): Record<string, unknown> | undefined {
    const props = bodyOf(req).properties;
    return typeof props === "object" && props !== null && !Array.isArray(props)
        ? writableProperties(props as Record<string, unknown>)
        : undefined;
}

function badBody(kind: AssetKind): EmulatorResponse {
    return armError(400, "UserError", `A ${NOUN[kind].toLowerCase()} asset needs a 'properties' object.`);
}

function newContainer(
    ctx: EmulatorContext,
    workspace: WorkspaceRecord,
    kind: AssetKind,
    name: string,
    properties: Record<string, unknown>,
): AssetContainerRecord {
    return {
        kind,
        id: `${workspace.id}/${kind}/${name}`,
        name,
        workspaceId: workspace.id,
        properties,
        highestNumericVersion: 0,
        createdAt: ctx.now(),
        modifiedAt: ctx.now(),
    };
}

export function getAssetContainer(ctx: EmulatorContext, kind: AssetKind, p: AssetParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const c = ctx.state.assetContainers.get(assetKeyOf(found.workspace.id, kind, p.name));
    return c === undefined ? assetNotFound(kind, p) : json(200, containerView(ctx, c));
}

export function putAssetContainer(
    ctx: EmulatorContext,
    kind: AssetKind,
    req: EmulatorRequest,
    p: AssetParams,
): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    if (!NAME_PATTERN.test(p.name)) {
        return armError(400, "UserError", `'${p.name}' is not a valid asset name (${NAME_PATTERN.source}).`);
    }
    const properties = propertiesOf(req);
    if (properties === undefined) {
        return badBody(kind);
    }
    const key = assetKeyOf(found.workspace.id, kind, p.name);
    const existing = ctx.state.assetContainers.get(key);
    const record = existing ?? newContainer(ctx, found.workspace, kind, p.name, {});
    record.properties = properties;
    record.modifiedAt = ctx.now();
    ctx.state.assetContainers.set(key, record);
    return json(existing === undefined ? 201 : 200, containerView(ctx, record));
}

/**
 * DELETE of a container. What Azure does with a container that still has versions is not documented; the emulator
 * refuses (409), so a teardown must delete versions first.
 */
export function deleteAssetContainer(ctx: EmulatorContext, kind: AssetKind, p: AssetParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const key = assetKeyOf(found.workspace.id, kind, p.name);
    const c = ctx.state.assetContainers.get(key);
    if (c === undefined) {
        return json(204, undefined);
    }
    const versions = versionsOf(ctx, c);
    if (versions.length > 0) {
        return armError(
            409,
            "Conflict",
            `${NOUN[kind]} container '${p.name}' still has ${versions.length} version(s) (${versions.map((v) => v.version).join(", ")}); delete them before the container.`,
        );
    }
    ctx.state.assetContainers.delete(key);
    return json(200, undefined);
}

export function getAssetVersion(ctx: EmulatorContext, kind: AssetKind, p: AssetParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const v = ctx.state.assetVersions.get(assetKeyOf(found.workspace.id, kind, p.name, p.version));
    return v === undefined ? assetNotFound(kind, p) : json(200, versionView(v));
}

/** The refusal of a PUT that would change an existing version's content. */
function immutable(kind: AssetKind, p: AssetParams, changed: string[]): EmulatorResponse {
    const pathField = ASSET_PATH_FIELD[kind];
    const message =
        pathField !== undefined && changed.includes(pathField)
            ? "Asset paths cannot be updated."
            : `${NOUN[kind]} ${p.name} with version ${p.version} is already registered and cannot be changed.`;
    return {
        status: 409,
        body: {
            error: {
                code: "UserError",
                message,
                details: [
                    {
                        code: "ImmutableAssetVersion",
                        message: `Only ${MUTABLE_VERSION_FIELDS.join(", ")} of an existing version can change; this request changes ${changed.join(", ")}. Create a new version instead.`,
                    },
                ],
            },
        },
    };
}

/**
 * PUT of a version. Azure creates the container when it does not exist (azure-ai-ml PUTs versions without a
 * container call); an existing version takes only description, tags and isArchived, and a changed content is
 * refused.
 */
export function putAssetVersion(
    ctx: EmulatorContext,
    kind: AssetKind,
    req: EmulatorRequest,
    p: AssetParams,
): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const version = p.version ?? "";
    if (!NAME_PATTERN.test(p.name) || version === "") {
        return armError(400, "UserError", `'${p.name}' version '${version}' is not a valid asset name and version.`);
    }
    const properties = propertiesOf(req);
    if (properties === undefined) {
        return badBody(kind);
    }
    const containerKey = assetKeyOf(found.workspace.id, kind, p.name);
    const container =
        ctx.state.assetContainers.get(containerKey) ?? newContainer(ctx, found.workspace, kind, p.name, {});
    ctx.state.assetContainers.set(containerKey, container);
    const key = assetKeyOf(found.workspace.id, kind, p.name, version);
    const existing = ctx.state.assetVersions.get(key);
    if (existing !== undefined) {
        const changed = changedContent(existing.properties, properties);
        if (changed.length > 0) {
            return immutable(kind, p, changed);
        }
        existing.properties = properties;
        existing.modifiedAt = ctx.now();
        return json(200, versionView(existing));
    }
    const record = {
        kind,
        id: `${container.id}/versions/${version}`,
        name: p.name,
        version,
        workspaceId: found.workspace.id,
        properties,
        createdAt: ctx.now(),
        modifiedAt: ctx.now(),
    };
    ctx.state.assetVersions.set(key, record);
    if (/^\d+$/.test(version)) {
        container.highestNumericVersion = Math.max(container.highestNumericVersion, Number(version));
    }
    return json(201, versionView(record));
}

/** DELETE of a version: 200, or 204 when there is none. The container stays, and keeps counting versions. */
export function deleteAssetVersion(ctx: EmulatorContext, kind: AssetKind, p: AssetParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const key = assetKeyOf(found.workspace.id, kind, p.name, p.version);
    if (!ctx.state.assetVersions.delete(key)) {
        return json(204, undefined);
    }
    return json(200, undefined);
}
