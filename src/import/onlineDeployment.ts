import type { MapContext, MappedOnlineDeployment } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { readKubernetesOnlyFields } from "./kubernetesOnlineDeployment";
import { readManagedOnlyFields } from "./managedOnlineDeployment";
import { onlineDeployment } from "./onlineDeploymentEntity";
import { readOnlineDeployment } from "./onlineDeploymentFields";

/**
 * An online deployment whose file does not say its kind (`$schema: .../OnlineDeployment.json` of early CLI v2
 * files, or no $schema): a Kubernetes one when it sets container resources, a managed one when it sets egress,
 * otherwise the kind of the endpoint it joins (decided when the entities are put together).
 */
export function mapOnlineDeploymentOfEitherKind(fields: Fields, ctx: MapContext): MappedOnlineDeployment | undefined {
    const draft = new Draft();
    const hint = fields.has("resources")
        ? "kubernetes"
        : fields.has("egress_public_network_access")
          ? "managed"
          : undefined;
    const common = readOnlineDeployment(fields, ctx, draft, hint);
    if (common.kind !== "kubernetes") {
        readManagedOnlyFields(fields, draft);
    }
    if (common.kind !== "managed") {
        readKubernetesOnlyFields(fields, draft);
    }
    fields.finish();
    return onlineDeployment(fields, common, draft);
}
