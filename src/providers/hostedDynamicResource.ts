import * as pulumi from "@pulumi/pulumi";
import { HostedProviderName, providerModuleText } from "./providerModuleText";

/**
 * A dynamic resource whose provider is this package's own, named in a constant provider text (see
 * providerModuleText) instead of a serialized function. Its type token is the one `pulumi.dynamic.Resource` gives
 * (`pulumi-nodejs:dynamic/azureml:<type>`), so URNs and the provider host that runs it are unchanged.
 */
export abstract class HostedDynamicResource extends pulumi.CustomResource {
    protected constructor(
        provider: HostedProviderName,
        type: string,
        name: string,
        props: pulumi.Inputs,
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            `pulumi-nodejs:dynamic/azureml:${type}`,
            name,
            { ...props, __provider: providerModuleText(provider) },
            opts,
        );
    }
}
