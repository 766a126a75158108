import type { MappedOnlineDeployment } from "./entities";
import type { Draft, Fields } from "./fieldReader";
import type { OnlineDeploymentCommon } from "./onlineDeploymentFields";

/** The entity of an online deployment file read completely; undefined when something it needs is missing. */
export function onlineDeployment(
    fields: Fields,
    common: OnlineDeploymentCommon,
    draft: Draft,
): MappedOnlineDeployment | undefined {
    if (common.name === undefined || common.endpoint === undefined || !common.complete) {
        return undefined;
    }
    return {
        type: "onlineDeployment",
        kind: common.kind,
        name: common.name,
        endpoint: common.endpoint,
        endpointOrigin: fields.origin("endpoint_name"),
        draft,
        assets: common.assets,
        origin: fields.origin("name"),
    };
}
