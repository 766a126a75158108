import { ArmClient } from "../../azure/armClient";
import { fakeArmId } from "../fakeArm";
import { RecordedResource, ResourceApplier, fakeOutputs } from "../mockEngine";
import { EngineLifecycle, ProviderHost } from "../providerHost";
import { digestSecrets, unwrapSecrets } from "../secretValues";
import { armMapping, armOutputs, emulatedType } from "./armMapping";
import { armInvoke } from "./armInvokes";
import { getPath, sameValue, withPath } from "./propertyPaths";
import { OperationKind, ResourceOperation } from "./resourceOperation";
import { ResourceKind, StoredResource } from "./rehearsalState";

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

export function kindOf(type: string): ResourceKind {
    return type.startsWith(DYNAMIC_PREFIX) ? "dynamic" : emulatedType(type) !== undefined ? "emulated" : "standIn";
}

export interface ApplierContext {
    /** The previous run's resources by URN. */
    readonly previous: ReadonlyMap<string, StoredResource>;
    readonly arm: ArmClient;
    readonly host: ProviderHost;
    readonly subscriptionId: string;
    /** Told of every operation as it ends. */
    readonly onOperation: (operation: ResourceOperation) => void;
}

/** What an operation leaves in state, and the outputs the program sees (secrets as values, not digests). */
type Applied = { op: OperationKind; stored: StoredResource; outputs?: Record<string, any> };

/**
 * The rehearsal's engine steps for each registration, as `pulumi up` takes them: a resource with the inputs it had
 * last time is left alone (no request at all); otherwise Azure ML resources are PUT on the emulator and read back,
 * dynamic resources go through Check / Diff / Create / Update in the real provider host, and every other Azure
 * resource gets deterministic stand-in outputs. `ignoreChanges` keeps old values, `replaceOnChanges` replaces.
 */
export class RehearsalApplier implements ResourceApplier {
    /** This run's resources by URN, in the order their operations ended. */
    readonly current = new Map<string, StoredResource>();
    readonly operations: ResourceOperation[] = [];
    /** Resources replaced under the same URN by one with another id: deleted after the program, as the engine does. */
    readonly replaced: StoredResource[] = [];

    constructor(private readonly ctx: ApplierContext) {}

    get failed(): ResourceOperation[] {
        return this.operations.filter((o) => o.error !== undefined);
    }

    async invoke(token: string, inputs: Record<string, any>): Promise<Record<string, any> | undefined> {
        return armInvoke(this.ctx.arm, this.ctx.subscriptionId, token, inputs);
    }

    async register(resource: RecordedResource): Promise<{ id: string; state: Record<string, any> }> {
        const kind = kindOf(resource.type);
        const old = this.ctx.previous.get(resource.urn);
        const started = Date.now();
        const report = (op: OperationKind, error?: string) => {
            const operation: ResourceOperation = {
                urn: resource.urn,
                type: resource.type,
                name: resource.name,
                kind,
                op,
                ms: Date.now() - started,
                ...(error !== undefined ? { error } : {}),
            };
            this.operations.push(operation);
            this.ctx.onOperation(operation);
        };
        try {
            const applied =
                kind === "dynamic"
                    ? await this.applyDynamic(resource, old)
                    : kind === "emulated"
                      ? await this.applyEmulated(resource, old)
                      : this.applyStandIn(resource, old);
            this.current.set(resource.urn, applied.stored);
            report(applied.op);
            return { id: applied.stored.id, state: applied.outputs ?? applied.stored.outputs };
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            report(old === undefined ? "create" : "update", message);
            throw new Error(`${resource.type} ${resource.name}: ${message}`);
        }
    }

    private stored(
        resource: RecordedResource,
        id: string,
        inputs: Record<string, any>,
        outputs: Record<string, any>,
    ): StoredResource {
        return {
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            kind: kindOf(resource.type),
            id,
            ...(resource.parent !== undefined ? { parent: resource.parent } : {}),
            ...(resource.retainOnDelete ? { retainOnDelete: true } : {}),
            inputs,
            outputs,
            dependsOn: [
                ...new Set([
                    ...(resource.parent !== undefined ? [resource.parent] : []),
                    ...resource.dependencies,
                    ...Object.values(resource.propertyDependencies).flat(),
                ]),
            ],
        };
    }

    /** The new inputs with every ignored property kept at its old value, as the engine does for an update. */
    private withIgnoredChanges(resource: RecordedResource, old: StoredResource | undefined): Record<string, any> {
        let inputs = resource.inputs;
        if (old !== undefined) {
            for (const path of resource.ignoreChanges) {
                inputs = withPath(inputs, path, getPath(old.inputs, path));
            }
        }
        return inputs;
    }

    private replacing(resource: RecordedResource, old: StoredResource, inputs: Record<string, any>): boolean {
        return resource.replaceOnChanges.some((path) => !sameValue(getPath(old.inputs, path), getPath(inputs, path)));
    }

    private async applyEmulated(resource: RecordedResource, old: StoredResource | undefined): Promise<Applied> {
        const inputs = digestSecrets(this.withIgnoredChanges(resource, old));
        const plain = unwrapSecrets(this.withIgnoredChanges(resource, old));
        const mapping = armMapping(resource.type, plain, this.ctx.subscriptionId);
        const sameId = old !== undefined && old.id.toLowerCase() === mapping.path.toLowerCase();
        // State keeps secrets as digests, so a resource with secret inputs is written again rather than handing the
        // program digests for values.
        if (old !== undefined && sameId && sameValue(old.inputs, inputs) && resource.secretInputs.length === 0) {
            return { op: "same", stored: old };
        }
        let op: OperationKind = old === undefined ? "create" : "update";
        if (old !== undefined && (!sameId || this.replacing(resource, old, inputs))) {
            op = "replace";
            if (sameId || resource.deleteBeforeReplace) {
                // The same ARM id cannot exist twice: the old one goes first.
                await this.deleteEmulated(old);
            } else {
                this.replaced.push(old);
            }
        }
        const { arm } = this.ctx;
        await arm.runLongOperation("PUT", mapping.path, { apiVersion: mapping.apiVersion, body: mapping.body });
        const read = await arm.request("GET", mapping.path, { apiVersion: mapping.apiVersion });
        const outputs = armOutputs(resource.type, resource.inputs, read.body as Record<string, any>);
        const id = String((read.body as { id?: string }).id ?? mapping.path);
        return { op, stored: this.stored(resource, id, inputs, digestSecrets(outputs)), outputs };
    }

    async deleteEmulated(old: StoredResource): Promise<void> {
        const mapping = armMapping(old.type, old.inputs, this.ctx.subscriptionId);
        await this.ctx.arm.deleteAndWait(old.id, { apiVersion: mapping.apiVersion, query: mapping.deleteQuery });
    }

    private async applyDynamic(resource: RecordedResource, old: StoredResource | undefined): Promise<Applied> {
        const lifecycle = new EngineLifecycle(this.ctx.host, resource.urn);
        if (old !== undefined) {
            lifecycle.state = { id: old.id, inputs: old.inputs, outputs: old.outputs };
        }
        const result = await lifecycle.up(unwrapSecrets(this.withIgnoredChanges(resource, old)));
        if (result.failures.length > 0) {
            throw new Error(result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
        }
        const state = lifecycle.state!;
        const op: OperationKind = { created: "create", updated: "update", replaced: "replace", unchanged: "same" }[
            result.result
        ] as OperationKind;
        if (op === "same" && old !== undefined) {
            return { op, stored: old };
        }
        return { op, stored: this.stored(resource, state.id, state.inputs, state.outputs) };
    }

    private applyStandIn(resource: RecordedResource, old: StoredResource | undefined): Applied {
        const inputs = digestSecrets(this.withIgnoredChanges(resource, old));
        const plain = unwrapSecrets(resource.inputs);
        const id = fakeArmId(resource.type, resource.name, plain);
        const outputs = fakeOutputs(resource.type, resource.name, resource.inputs);
        if (old !== undefined && old.id === id && sameValue(old.inputs, inputs)) {
            return { op: "same", stored: old, outputs };
        }
        const op: OperationKind =
            old === undefined
                ? "create"
                : old.id !== id || this.replacing(resource, old, inputs)
                  ? "replace"
                  : "update";
        return { op, stored: this.stored(resource, id, inputs, digestSecrets(outputs)), outputs };
    }
}
