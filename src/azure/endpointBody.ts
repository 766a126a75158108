/** An online endpoint's ARM body as the traffic owner reads it and what of it goes back in a PUT. */

/** The parts of an online endpoint's ARM body this code reads; the rest goes back unchanged. */
export interface ArmEndpoint {
    tags?: Record<string, string>;
    properties?: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number>; [key: string]: unknown };
    [key: string]: unknown;
}

export const READ_ONLY = ["provisioningState", "scoringUri", "swaggerUri"];

/** What of an endpoint read from ARM goes back in a PUT: no ids, system data or identity principals (read-only). */
export function writableTopLevel(endpoint: ArmEndpoint): Record<string, unknown> {
    const { id: _id, name: _name, type: _type, systemData: _systemData, identity, ...rest } = endpoint;
    const out: Record<string, unknown> = { ...rest };
    if (identity !== undefined && identity !== null && typeof identity === "object") {
        const { type, userAssignedIdentities } = identity as {
            type?: string;
            userAssignedIdentities?: Record<string, unknown> | string[];
        };
        out.identity = {
            type,
            ...(userAssignedIdentities !== undefined
                ? {
                      userAssignedIdentities: Object.fromEntries(
                          (Array.isArray(userAssignedIdentities)
                              ? userAssignedIdentities
                              : Object.keys(userAssignedIdentities)
                          ).map((k) => [k, {}]),
                      ),
                  }
                : {}),
        };
    }
    return out;
}
