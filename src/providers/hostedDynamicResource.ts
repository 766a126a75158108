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
        outputs: readonly string[],
        opts?: pulumi.CustomResourceOptions,
    ) {
        // An absent input and an undefined one are the same on the wire, but each key costs the runtime an Output
        // with four tracked promises: unset inputs are left out. Declared outputs (undefined on purpose) stay.
        const present = Object.fromEntries(
            Object.entries(props).filter(([key, value]) => value !== undefined || outputs.includes(key)),
        );
        super(
            `pulumi-nodejs:dynamic/azureml:${type}`,
            name,
            { ...present, __provider: providerModuleText(provider) },
            opts,
        );
    }
}
