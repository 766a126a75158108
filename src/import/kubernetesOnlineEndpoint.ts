import type { MapContext, MappedOnlineEndpoint } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { readOnlineEndpoint } from "./onlineEndpointFields";
import { computeNameOf } from "./references";

/** A Kubernetes online endpoint (kubernetesOnlineEndpoint.schema.json): its compute names the attached cluster. */
export function mapKubernetesOnlineEndpoint(fields: Fields, _ctx: MapContext): MappedOnlineEndpoint | undefined {
    const draft = new Draft();
    const common = readOnlineEndpoint(fields, draft, "kubernetes");
    const compute = fields.text("compute");
    if (compute === undefined && !fields.has("compute")) {
        fields.report(
            "invalid",
            undefined,
            "a Kubernetes online endpoint runs on an attached cluster; set compute: azureml:<compute name>",
        );
    }
    draft.put(["compute"], compute !== undefined ? computeNameOf(compute) : undefined, fields.origin("compute"));
    fields.leftOut(
        "public_network_access",
        "public network access applies to managed endpoints; a Kubernetes endpoint is reached through the cluster's own network",
    );
    fields.finish();
    return common.name === undefined
        ? undefined
        : {
              type: "onlineEndpoint",
              kind: "kubernetes",
              ...common,
              name: common.name,
              draft,
              origin: fields.origin("name"),
          };
}
