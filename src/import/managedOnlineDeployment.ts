import type { MapContext, MappedOnlineDeployment } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { onlineDeployment } from "./onlineDeploymentEntity";
import { readOnlineDeployment } from "./onlineDeploymentFields";

const NETWORK_ACCESS = { enabled: "Enabled", disabled: "Disabled" } as const;

/** Managed-only fields: egress control. */
export function readManagedOnlyFields(fields: Fields, draft: Draft): void {
    draft.put(
        ["egressPublicNetworkAccess"],
        fields.choice("egress_public_network_access", NETWORK_ACCESS),
        fields.origin("egress_public_network_access"),
    );
    fields.leftOut(
        "private_network_connection",
        "a preview flag of the legacy network isolation; the platform secures a private workspace with its managed network (workspace.managedNetwork) instead",
    );
}

/** A managed online deployment (managedOnlineDeployment.schema.json). */
export function mapManagedOnlineDeployment(fields: Fields, ctx: MapContext): MappedOnlineDeployment | undefined {
    const draft = new Draft();
    const common = readOnlineDeployment(fields, ctx, draft, "managed");
    readManagedOnlyFields(fields, draft);
    fields.finish();
    return onlineDeployment(fields, common, draft);
}
