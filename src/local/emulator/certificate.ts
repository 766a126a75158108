/** A throwaway self-signed certificate for 127.0.0.1 / localhost, made when the emulator starts. */
export interface EmulatorCertificate {
    readonly key: string;
    readonly cert: string;
}

export async function createEmulatorCertificate(): Promise<EmulatorCertificate> {
    const selfsigned = require("selfsigned") as {
        generate(
            attrs: { name: string; value: string }[],
            options: Record<string, unknown>,
        ): Promise<{ private: string; cert: string }>;
    };
    const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
        days: 2,
        keySize: 2048,
        algorithm: "sha256",
        extensions: [
            { name: "basicConstraints", cA: true },
            {
                name: "subjectAltName",
                altNames: [
                    { type: 7, ip: "127.0.0.1" },
                    { type: 7, ip: "::1" },
                    { type: 2, value: "localhost" },
                ],
            },
        ],
    });
    return { key: pems.private, cert: pems.cert };
}
