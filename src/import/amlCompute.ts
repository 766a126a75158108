import type { MapContext, MappedCompute } from "./entities";
import { Draft, Fields } from "./fieldReader";
import { readComputeCommon, readComputeTrailer } from "./computeFields";

const TIERS = { dedicated: "dedicated", low_priority: "lowPriority", lowpriority: "lowPriority" } as const;

/** az ml's default VM size for a cluster that names none. */
export const AML_COMPUTE_DEFAULT_SIZE = "Standard_DS3_v2";

/** VM sizes are case-insensitive in Azure; the platform spells them Standard_... (az ml examples write STANDARD_...). */
export function vmSize(size: string | undefined): string | undefined {
    return size?.replace(/^standard_/i, "Standard_");
}

/**
 * A compute cluster (amlCompute.schema.json): size, tier, min_instances, max_instances,
 * idle_time_before_scale_down (seconds), identity, network settings and SSH access.
 */
export function mapAmlCompute(fields: Fields, _ctx: MapContext): MappedCompute | undefined {
    const draft = new Draft();
    const name = readComputeCommon(fields, draft, "amlcompute", "amlCompute");
    const size = vmSize(fields.text("size"));
    if (size === undefined && !fields.has("size")) {
        fields.report("note", undefined, `no size: az ml's default ${AML_COMPUTE_DEFAULT_SIZE} is written as vmSize`);
    }
    draft.put(["vmSize"], size ?? AML_COMPUTE_DEFAULT_SIZE, fields.origin("size"));
    draft.put(["tier"], fields.choice("tier", TIERS), fields.origin("tier"));
    draft.put(["minNodes"], fields.integer("min_instances"), fields.origin("min_instances"));
    draft.put(["maxNodes"], fields.integer("max_instances"), fields.origin("max_instances"));
    draft.put(
        ["idleSecondsBeforeScaleDown"],
        fields.integer("idle_time_before_scale_down"),
        fields.origin("idle_time_before_scale_down"),
    );
    const network = fields.nested("network_settings", "network_settings");
    if (network !== undefined) {
        const subnet = network.text("subnet");
        if (subnet !== undefined && /^\/subscriptions\/.+\/subnets\/[^/]+$/i.test(subnet)) {
            draft.put(["subnetId"], subnet, network.origin("subnet"));
            network.consumed("vnet_name");
        } else {
            network.leftOut(
                "subnet",
                "the platform takes the subnet's full resource id; write subnet: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
            );
            network.leftOut("vnet_name", "the subnet's full resource id names the virtual network; see subnet");
        }
        network.readOnly("public_ip_address", "private_ip_address");
        network.finish();
    }
    draft.put(["nodePublicIp"], fields.boolean("enable_node_public_ip"), fields.origin("enable_node_public_ip"));
    const ssh = fields.boolean("ssh_public_access_enabled");
    draft.put(
        ["remoteLoginPortPublicAccess"],
        ssh === undefined ? undefined : ssh ? "Enabled" : "Disabled",
        fields.origin("ssh_public_access_enabled"),
    );
    fields.leftOut(
        "ssh_settings",
        "the platform puts no SSH credentials on clusters (local auth stays disabled); remove ssh_settings, and use a compute instance for interactive access",
    );
    fields.leftOut("resource_id", "a cluster is created, not attached; remove resource_id");
    readComputeTrailer(fields, draft);
    fields.finish();
    return name === undefined ? undefined : { type: "compute", name, draft, origin: fields.origin("name") };
}
