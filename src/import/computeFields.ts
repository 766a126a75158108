import { Draft, Fields, withArticle } from "./fieldReader";
import { mapIdentity } from "./identity";

/** Fields every compute file shares: name (the config key), type, description, identity, location, read-only state. */
export function readComputeCommon(
    fields: Fields,
    draft: Draft,
    type: "amlcompute" | "kubernetes",
    platformType: "amlCompute" | "kubernetes",
): string | undefined {
    fields.consumed("$schema");
    const name = fields.text("name");
    if (name === undefined && !fields.has("name")) {
        fields.report("invalid", undefined, `${withArticle(fields.what)} file needs a name; set name:`);
    }
    const given = fields.text("type");
    if (given !== undefined && given.trim().toLowerCase() !== type) {
        fields.report(
            "invalid",
            "type",
            `${withArticle(fields.what)} has type ${type}, got "${given}"; fix type or $schema`,
        );
    }
    draft.put(["type"], platformType, fields.origin(given !== undefined ? "type" : undefined));
    return name;
}

export function readComputeTrailer(fields: Fields, draft: Draft): void {
    const identity = mapIdentity(fields);
    draft.put(["identity"], identity?.identity, fields.origin("identity"));
    draft.put(["description"], fields.text("description"), fields.origin("description"));
    fields.leftOut(
        "location",
        "the stack's location applies to every resource it creates; remove location here and set it once in the stack file",
    );
    fields.readOnly("id", "provisioning_state", "provisioning_errors", "created_on");
}
