import { systemClock } from "../../src/async";
import {
    ARM_ENDPOINT_OVERRIDE,
    AZURE_RESOURCE_MANAGER,
    DEFAULT_POLL_INTERVAL_MS,
    armTarget,
    loopbackEndpoint,
} from "../../src/azure";

describe("ARM target", () => {
    it.each(["https://127.0.0.1:8443", "https://127.1.2.3:1", "https://localhost:9000", "https://[::1]:4443"])(
        "accepts the loopback URL %s",
        (url) => {
            expect(loopbackEndpoint(url)).toBe(new URL(url).origin);
        },
    );

    it.each([
        "https://management.azure.com",
        "https://10.0.0.5:443",
        "http://127.0.0.1:8080",
        "https://127.0.0.1.evil.example",
    ])("refuses %s", (url) => {
        expect(() => loopbackEndpoint(url)).toThrow(`${ARM_ENDPOINT_OVERRIDE}="${url}" must be an https loopback URL`);
    });

    it("refuses text that is not a URL", () => {
        expect(() => loopbackEndpoint("nope")).toThrow(`${ARM_ENDPOINT_OVERRIDE}="nope" is not a URL`);
    });

    it("uses Azure and DefaultAzureCredential without the override", () => {
        const target = armTarget({});
        expect(target).toMatchObject({
            endpoint: AZURE_RESOURCE_MANAGER,
            clock: systemClock,
            pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
        });
        expect(target.credential.constructor.name).toBe("DefaultAzureCredential");
        expect(target.ca).toBeUndefined();
    });

    it("uses a fake token with the override and never a real credential", async () => {
        const target = armTarget({
            [ARM_ENDPOINT_OVERRIDE]: "https://127.0.0.1:1234",
            AZUREML_PULUMI_EMULATOR_POLL_MS: "15",
        });
        expect(target).toMatchObject({ endpoint: "https://127.0.0.1:1234", pollIntervalMs: 15 });
        expect(await target.credential.getToken("https://management.azure.com/.default")).toMatchObject({
            token: `emulator.${Buffer.from(JSON.stringify({ aud: "https://management.azure.com" })).toString("base64url")}`,
        });
    });

    it("ignores the poll interval knob against Azure", () => {
        expect(armTarget({ AZUREML_PULUMI_EMULATOR_POLL_MS: "1" }).pollIntervalMs).toBe(DEFAULT_POLL_INTERVAL_MS);
    });
});
