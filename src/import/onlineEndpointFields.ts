import { describeValue } from "../model";
import type { OnlineKind, TrafficField } from "./entities";
import { Draft, Fields, withArticle } from "./fieldReader";
import { mapIdentity } from "./identity";

const AUTH_MODES = { key: "key", aml_token: "aml_token", aad_token: "aad_token" } as const;

/** The online endpoint fields managed and Kubernetes endpoints share, before the kind's own. */
export interface OnlineEndpointCommon {
    readonly name?: string;
    readonly traffic?: TrafficField;
    readonly mirrorTraffic?: TrafficField;
}

/** A map of whole percentages by deployment (`traffic`, `mirror_traffic`). */
function percentages(fields: Fields, key: string): TrafficField | undefined {
    const value = fields.raw(key);
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        fields.report(
            "invalid",
            key,
            `expected percentages by deployment (blue: 90), got ${describeValue(value)}; write one 'deployment: percent' per line`,
        );
        return undefined;
    }
    const out: Record<string, number> = {};
    let ok = true;
    for (const [name, percent] of Object.entries(value as Record<string, unknown>)) {
        const number = typeof percent === "string" && /^\d+$/.test(percent) ? Number(percent) : percent;
        if (typeof number === "number" && Number.isInteger(number)) {
            out[name] = number;
        } else {
            ok = false;
            fields.sink.add({
                kind: "invalid",
                file: fields.source.file,
                line: fields.source.lineOf([...fields.at, key, name]),
                field: `${fields.field(key)}.${name}`,
                message: `expected a whole percentage, got ${describeValue(percent)}; write a number from 0 to 100`,
            });
        }
    }
    return ok ? { field: fields.field(key), value: out, origin: fields.origin(key) } : undefined;
}

export function readOnlineEndpoint(fields: Fields, draft: Draft, kind: OnlineKind): OnlineEndpointCommon {
    fields.consumed("$schema");
    const name = fields.text("name");
    if (name === undefined && !fields.has("name")) {
        fields.report("invalid", undefined, `${withArticle(fields.what)} file needs a name; set name:`);
    }
    if (kind === "kubernetes") {
        draft.put(["kind"], "kubernetes", fields.origin());
    }
    // `az ml online-endpoint show` writes the kind it read: Managed, or K8S for an attached cluster.
    const declared = fields.text("kind");
    const expected = kind === "managed" ? ["managed"] : ["k8s", "kubernetes"];
    if (declared !== undefined && !expected.includes(declared.trim().toLowerCase())) {
        fields.report(
            "invalid",
            "kind",
            `this is ${withArticle(fields.what)}, got kind "${declared}"; fix kind or $schema`,
        );
    }
    const authMode = fields.choice("auth_mode", AUTH_MODES);
    if (!fields.has("auth_mode") && kind === "managed") {
        fields.sink.add({
            kind: "note",
            file: fields.source.file,
            line: fields.line("name"),
            field: "auth_mode",
            message:
                "not given: az ml's default 'key' is written as authMode (the platform's own default is aad_token)",
        });
    }
    draft.put(["authMode"], authMode ?? "key", fields.origin("auth_mode"));
    const identity = mapIdentity(fields);
    if (identity !== undefined) {
        draft.put(["identity"], identity.identity, fields.origin("identity"));
        if (identity.identity.type === "UserAssigned") {
            if (identity.principalIds.length > 0) {
                draft.put(["userAssignedIdentityPrincipalId"], identity.principalIds[0], fields.origin("identity"));
            } else {
                draft.put(["grantIdentityRoles"], false, fields.origin("identity"));
                fields.report(
                    "note",
                    "identity",
                    "a user-assigned identity without principal_id: written with grantIdentityRoles: false, as with az ml its roles (AcrPull, Storage Blob Data Reader) are granted elsewhere; give principal_id for the platform to grant them",
                );
            }
        }
    }
    draft.put(["description"], fields.text("description"), fields.origin("description"));
    draft.put(["tags"], fields.textMap("tags"), fields.origin("tags"));
    const traffic = percentages(fields, "traffic");
    const mirrorTraffic = percentages(fields, "mirror_traffic");
    fields.leftOut("properties", "online endpoints in the stack config carry no properties; use tags");
    fields.leftOut(
        "location",
        "the stack's location applies to every resource it creates; remove location here and set it once in the stack file",
    );
    if (fields.has("deployments")) {
        fields.report(
            "invalid",
            "deployments",
            "deployments inside the endpoint is an early preview format az ml no longer reads; write each deployment in a file of its own (managedOnlineDeployment or kubernetesOnlineDeployment schema) and import those",
        );
    }
    fields.readOnly("id", "provisioning_state", "scoring_uri", "openapi_uri");
    return { name, traffic, mirrorTraffic };
}
