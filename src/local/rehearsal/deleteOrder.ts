import { StoredResource } from "./rehearsalState";

/**
 * The order in which to delete resources: every resource after all the resources that depend on it (dependents
 * first, as the engine deletes), ties in reverse of the order they were stored (the order their operations ended).
 */
export function deleteOrder(doomed: readonly StoredResource[]): StoredResource[] {
    const byUrn = new Map(doomed.map((r) => [r.urn, r]));
    const dependents = new Map<string, number>(doomed.map((r) => [r.urn, 0]));
    for (const resource of doomed) {
        for (const dependency of new Set(resource.dependsOn)) {
            if (byUrn.has(dependency)) {
                dependents.set(dependency, (dependents.get(dependency) ?? 0) + 1);
            }
        }
    }
    const order: StoredResource[] = [];
    const remaining = [...doomed].reverse();
    while (remaining.length > 0) {
        const next = remaining.findIndex((r) => dependents.get(r.urn) === 0);
        // A cycle cannot come from a program (a resource cannot wait on one registered after it); break it anyway.
        const [resource] = remaining.splice(next === -1 ? 0 : next, 1);
        order.push(resource);
        for (const dependency of new Set(resource.dependsOn)) {
            if (dependents.has(dependency)) {
                dependents.set(dependency, (dependents.get(dependency) ?? 0) - 1);
            }
        }
    }
    return order;
}
