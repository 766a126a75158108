import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import type { OnlineAuthMode } from "../model";

/** An online endpoint's keys or token, as secrets; which ones exist depends on the auth mode. */
export interface OnlineEndpointCredentials {
    /** With authMode key. */
    readonly primaryKey?: pulumi.Output<string>;
    readonly secondaryKey?: pulumi.Output<string>;
    /** With authMode aml_token. */
    readonly accessToken?: pulumi.Output<string>;
}

/** The endpoint whose credentials are read: the name from the resource, so the read waits for it. */
export interface EndpointLocation {
    readonly endpointName: pulumi.Input<string>;
    readonly workspaceName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
}

/**
 * Reads the keys (key) or the token (aml_token) of an online endpoint, wrapped as secrets so they never reach state
 * or logs in plain text; aad_token has neither (callers get Entra tokens themselves).
 */
export function onlineEndpointCredentials(
    authMode: OnlineAuthMode,
    endpoint: EndpointLocation,
    parent: pulumi.Resource,
): OnlineEndpointCredentials {
    if (authMode === "key") {
        const keys = machinelearningservices.listOnlineEndpointKeysOutput({ ...endpoint }, { parent });
        return {
            primaryKey: pulumi.secret(keys.apply((k) => k.primaryKey ?? "")),
            secondaryKey: pulumi.secret(keys.apply((k) => k.secondaryKey ?? "")),
        };
    }
    if (authMode === "aml_token") {
        const token = machinelearningservices.getOnlineEndpointTokenOutput({ ...endpoint }, { parent });
        return { accessToken: pulumi.secret(token.apply((t) => t.accessToken ?? "")) };
    }
    return {};
}
