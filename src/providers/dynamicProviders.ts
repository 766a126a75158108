import type * as pulumi from "@pulumi/pulumi";
import { assetUploadProvider } from "./assetUploadProvider";
import { batchEndpointDefaultsProvider } from "./batchEndpointDefaultsProvider";
import { batchInvocationProvider } from "./batchInvocationProvider";
import { endpointTrafficProvider } from "./endpointTrafficProvider";
import type { HostedProviderName } from "./providerModuleText";
import { workspacePurgeProvider } from "./workspacePurgeProvider";

/** The provider implementations the provider text in state names (see providerModuleText). */
export const dynamicProviders: Readonly<Record<HostedProviderName, pulumi.dynamic.ResourceProvider>> = {
    endpointTraffic: endpointTrafficProvider,
    assetUpload: assetUploadProvider,
    workspacePurge: workspacePurgeProvider,
    batchEndpointDefaults: batchEndpointDefaultsProvider,
    batchInvocation: batchInvocationProvider,
};
