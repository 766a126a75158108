import * as https from "https";
import type { AzureMlEmulator } from "../../src/testing";

export interface HttpAnswer {
    status: number;
    headers: Record<string, unknown>;
    body: any;
}

/** One https request to the emulator as a client would send it (no SDK in between). */
export function call(
    emulator: AzureMlEmulator,
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body?: unknown,
): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
        const req = https.request(
            url,
            { method, ca: emulator.certificate, headers: { "content-type": "application/json", ...headers } },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c) => chunks.push(c));
                res.on("end", () =>
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: res.headers,
                        body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined,
                    }),
                );
            },
        );
        req.on("error", reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}
