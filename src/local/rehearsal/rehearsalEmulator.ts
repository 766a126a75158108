import { EmulatorOptions } from "../emulator/context";

/**
 * Emulator time per real time in a rehearsal: two hundred seconds pass in a second, so a rollout's bake times and a
 * deployment's provisioning take what they take in Azure, in emulator time, and the rehearsal stays short. Faster
 * clocks make each real millisecond of a busy machine count for more of a rollout's time limit.
 */
export const REHEARSAL_TIME_SCALE = 200;

/**
 * Durations of the same order as Azure's (emulator time), rather than the emulator's test defaults of
 * milliseconds: a rehearsal shows operations and waits in the proportions a real `pulumi up` has.
 */
export const REHEARSAL_EMULATOR_OPTIONS: EmulatorOptions = {
    endpointProvisioningMs: 90_000,
    deploymentProvisioningMs: 300_000,
    computeProvisioningMs: 60_000,
    deleteMs: 60_000,
    jobQueueMs: 30_000,
    jobRunMs: 180_000,
    jobCancelMs: 30_000,
};
