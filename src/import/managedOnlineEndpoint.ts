import type { MapContext, MappedOnlineEndpoint } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { readOnlineEndpoint } from "./onlineEndpointFields";

const NETWORK_ACCESS = { enabled: "Enabled", disabled: "Disabled" } as const;

/** A managed online endpoint (managedOnlineEndpoint.schema.json). */
export function mapManagedOnlineEndpoint(fields: Fields, _ctx: MapContext): MappedOnlineEndpoint | undefined {
    const draft = new Draft();
    const common = readOnlineEndpoint(fields, draft, "managed");
    draft.put(
        ["publicNetworkAccess"],
        fields.choice("public_network_access", NETWORK_ACCESS),
        fields.origin("public_network_access"),
    );
    if (fields.has("compute")) {
        fields.report(
            "invalid",
            "compute",
            "managed online endpoints take no compute; remove it, or use the kubernetesOnlineEndpoint schema for an attached cluster",
        );
    }
    fields.finish();
    return common.name === undefined
        ? undefined
        : {
              type: "onlineEndpoint",
              kind: "managed",
              ...common,
              name: common.name,
              draft,
              origin: fields.origin("name"),
          };
}
