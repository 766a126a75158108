import { ArmClient } from "./armClient";
import { isLoopbackHost } from "./loopback";
import { AZURE_RESOURCE_MANAGER, ArmTarget } from "./target";

/** Azure ML's scope for Entra tokens on the online and batch data planes (`az account get-access-token --resource https://ml.azure.com`). */
export const ML_DATA_PLANE_SCOPE = "https://ml.azure.com/.default";

/**
 * Why a data-plane URL (a scoring URI) must not be called from this target, or undefined when it may: with the
 * emulator override, requests go to this machine only, whatever URL a response or an input names.
 */
export function dataPlaneUrlProblem(target: ArmTarget, url: string): string | undefined {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return `"${url}" is not a URL`;
    }
    if (target.endpoint !== AZURE_RESOURCE_MANAGER && !isLoopbackHost(parsed.hostname)) {
        return `${parsed.origin} is not on this machine, and the emulator override only reaches this machine`;
    }
    return undefined;
}

/**
 * A client for a batch endpoint's data plane: the ARM client's pipeline (retries with backoff, Retry-After, the
 * target's clock and CA) signing with Entra tokens for https://ml.azure.com, sent to the scoring URI's origin only.
 * Batch endpoints are managed and take Entra tokens only (concept-endpoints-batch), so against Azure their scoring
 * URI is an https host under ml.azure.com; a token for Azure ML is sent nowhere else.
 */
export function batchDataPlaneClient(arm: ArmClient, scoringUri: string): ArmClient {
    const problem = dataPlaneUrlProblem(arm.target, scoringUri);
    if (problem !== undefined) {
        throw new Error(`refusing to invoke ${scoringUri}: ${problem}`);
    }
    const url = new URL(scoringUri);
    if (
        arm.target.endpoint === AZURE_RESOURCE_MANAGER &&
        (url.protocol !== "https:" || !/\.ml\.azure\.com$/i.test(url.hostname))
    ) {
        throw new Error(
            `refusing to send an Azure ML token to ${url.origin}: a batch endpoint's scoring URI is https://<endpoint>.<region>.inference.ml.azure.com/jobs; pass the endpoint's properties.scoringUri`,
        );
    }
    return new ArmClient({ ...arm.target, endpoint: url.origin, scope: ML_DATA_PLANE_SCOPE });
}
