import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";

const CONTAINERS = {
    model: machinelearningservices.ModelContainer,
    code: machinelearningservices.CodeContainer,
    environment: machinelearningservices.EnvironmentContainer,
} as const;

/** The settings every asset component shares about its container. */
export interface ContainerSettings {
    readonly manageContainer: boolean;
    readonly retainOnDestroy: boolean;
    readonly description?: string;
    readonly tags?: Record<string, string>;
}

/**
 * Creates an asset's container when the component owns it (`${name}-container`), and returns the options its
 * version takes: after the container, or, without one, after what the component waits for (e.g. the container's
 * owner); kept on destroy unless asked otherwise.
 */
export function assetContainer(
    kind: keyof typeof CONTAINERS,
    name: string,
    parent: pulumi.ComponentResource,
    assetName: string,
    settings: ContainerSettings,
    where: { workspaceName: pulumi.Input<string>; resourceGroupName: pulumi.Input<string> },
    componentOptions: pulumi.ComponentResourceOptions | undefined,
): pulumi.CustomResourceOptions {
    const retain = { retainOnDelete: settings.retainOnDestroy };
    if (!settings.manageContainer) {
        return { parent, dependsOn: componentOptions?.dependsOn, ...retain };
    }
    const container = new CONTAINERS[kind](
        `${name}-container`,
        { name: assetName, ...where, properties: { description: settings.description, tags: settings.tags } },
        { parent, ...retain },
    );
    return { parent, dependsOn: [container], ...retain };
}
