import type { MapContext, MappedCompute } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { readComputeCommon, readComputeTrailer } from "./computeFields";

/** An attached Kubernetes cluster (kubernetesCompute.schema.json): resource_id, namespace, identity. */
export function mapKubernetesCompute(fields: Fields, _ctx: MapContext): MappedCompute | undefined {
    const draft = new Draft();
    const name = readComputeCommon(fields, draft, "kubernetes", "kubernetes");
    if (!fields.has("resource_id")) {
        fields.report(
            "invalid",
            undefined,
            "an attached cluster needs resource_id: the AKS or Arc-enabled cluster's resource id",
        );
    }
    draft.put(["resourceId"], fields.text("resource_id"), fields.origin("resource_id"));
    draft.put(["namespace"], fields.text("namespace"), fields.origin("namespace"));
    fields.leftOut(
        "properties",
        "the platform attaches a cluster with its namespace and identity only (instance types live in the cluster's instance type resources); to name the default instance type, set defaultInstanceType on the compute in the stack file",
    );
    readComputeTrailer(fields, draft);
    fields.finish();
    return name === undefined ? undefined : { type: "compute", name, draft, origin: fields.origin("name") };
}
