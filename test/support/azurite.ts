import { type Azurite, startAzurite as startAccount } from "../../src/local/azurite";

export type { Azurite };

/** The account the tests use; its key is made fresh for every run (Azurite takes accounts from AZURITE_ACCOUNTS). */
export const AZURITE_ACCOUNT = "assetstest";

/** Starts Azurite for a test with the tests' account and a temp directory that stop() removes. */
export function startAzurite(): Promise<Azurite> {
    return startAccount({ account: AZURITE_ACCOUNT });
}
