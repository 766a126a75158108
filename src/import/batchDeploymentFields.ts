import type { DeploymentAssets, MappedBatchDeployment } from "./entities";
import { Draft, Fields, withArticle } from "./fieldReader";

/** What every batch deployment file has: its name, its endpoint, description, tags, properties. */
export function readBatchDeploymentHeader(fields: Fields, draft: Draft): { name?: string; endpoint?: string } {
    fields.consumed("$schema");
    const name = fields.text("name");
    const endpoint = fields.text("endpoint_name");
    for (const key of ["name", "endpoint_name"]) {
        if (!fields.has(key)) {
            fields.report("invalid", undefined, `${withArticle(fields.what)} file needs ${key}; set ${key}:`);
        }
    }
    draft.put(["description"], fields.text("description"), fields.origin("description"));
    draft.put(["tags"], fields.textMap("tags"), fields.origin("tags"));
    draft.put(["properties"], fields.textMap("properties"), fields.origin("properties"));
    fields.readOnly("id", "provisioning_state", "creation_context");
    return { name, endpoint };
}

export function batchDeployment(
    fields: Fields,
    header: { name?: string; endpoint?: string },
    draft: Draft,
    assets: DeploymentAssets,
    complete: boolean,
): MappedBatchDeployment | undefined {
    if (header.name === undefined || header.endpoint === undefined || !complete) {
        return undefined;
    }
    return {
        type: "batchDeployment",
        name: header.name,
        endpoint: header.endpoint,
        endpointOrigin: fields.origin("endpoint_name"),
        draft,
        assets,
        origin: fields.origin("name"),
    };
}
