import type { MapContext, MappedOnlineDeployment } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { onlineDeployment } from "./onlineDeploymentEntity";
import { readOnlineDeployment } from "./onlineDeploymentFields";

const QUANTITIES = [
    ["cpu", "cpu"],
    ["memory", "memory"],
    ["nvidia.com/gpu", "gpu"],
    ["gpu", "gpu"],
] as const;

/** Kubernetes-only fields: container resource requests and limits (cpu, memory, nvidia.com/gpu). */
export function readKubernetesOnlyFields(fields: Fields, draft: Draft): void {
    const resources = fields.nested("resources", "resources");
    if (resources === undefined) {
        return;
    }
    for (const side of ["requests", "limits"] as const) {
        const quantities = resources.nested(side, `resources.${side}`);
        if (quantities === undefined) {
            continue;
        }
        for (const [from, to] of QUANTITIES) {
            draft.put(["resources", side, to], quantities.text(from, { numbers: true }), quantities.origin(from));
        }
        quantities.finish();
    }
    resources.finish();
}

/** A Kubernetes online deployment (kubernetesOnlineDeployment.schema.json). */
export function mapKubernetesOnlineDeployment(fields: Fields, ctx: MapContext): MappedOnlineDeployment | undefined {
    const draft = new Draft();
    const common = readOnlineDeployment(fields, ctx, draft, "kubernetes");
    readKubernetesOnlyFields(fields, draft);
    fields.finish();
    return onlineDeployment(fields, common, draft);
}
