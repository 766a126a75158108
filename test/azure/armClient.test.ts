import { createHttpHeaders, HttpClient, PipelineRequest } from "@azure/core-rest-pipeline";
import { ArmClient, ArmError, armTarget } from "../../src/azure";
import { API, WS_PATH, startEmulator } from "../support/emulator";

describe("the ARM client", () => {
    it("never sends a request, or its token, to a polling URL on another host", async () => {
        const seen: PipelineRequest[] = [];
        const httpClient: HttpClient = {
            sendRequest: async (request) => {
                seen.push(request);
                return {
                    request,
                    status: 201,
                    headers: createHttpHeaders({
                        "azure-asyncoperation": "https://collector.example.net/operations/1",
                        "content-type": "application/json",
                    }),
                    bodyAsText: JSON.stringify({ properties: { provisioningState: "Creating" } }),
                };
            },
        };
        const client = new ArmClient(
            armTarget({ AZUREML_PULUMI_ARM_ENDPOINT: "https://127.0.0.1:9", AZUREML_PULUMI_EMULATOR_POLL_MS: "1" }),
            { httpClient, maxRetries: 0 },
        );
        const error = (await client
            .runLongOperation("PUT", "/subscriptions/s/resourceGroups/g/providers/P/t/x", { apiVersion: API, body: {} })
            .catch((e: unknown) => e)) as ArmError;
        expect(error).toBeInstanceOf(ArmError);
        expect(error.code).toBe("ForeignHost");
        expect(error.message).toContain(
            "refusing to send a request (and its bearer token) to https://collector.example.net",
        );
        expect(seen.map((r) => new URL(r.url).host)).toEqual(["127.0.0.1:9"]);
    });

    it("reports an operation that ends Failed with the operation's own code and message", async () => {
        const { emulator, client } = await startEmulator({ endpointProvisioningMs: 5 });
        try {
            emulator.injectFault({ kind: "lro-failed", method: "PUT", path: "/onlineEndpoints/doomed" });
            const error = (await client
                .runLongOperation("PUT", `${WS_PATH}/onlineEndpoints/doomed`, {
                    apiVersion: API,
                    body: { location: "westeurope", properties: { authMode: "Key" } },
                    pollIntervalMs: 5,
                })
                .catch((e: unknown) => e)) as ArmError;
            expect(error).toMatchObject({ status: 500, code: "InternalServerError", outcome: "Failed" });
            expect(error.message).toMatch(
                /^PUT https:\/\/127\.0\.0\.1:\d+\/.*\/onlineEndpoints\/doomed: the operation ended Failed with InternalServerError: The create operation on .* failed \(injected fault\)\.$/,
            );
        } finally {
            await emulator.stop();
        }
    });

    it("refuses an override that is set but empty, rather than quietly meaning Azure", () => {
        expect(() => armTarget({ AZUREML_PULUMI_ARM_ENDPOINT: "" })).toThrow(
            "AZUREML_PULUMI_ARM_ENDPOINT is set but empty; unset it to deploy to Azure",
        );
    });
});
