import * as https from "https";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { agentPolicy } from "@azure/core-rest-pipeline";
import { emulatorCredential } from "../../src/azure";
import type { AzureMlEmulator } from "../../src/testing";
import { SUB } from "./emulator";

/** Microsoft's own ARM client for Azure ML, pointed at an emulator and trusting its certificate. */
export function microsoftClient(emulator: AzureMlEmulator): AzureMachineLearningWorkspaces {
    return new AzureMachineLearningWorkspaces(emulatorCredential(), SUB, {
        endpoint: emulator.baseUrl,
        additionalPolicies: [
            { policy: agentPolicy(new https.Agent({ ca: emulator.certificate })), position: "perCall" },
        ],
    });
}
