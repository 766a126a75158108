import * as pulumi from "@pulumi/pulumi";
import type { OnlineDeploymentSpec } from "../model";
import { mergeTags } from "./arm";
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
     * The same deployments as the endpoint's validation produced them, with the tags each carries, so none is
     * validated a second time. @default none: each deployment validates its own arguments
     */
    readonly specs?: Readonly<Record<string, OnlineDeploymentSpec>>;
    /** The endpoint's tags, which each deployment's own override. @default {} */
    readonly tags?: Record<string, string>;
    /** What the first deployment waits for: the endpoint, and role grants its identity needs before serving. */
    readonly after: readonly pulumi.Resource[];
}

/**
 * An endpoint's inline deployments as `OnlineDeployment` components named `${parentName}-${key}`, under `parent`,
 * created one after another. With `specs`, a deployment takes its endpoint's validation of its settings.
 */
export function createOnlineDeployments(
    parentName: string,
    parent: pulumi.Resource,
    args: OnlineDeploymentChainArgs,
): Record<string, OnlineDeployment> {
    return createInSequence(args.deployments, args.after, (key, d, dependsOn: pulumi.Resource[]) => {
        const name = `${parentName}-${key}`;
        // One rule for tags: a child carries its component's tags, overridden by its own.
        const deploymentArgs: OnlineDeploymentArgs = {
            ...d,
            endpoint: args.endpoint,
            deploymentName: key,
            tags: mergeTags(args.tags, d.tags),
        };
        const spec = args.specs?.[key];
        if (spec !== undefined) {
            markValidatedDeploymentArgs(deploymentArgs, spec);
        }
        return new OnlineDeployment(name, deploymentArgs, { parent, dependsOn });
    });
}
