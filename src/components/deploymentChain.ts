import * as pulumi from "@pulumi/pulumi";
import type { OnlineDeploymentSpec } from "../model";
import { OnlineDeployment, OnlineDeploymentArgs, OnlineEndpointRef } from "./onlineDeployment";
import { markValidatedDeploymentArgs } from "./validatedDeploymentArgs";

/**
 * Creates one item after another: the first waits for `first`, each next one for the one before. Azure ML answers
 * 409 to a change while its endpoint is updating, and azure-native does not retry that, so deployments under one
 * endpoint (online or batch) must not be created side by side.
 *
 * @param create makes one item, given what it must wait for.
 * @returns the items by key, in the order of `items`.
 */
export function createInSequence<A, D, T extends D>(
    items: Readonly<Record<string, A>>,
    first: readonly D[],
    create: (key: string, item: A, dependsOn: D[]) => T,
): Record<string, T> {
    const created: Record<string, T> = {};
    let previous: D[] = [...first];
    for (const [key, item] of Object.entries(items)) {
        const next = create(key, item, previous);
        created[key] = next;
        previous = [next];
    }
    return created;
}

/** A deployment declared inside its endpoint: its settings, with assets as components or registered references. */
export type InlineDeploymentArgs = Omit<OnlineDeploymentArgs, "endpoint" | "deploymentName">;

/** The arguments of {@link createOnlineDeployments}. */
export interface OnlineDeploymentChainArgs {
    /** The endpoint the deployments join. */
    readonly endpoint: OnlineEndpointRef;
    /** Deployments by name (the key is the deployment name under the endpoint). */
    readonly deployments: Readonly<Record<string, InlineDeploymentArgs>>;
    /**
     * The same deployments as the endpoint's validation produced them (see validateOnlineEndpointArgs), tags merged
     * with the endpoint's, so none is validated a second time.
     */
    readonly specs: Readonly<Record<string, OnlineDeploymentSpec>>;
    /** What the first deployment waits for: the endpoint, and role grants its identity needs before serving. */
    readonly after: readonly pulumi.Resource[];
}

/**
 * An endpoint's inline deployments as `OnlineDeployment` components named `${parentName}-${key}`, under `parent`,
 * created one after another, each with its endpoint's validation of its settings.
 */
export function createOnlineDeployments(
    parentName: string,
    parent: pulumi.Resource,
    args: OnlineDeploymentChainArgs,
): Record<string, OnlineDeployment> {
    return createInSequence(args.deployments, args.after, (key, d, dependsOn: pulumi.Resource[]) => {
        const spec = args.specs[key];
        const deploymentArgs = markValidatedDeploymentArgs(
            { ...d, endpoint: args.endpoint, deploymentName: key, tags: spec.tags },
            spec,
        );
        return new OnlineDeployment(`${parentName}-${key}`, deploymentArgs, { parent, dependsOn });
    });
}
