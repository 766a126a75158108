import type { GuardrailResource } from "./guardrail";

/** Helpers the rules share to read a resource's inputs (not part of the package's ./policy entry). */

/** Reads a nested input (`properties.authMode`) without assuming any level exists. */
export function inputAt(inputs: Readonly<Record<string, unknown>>, path: string): unknown {
    let value: unknown = inputs;
    for (const key of path.split(".")) {
        if (typeof value !== "object" || value === null) {
            return undefined;
        }
        value = (value as Record<string, unknown>)[key];
    }
    return value;
}

/**
 * An input for naming only, or undefined when it cannot be read: during `pulumi preview` the policy analyzer throws on
 * reading a value not known yet (a new endpoint's id), and a message can name the resource by its logical name instead.
 * Inputs a rule judges are read plainly, so that an unknown one stops the rule, as Pulumi reports.
 */
function nameInput(inputs: Readonly<Record<string, unknown>>, key: string): unknown {
    try {
        return inputs[key];
    } catch {
        return undefined;
    }
}

/** `credit-prod` for an endpoint's resources, the logical name for the rest: how a message names what it is about. */
export function subjectOf(resource: GuardrailResource): string {
    const endpoint = nameInput(resource.inputs, "endpointName");
    const deployment = nameInput(resource.inputs, "deploymentName");
    if (typeof endpoint === "string" && typeof deployment === "string") {
        return `${endpoint}/${deployment}`;
    }
    // An endpoint's traffic owner (and the other dynamic resources of an endpoint) name it by its ARM id.
    const endpointId = nameInput(resource.inputs, "endpointId");
    if (typeof endpointId === "string" && endpointId.includes("/")) {
        return endpointId.slice(endpointId.lastIndexOf("/") + 1);
    }
    // The resource's own Azure name comes first; the workspace it lives in is the subject only of the workspace.
    const keys = /:Workspace$/.test(resource.type)
        ? ["workspaceName"]
        : ["endpointName", "name", "computeName", "vaultName", "accountName", "registryName"];
    const named = keys.map((key) => nameInput(resource.inputs, key)).find((value) => typeof value === "string");
    return typeof named === "string" ? named : resource.name;
}

/** The tag (or digest) of an image reference: what follows the last ':' or '@' of its last path segment. */
export function imageVersion(image: string): { kind: "tag" | "digest" | "none"; value?: string } {
    const at = image.indexOf("@");
    if (at !== -1) {
        return { kind: "digest", value: image.slice(at + 1) };
    }
    const last = image.slice(image.lastIndexOf("/") + 1);
    const colon = last.lastIndexOf(":");
    return colon === -1 ? { kind: "none" } : { kind: "tag", value: last.slice(colon + 1) };
}
