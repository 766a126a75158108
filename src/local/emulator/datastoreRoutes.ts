import { EmulatorContext } from "./context";
import { EmulatorRequest, EmulatorResponse, armError, json } from "./httpTypes";
import { notFound } from "./resources";
import { DatastoreRecord, WorkspaceRecord, keyOf } from "./state";
import { liveWorkspace } from "./workspaceLookup";

/** The default datastore every workspace gets (concept-data, "Default datastores"). */
export const DEFAULT_DATASTORE = "workspaceblobstore";

type DatastoreParams = { sub: string; rg: string; ws: string; datastore: string };

/**
 * Gives a workspace its default datastore, `workspaceblobstore`: the blob container `azureml-blobstore-<workspace
 * id>` in the workspace's storage account, as concept-data lists it. A workspace whose body names no storage account
 * gets none (there is no account to name), and one that has it keeps it.
 */
export function ensureDefaultDatastore(ctx: EmulatorContext, workspace: WorkspaceRecord): void {
    const id = `${workspace.id}/datastores/${DEFAULT_DATASTORE}`;
    const storageAccount = workspace.body.properties?.storageAccount;
    if (ctx.state.datastores.has(keyOf(id)) || typeof storageAccount !== "string" || workspace.guid === undefined) {
        return;
    }
    const accountName =
        storageAccount
            .split("/")
            .filter((s) => s !== "")
            .pop() ?? "";
    ctx.state.datastores.set(keyOf(id), {
        id,
        name: DEFAULT_DATASTORE,
        workspaceId: workspace.id,
        createdAt: ctx.now(),
        properties: {
            datastoreType: "AzureBlob",
            accountName,
            containerName: `azureml-blobstore-${workspace.guid}`,
            endpoint: "core.windows.net",
            protocol: "https",
            isDefault: true,
            // The account key itself is never returned (swagger example Datastore/get.json answers no secret).
            credentials: { credentialsType: "AccountKey", secrets: { secretsType: "AccountKey" } },
            serviceDataAccessAuthIdentity: "None",
            tags: {},
            properties: {},
        },
    });
}

function view(d: DatastoreRecord): Record<string, unknown> {
    const created = new Date(d.createdAt).toISOString();
    return {
        id: d.id,
        name: d.name,
        type: "Microsoft.MachineLearningServices/workspaces/datastores",
        properties: d.properties,
        systemData: { createdAt: created, lastModifiedAt: created },
    };
}

/** GET .../workspaces/{ws}/datastores/{name} (swagger Datastores_Get). */
export function getDatastore(ctx: EmulatorContext, _req: EmulatorRequest, p: DatastoreParams): EmulatorResponse {
    const found = liveWorkspace(ctx, p);
    if ("response" in found) {
        return found.response;
    }
    const d = ctx.state.datastores.get(keyOf(`${found.workspace.id}/datastores/${p.datastore}`));
    if (d === undefined) {
        const nf = notFound(`workspaces/${p.ws}/datastores`, p.datastore, p.rg);
        return armError(404, nf.code, nf.message);
    }
    return json(200, view(d));
}
