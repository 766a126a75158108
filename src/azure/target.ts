import { readFileSync } from "fs";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { Clock, scaledClock, systemClock } from "../async";
import { isLoopbackHost } from "./loopback";

/** Where ARM requests go and who signs them. */
export interface ArmTarget {
    /** Base URL, without a trailing slash. */
    readonly endpoint: string;
    readonly credential: TokenCredential;
    /** Token scope for the endpoint. */
    readonly scope: string;
    /** Extra CA certificate (PEM) to trust: only ever set for the emulator's throwaway certificate. */
    readonly ca?: string;
    /** How often to poll long-running operations that give no Retry-After. */
    readonly pollIntervalMs: number;
    /** The time requests, polls, retries and waits live by: the system clock, or the emulator's faster one. */
    readonly clock: Clock;
}

/** Polling interval against Azure, where operations take minutes. */
export const DEFAULT_POLL_INTERVAL_MS = 5000;

/**
 * Environment variable that points ARM calls at a local emulator. It accepts only https loopback URLs, and with it
 * requests carry a fixed fake token: a real credential is never sent anywhere but Azure.
 */
export const ARM_ENDPOINT_OVERRIDE = "AZUREML_PULUMI_ARM_ENDPOINT";

/** With the override: polling interval in ms (the emulator finishes operations in milliseconds). */
export const EMULATOR_POLL_INTERVAL = "AZUREML_PULUMI_EMULATOR_POLL_MS";

/**
 * With the override: the emulator's clock, as `<time scale>@<origin ms since the epoch>` (e.g. `600@1767225600000`),
 * so waits of minutes pass in seconds and this process reads the same "now" as the emulator. An emulator that
 * started at another time than the real one (a restored snapshot) adds it: `<scale>@<origin>:<start ms>`, and
 * now = start + (real now − origin) × scale.
 */
export const EMULATOR_CLOCK = "AZUREML_PULUMI_EMULATOR_CLOCK";

/** With the override: a PEM file with the emulator's self-signed certificate, trusted for that target only. */
export const EMULATOR_CA_FILE = "AZUREML_PULUMI_EMULATOR_CA_FILE";

/**
 * Environment variable that sends every blob request (asset uploads and deletes) to one account of a local storage
 * emulator (Azurite), keeping the container and blob paths of the datastore URL: `http://127.0.0.1:<port>/<account>`.
 * It accepts only loopback URLs, and with it requests are signed with the shared key in {@link BLOB_KEY_OVERRIDE}
 * whatever the asset's `upload.auth` says: a real credential is never sent anywhere but Azure.
 */
export const BLOB_ENDPOINT_OVERRIDE = "AZUREML_PULUMI_BLOB_ENDPOINT";

/** With the blob override: the emulator account's key (base64), required. */
export const BLOB_KEY_OVERRIDE = "AZUREML_PULUMI_BLOB_KEY";

export const AZURE_RESOURCE_MANAGER = "https://management.azure.com";

/** Accepts https://127.x.x.x, https://localhost or https://[::1] (any port); throws a clear error otherwise. */
export function loopbackEndpoint(raw: string): string {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new Error(
            `${ARM_ENDPOINT_OVERRIDE}="${raw}" is not a URL; set it to the emulator's https://127.0.0.1:<port> or unset it`,
        );
    }
    if (!isLoopbackHost(url.hostname) || url.protocol !== "https:") {
        throw new Error(
            `${ARM_ENDPOINT_OVERRIDE}="${raw}" must be an https loopback URL (https://127.0.0.1:<port>); it exists only to reach a local emulator`,
        );
    }
    return url.origin;
}

/**
 * A credential that hands out meaningless tokens: for the emulator only. Each names the resource it was asked for
 * (`emulator.<base64url {"aud": "https://ml.azure.com"}>`, unsigned), so the emulator can refuse a token meant for
 * another service as Azure does.
 */
export function emulatorCredential(): TokenCredential {
    return {
        getToken: async (scopes: string | string[]): Promise<AccessToken> => {
            const scope = Array.isArray(scopes) ? (scopes[0] ?? "") : scopes;
            const aud = scope.replace(/\/\.default$/, "").replace(/\/$/, "");
            const claims = Buffer.from(JSON.stringify({ aud }), "utf8").toString("base64url");
            return { token: `emulator.${claims}`, expiresOnTimestamp: Date.now() + 3600_000 };
        },
    };
}

/**
 * The ARM target for this process, read at call time: the emulator when the override is set, else Azure with
 * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, …).
 */
export function armTarget(env: NodeJS.ProcessEnv = process.env): ArmTarget {
    const override = overrideOf(env);
    if (override !== undefined) {
        const caFile = env[EMULATOR_CA_FILE];
        const ca = caFile !== undefined && caFile !== "" ? readFileSync(caFile, "utf8") : undefined;
        const poll = Number(env[EMULATOR_POLL_INTERVAL] ?? "");
        const pollIntervalMs = Number.isFinite(poll) && poll > 0 ? poll : DEFAULT_POLL_INTERVAL_MS;
        const clock = processClock(env);
        return {
            endpoint: loopbackEndpoint(override),
            credential: emulatorCredential(),
            scope: `${AZURE_RESOURCE_MANAGER}/.default`,
            ca,
            pollIntervalMs,
            clock,
        };
    }
    // Loaded lazily: identity pulls in MSAL, which programs that never call Azure should not pay for.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
    return {
        endpoint: AZURE_RESOURCE_MANAGER,
        credential: new DefaultAzureCredential(),
        scope: `${AZURE_RESOURCE_MANAGER}/.default`,
        pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
        clock: systemClock,
    };
}

/**
 * The emulator override, or undefined when it is not set. Set but empty is refused: a variable meant to point at
 * the emulator must not quietly mean real Azure.
 */
function overrideOf(env: NodeJS.ProcessEnv): string | undefined {
    const override = env[ARM_ENDPOINT_OVERRIDE];
    if (override !== undefined && override.trim() === "") {
        throw new Error(
            `${ARM_ENDPOINT_OVERRIDE} is set but empty; unset it to deploy to Azure, or set it to the emulator's https://127.0.0.1:<port>`,
        );
    }
    return override;
}

/** The clock this process waits on: the emulator's, only with the loopback override; the system clock otherwise. */
export function processClock(env: NodeJS.ProcessEnv = process.env): Clock {
    return overrideOf(env) !== undefined ? emulatorClock(env[EMULATOR_CLOCK]) : systemClock;
}

/** Parses EMULATOR_CLOCK (`<scale>@<origin>` or `<scale>@<origin>:<start>`); unset means real time. */
export function emulatorClock(raw: string | undefined): Clock {
    if (raw === undefined || raw === "") {
        return systemClock;
    }
    const match = /^(\d+(?:\.\d+)?)@(\d+)(?::(\d+(?:\.\d+)?))?$/.exec(raw.trim());
    if (match === null || Number(match[1]) <= 0) {
        throw new Error(
            `${EMULATOR_CLOCK}="${raw}" must be <time scale>@<origin ms>[:<start ms>], e.g. 600@1767225600000; unset it for real time`,
        );
    }
    const [scale, origin] = [Number(match[1]), Number(match[2])];
    const start = match[3] === undefined ? origin : Number(match[3]);
    if (start === origin) {
        return scale === 1 ? systemClock : scaledClock(scale, origin);
    }
    // Started elsewhere than real time: the same rate, shifted to the emulator's start.
    const { sleep } = scaledClock(scale, origin);
    return { now: () => start + (Date.now() - origin) * scale, sleep, timeScale: scale };
}
