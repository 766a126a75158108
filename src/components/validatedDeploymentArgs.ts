import type { OnlineDeploymentSpec } from "../model";

/**
 * Arguments of inline OnlineDeployments whose settings their endpoint has already validated, with the spec that
 * validation produced. Keyed by the arguments object itself, which the endpoint builds and hands straight to the
 * constructor: nothing else can reach it, so the spec cannot go stale, and a deployment declared on its own (never
 * in here) validates as before.
 */
const validated = new WeakMap<object, OnlineDeploymentSpec>();

/** Records that `args` carries settings validated as `spec` (its `tags` included); returns `args`. */
export function markValidatedDeploymentArgs<A extends object>(args: A, spec: OnlineDeploymentSpec): A {
    validated.set(args, spec);
    return args;
}

/** The spec its endpoint validated for these arguments, or undefined when they must be validated here. */
export function validatedDeploymentSpec(args: object): OnlineDeploymentSpec | undefined {
    return validated.get(args);
}
