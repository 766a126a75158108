import type * as pulumi from "@pulumi/pulumi";
import { assetUploadProvider } from "./assetUploadProvider";
import { endpointTrafficProvider } from "./endpointTrafficProvider";
import type { HostedProviderName } from "./providerModuleText";
import { workspacePurgeProvider } from "./workspacePurgeProvider";

/** The provider implementations the provider text in state names (see providerModuleText). */
export const dynamicProviders: Readonly<Record<HostedProviderName, pulumi.dynamic.ResourceProvider>> = {
    endpointTraffic: endpointTrafficProvider,
    assetUpload: assetUploadProvider,
    workspacePurge: workspacePurgeProvider,
};
