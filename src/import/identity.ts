import { describeValue } from "../model";
import type { Fields } from "./fieldReader";

/** A managed identity as the platform's `identity` reads it, and the principal ids az ml files may carry. */
export interface MappedIdentity {
    readonly identity: { type: string; userAssignedIdentityIds?: string[] };
    readonly principalIds: readonly string[];
}

const IDENTITY_TYPES = {
    system_assigned: "SystemAssigned",
    systemassigned: "SystemAssigned",
    user_assigned: "UserAssigned",
    userassigned: "UserAssigned",
    "system_assigned,user_assigned": "SystemAssigned,UserAssigned",
    "systemassigned,userassigned": "SystemAssigned,UserAssigned",
    none: "None",
} as const;

/** `identity: { type, user_assigned_identities: [{ resource_id, principal_id? }] }` of endpoints and computes. */
export function mapIdentity(parent: Fields): MappedIdentity | undefined {
    const fields = parent.nested("identity", "identity");
    if (fields === undefined) {
        return undefined;
    }
    const type = fields.choice("type", IDENTITY_TYPES);
    const ids: string[] = [];
    const principalIds: string[] = [];
    (fields.list("user_assigned_identities") ?? []).forEach((item, i) => {
        const at = [...fields.at, "user_assigned_identities", i];
        if (typeof item === "string") {
            ids.push(item);
            return;
        }
        const entry =
            typeof item === "object" && item !== null && !Array.isArray(item)
                ? (item as Record<string, unknown>)
                : undefined;
        if (entry === undefined || typeof entry.resource_id !== "string") {
            fields.sink.add({
                kind: "invalid",
                file: fields.source.file,
                line: fields.source.lineOf(at),
                field: `${fields.field("user_assigned_identities")}[${i}]`,
                message: `expected { resource_id: <identity resource id> }, got ${describeValue(item)}; give the identity's resource_id`,
            });
            return;
        }
        ids.push(entry.resource_id);
        if (typeof entry.principal_id === "string") {
            principalIds.push(entry.principal_id);
        }
        for (const key of Object.keys(entry).filter((k) => !["resource_id", "principal_id"].includes(k))) {
            fields.sink.add({
                kind: key === "client_id" ? "note" : "invalid",
                file: fields.source.file,
                line: fields.source.lineOf([...at, key]),
                field: `${fields.field("user_assigned_identities")}[${i}].${key}`,
                message:
                    key === "client_id"
                        ? "not needed: the platform names the identity by its resource id"
                        : "unknown field for a user-assigned identity (az ml refuses it too); remove it",
            });
        }
    });
    fields.readOnly("principal_id", "tenant_id");
    fields.finish();
    if (type === undefined) {
        if (!fields.has("type")) {
            fields.report(
                "invalid",
                undefined,
                "an identity needs its type; set type: system_assigned or user_assigned",
            );
        }
        return undefined;
    }
    return {
        identity: { type, ...(ids.length > 0 ? { userAssignedIdentityIds: ids } : {}) },
        principalIds,
    };
}
