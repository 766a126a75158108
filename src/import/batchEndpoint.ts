import type { MapContext, MappedBatchEndpoint } from "./entities";
import { Draft, Fields } from "./fieldReader";

/** A batch endpoint (batchEndpoint.schema.json): Entra ID auth, and the deployment jobs run on by default. */
export function mapBatchEndpoint(fields: Fields, _ctx: MapContext): MappedBatchEndpoint | undefined {
    const draft = new Draft();
    fields.consumed("$schema");
    const name = fields.text("name");
    if (name === undefined && !fields.has("name")) {
        fields.report("invalid", undefined, "a batch endpoint file needs a name; set name:");
    }
    draft.put(["authMode"], fields.choice("auth_mode", { aad_token: "aad_token" }), fields.origin("auth_mode"));
    draft.put(["description"], fields.text("description"), fields.origin("description"));
    draft.put(["tags"], fields.textMap("tags"), fields.origin("tags"));
    const defaults = fields.nested("defaults", "defaults");
    const deployment = defaults?.text("deployment_name");
    defaults?.finish();
    fields.leftOut(
        "identity",
        "the platform's batch endpoints keep Azure ML's system-assigned identity, and jobs run with the caller's Entra token; remove identity",
    );
    fields.leftOut("properties", "batch endpoints in the stack config carry no properties; use tags");
    fields.leftOut(
        "location",
        "the stack's location applies to every resource it creates; remove location here and set it once in the stack file",
    );
    fields.readOnly("id", "provisioning_state", "scoring_uri", "openapi_uri");
    fields.finish();
    return name === undefined
        ? undefined
        : {
              type: "batchEndpoint",
              name,
              draft,
              origin: fields.origin("name"),
              defaultDeployment:
                  deployment !== undefined
                      ? { name: deployment, origin: defaults!.origin("deployment_name") }
                      : undefined,
          };
}
