import { EmulatorResponse } from "./httpTypes";

/**
 * The emulator's fake bearer tokens carry their audience (see `emulatorCredential()`): `emulator.<base64url JSON
 * {"aud": ...}>`. Nothing is signed; the audience is there so a client that asks for the wrong resource fails here
 * as it would against Azure.
 */

/** The audience batch endpoints accept: the SDK asks for `https://ml.azure.com/.default`. */
export const ML_AUDIENCES = ["https://ml.azure.com", "https://ml.azure.com/"];

/** The audiences ARM accepts (the list ARM's InvalidAuthenticationTokenAudience error names). */
export const ARM_AUDIENCES = [
    "https://management.core.windows.net/",
    "https://management.core.windows.net",
    "https://management.azure.com/",
    "https://management.azure.com",
];

/** The audience of an emulator token in an Authorization header; null for a token that is not one; undefined when there is no bearer token. */
export function audienceOf(authorization: string | undefined): string | null | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    if (token === undefined) {
        return undefined;
    }
    const payload = /^emulator\.([A-Za-z0-9_-]+)$/.exec(token)?.[1];
    if (payload === undefined) {
        return null;
    }
    try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { aud?: unknown };
        return typeof claims.aud === "string" ? claims.aud : null;
    } catch {
        return null;
    }
}

/**
 * 401 unless the request carries an emulator token for one of `audiences`. The body follows ARM's error shape; the
 * WWW-Authenticate header is what Entra-protected services send with a rejected bearer token.
 */
export function requireAudience(
    authorization: string | undefined,
    audiences: readonly string[],
    service: string,
): EmulatorResponse | undefined {
    const aud = audienceOf(authorization);
    if (aud !== undefined && aud !== null && audiences.includes(aud)) {
        return undefined;
    }
    const why =
        aud === undefined
            ? "the request has no 'Authorization: Bearer <token>' header"
            : aud === null
              ? 'the bearer token is not one the emulator issued (emulator.<base64url {"aud": ...}>), so its audience is unknown'
              : `the token's audience is '${aud}'`;
    return {
        status: 401,
        body: {
            error: {
                code: "InvalidAuthenticationTokenAudience",
                message: `${service} needs a Microsoft Entra token for the audience '${audiences[0]}'; ${why}. Request the token for the scope '${audiences[0]}/.default'.`,
            },
        },
        headers: { "www-authenticate": `Bearer error="invalid_token", resource="${audiences[0]}"` },
    };
}

/**
 * ARM's audience check, applied only to tokens the emulator can read: a token issued for another resource (the
 * batch data plane's, say) is refused as ARM refuses it; opaque tokens pass, as they always have here. The
 * emulator's own URL counts as ARM's: a client that derives its scope from its endpoint (as Microsoft's generated
 * clients do) asks for `<emulator URL>/.default` where it would ask for management.azure.com's.
 */
export function armAudienceError(authorization: string | undefined, ownUrl: string): EmulatorResponse | undefined {
    const aud = audienceOf(authorization);
    if (
        aud === undefined ||
        aud === null ||
        ARM_AUDIENCES.includes(aud) ||
        aud.replace(/\/$/, "") === ownUrl.replace(/\/$/, "")
    ) {
        return undefined;
    }
    return {
        status: 401,
        body: {
            error: {
                code: "InvalidAuthenticationTokenAudience",
                message: `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.join("','")}'.`,
            },
        },
    };
}
