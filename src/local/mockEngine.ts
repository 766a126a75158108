import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import * as runtimeState from "@pulumi/pulumi/runtime/state";
import {
    FAKE_CLIENT_ID,
    FAKE_OBJECT_ID,
    FAKE_SUBSCRIPTION_ID,
    FAKE_TENANT_ID,
    fakeArmId,
    fakeGuid,
    physicalName,
} from "./fakeArm";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { retryUntil } from "../async";
import { SECRET_SIG, SIG_KEY, maskSecrets } from "./secretValues";

/** Everything the engine would learn about one resource registration. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly inputs: Record<string, any>;
    /** Paths of inputs that arrived marked secret (dotted, e.g. "properties.key"). */
    readonly secretInputs: string[];
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    readonly provider?: string;
    readonly protect: boolean;
    readonly ignoreChanges: string[];
    readonly replaceOnChanges: string[];
    readonly additionalSecretOutputs: string[];
    readonly deleteBeforeReplace: boolean;
    readonly retainOnDelete: boolean;
    readonly customTimeouts?: { create?: string; update?: string; delete?: string };
    readonly aliases: string[];
}

/** Answers invokes; an unknown token throws so a test never passes on an invoke nobody mocked. */
export type CallHandler = (inputs: Record<string, any>) => Record<string, any>;

function secretPaths(value: unknown, prefix: string, out: string[]): void {
    if (typeof value !== "object" || value === null) {
        return;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        out.push(prefix);
        return;
    }
    for (const [key, inner] of Object.entries(record)) {
        secretPaths(inner, prefix === "" ? key : `${prefix}.${key}`, out);
    }
}

/** Default answers for the invokes the library's components make. */
export const DEFAULT_CALLS: Record<string, CallHandler> = {
    "azure-native:authorization:getClientConfig": () => ({
        subscriptionId: FAKE_SUBSCRIPTION_ID,
        tenantId: FAKE_TENANT_ID,
        clientId: FAKE_CLIENT_ID,
        objectId: FAKE_OBJECT_ID,
    }),
    "azure-native:machinelearningservices:listOnlineEndpointKeys": (inputs) => ({
        primaryKey: `fake-primary-key-${inputs.endpointName}`,
        secondaryKey: `fake-secondary-key-${inputs.endpointName}`,
    }),
    "azure-native:machinelearningservices:getOnlineEndpointToken": (inputs) => ({
        accessToken: `fake-aml-token-${inputs.endpointName}`,
        tokenType: "Bearer",
        expiryTimeUtc: 1893456000,
    }),
    "azure-native:machinelearningservices:getDatastore": (inputs) => ({
        id: `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${inputs.workspaceName}/datastores/${inputs.name}`,
        name: inputs.name,
        properties: {
            datastoreType: "AzureBlob",
            accountName: "fakestorage",
            containerName: `azureml-blobstore-${fakeGuid(String(inputs.workspaceName))}`,
            endpoint: "core.windows.net",
            protocol: "https",
            isDefault: true,
        },
    }),
};

/** Outputs a resource gets on top of its inputs: an ARM-shaped name and id, and identity principal ids. */
export function fakeOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    const state: Record<string, any> = { ...inputs, name: physicalName(type, name, inputs) };
    if (inputs.identity !== undefined && typeof inputs.identity === "object") {
        state.identity = {
            ...inputs.identity,
            principalId: fakeGuid(`${type}/${name}/principal`),
            tenantId: FAKE_TENANT_ID,
        };
    }
    if (type === "azure-native:machinelearningservices:OnlineEndpoint") {
        const endpoint = String(inputs.endpointName ?? name);
        state.properties = {
            ...inputs.properties,
            scoringUri: `https://${endpoint}.${inputs.location ?? "westeurope"}.inference.ml.azure.com/score`,
            swaggerUri: `https://${endpoint}.${inputs.location ?? "westeurope"}.inference.ml.azure.com/swagger.json`,
            provisioningState: "Succeeded",
        };
    }
    if (type === "azure-native:machinelearningservices:BatchEndpoint") {
        // Batch jobs start at the endpoint's scoring URI (…/jobs), as Azure ML gives it.
        const endpoint = String(inputs.endpointName ?? name);
        state.properties = {
            ...inputs.properties,
            scoringUri: `https://${endpoint}.${inputs.location ?? "westeurope"}.inference.ml.azure.com/jobs`,
            provisioningState: "Succeeded",
        };
    }
    // Microsoft Graph assigns these ids; the azuread provider reads them back after create.
    if (type === "azuread:index/application:Application") {
        state.objectId = fakeGuid(`${type}/${name}/object`);
        state.clientId = fakeGuid(`${type}/${name}/client`);
    }
    if (type === "azuread:index/servicePrincipal:ServicePrincipal") {
        state.objectId = fakeGuid(`${type}/${name}/object`);
    }
    if (type === "azure-native:managedidentity:UserAssignedIdentity") {
        state.principalId = fakeGuid(`${name}/principal`);
        state.clientId = fakeGuid(`${name}/client`);
    }
    return state;
}

/**
 * Applies a registration instead of inventing outputs: the local rehearsal's engine. Given the recorded
 * registration (inputs with secrets still marked), it returns the id and outputs the program sees.
 */
export interface ResourceApplier {
    register(resource: RecordedResource): Promise<{ id: string; state: Record<string, any> }>;
    /** Answers an invoke, or undefined to fall back to the default answers. */
    invoke?(token: string, inputs: Record<string, any>): Promise<Record<string, any> | undefined>;
}

/** What the engine learns from one RegisterResource request, before any outputs exist. */
function recordOf(req: any, urn: string): RecordedResource {
    const raw = req.getObject()?.toJavaScript() ?? {};
    const secrets: string[] = [];
    secretPaths(raw, "", secrets);
    const timeouts = req.getCustomtimeouts();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        inputs: pulumi.runtime.deserializeProperties(req.getObject()),
        secretInputs: secrets,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider() || undefined,
        protect: req.getProtect(),
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        retainOnDelete: req.getRetainondelete(),
        customTimeouts: timeouts
            ? {
                  create: timeouts.getCreate() || undefined,
                  update: timeouts.getUpdate() || undefined,
                  delete: timeouts.getDelete() || undefined,
              }
            : undefined,
        aliases: req.getAliasurnsList(),
    };
}

/** A mock monitor that keeps what the stock one throws away: parents, dependencies and resource options. */
class RecordingMonitor extends MockMonitor {
    constructor(
        mocks: pulumi.runtime.Mocks,
        private readonly sink: RecordedResource[],
        private readonly outputs: Map<string, unknown>,
        private readonly applier?: ResourceApplier,
    ) {
        super(mocks);
    }

    override registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
        this.outputs.set(req.getUrn(), req.getOutputs()?.toJavaScript());
        super.registerResourceOutputs(req, callback);
    }

    override async invoke(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const tok = req.getTok();
        const answer =
            this.applier?.invoke !== undefined && tok !== "pulumi:pulumi:getResource"
                ? await this.applier.invoke(tok, pulumi.runtime.deserializeProperties(req.getArgs())).catch((e) => e)
                : undefined;
        if (answer instanceof Error) {
            callback(answer, undefined);
            return;
        }
        if (answer === undefined) {
            await super.invoke(req, callback);
            return;
        }
        const response = new providerProto.InvokeResponse();
        response.setReturn(Struct.fromJavaScript(await pulumi.runtime.serializeProperties("", answer)));
        callback(null, response);
    }

    override async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const urn: string = (this as any).newUrn(req.getParent(), req.getType(), req.getName());
        const record = recordOf(req, urn);
        if (this.applier === undefined) {
            await super.registerResource(req, (err, response) => {
                if (!err) {
                    this.sink.push(record);
                }
                callback(err, response);
            });
            return;
        }
        try {
            const result = record.custom ? await this.applier.register(record) : { id: "", state: record.inputs };
            const state = await pulumi.runtime.serializeProperties("", result.state);
            (this as any).resources.set(urn, { urn, id: result.id, state });
            this.sink.push(record);
            const response = new resourceProto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(result.id);
            response.setObject(Struct.fromJavaScript(state));
            callback(null, response);
        } catch (error) {
            callback(error, undefined);
        }
    }
}

export interface MockEngineOptions {
    readonly project?: string;
    readonly stack?: string;
    /** Full config keys ("project:key") to raw values, as the engine passes them. */
    readonly config?: Record<string, string>;
    /** Extra or replacement invoke answers, by token. */
    readonly calls?: Record<string, CallHandler>;
    /** Treat the run as a preview (outputs of new resources unknown). @default false */
    readonly preview?: boolean;
    /** Apply registrations and answer invokes for real (the local rehearsal) instead of inventing outputs. */
    readonly applier?: ResourceApplier;
}

/** The resources a mocked run registered, with helpers to look them up. */
export class MockEngine {
    readonly resources: RecordedResource[] = [];
    /** Registered outputs by URN, on the wire (secrets still marked). */
    readonly registeredOutputs = new Map<string, unknown>();

    /** The stack's outputs with every secret shown as "[secret]", as `pulumi stack output` shows them. */
    stackOutputs(): Record<string, unknown> | undefined {
        const stack = this.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        const raw = stack !== undefined ? this.registeredOutputs.get(stack.urn) : undefined;
        return raw === undefined ? undefined : maskSecrets(raw as Record<string, unknown>);
    }
    readonly invokes: { token: string; inputs: Record<string, any> }[] = [];

    /** Resources of a type token, in registration order. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this logical name and type; throws when there is not exactly one. */
    get(type: string, name: string): RecordedResource {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        if (found.length !== 1) {
            throw new Error(
                `expected one ${type} named ${name}, found ${found.length}; registered: ${this.resources.map((r) => `${r.type}::${r.name}`).join(", ")}`,
            );
        }
        return found[0];
    }

    byUrn(urn: string): RecordedResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    /** Children whose parent is the given resource. */
    childrenOf(parent: RecordedResource): RecordedResource[] {
        return this.resources.filter((r) => r.parent === parent.urn);
    }

    /** The URNs one input of a resource depends on. */
    propertyDependenciesOf(resource: RecordedResource, input: string): string[] {
        return resource.propertyDependencies[input] ?? [];
    }

    /** The URNs a resource depends on, directly or through any of its inputs. */
    allDependencies(resource: RecordedResource): Set<string> {
        return new Set([...resource.dependencies, ...Object.values(resource.propertyDependencies).flat()]);
    }
}

/**
 * Installs a recording mock engine for the current process. Call once per test file (jest isolates modules per
 * file), then build resources and `await settle()`.
 */
export function installMockEngine(options: MockEngineOptions = {}): MockEngine {
    const engine = new MockEngine();
    const calls = { ...DEFAULT_CALLS, ...options.calls };
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) => ({
            id: fakeArmId(args.type, args.name, args.inputs),
            state: fakeOutputs(args.type, args.name, args.inputs),
        }),
        call: (args) => {
            engine.invokes.push({ token: args.token, inputs: args.inputs });
            const handler = calls[args.token];
            if (handler === undefined) {
                throw new Error(`unmocked invoke ${args.token}`);
            }
            return handler(args.inputs);
        },
    };
    const project = options.project ?? "test-project";
    const stack = options.stack ?? "test";
    // Install the recording monitor, then turn on the engine features mocks support, as setMocks does (installing
    // a monitor resets them; without secrets support, secret outputs would be sent in plain text).
    pulumi.runtime.setMockOptions(
        new RecordingMonitor(mocks, engine.resources, engine.registeredOutputs, options.applier),
        project,
        stack,
        options.preview ?? false,
    );
    const store = (runtimeState as unknown as { getStore(): Record<string, unknown> }).getStore();
    Object.assign(store, {
        supportsSecrets: true,
        supportsResourceReferences: true,
        supportsOutputValues: false,
        supportsDeletedWith: true,
        supportsReplaceWith: true,
        supportsAliasSpecs: true,
        supportsTransforms: false,
        supportsParameterization: true,
        supportsResourceHooks: true,
        supportsErrorHooks: true,
    });
    if (options.config !== undefined) {
        pulumi.runtime.setAllConfig(options.config);
    }
    return engine;
}

/**
 * Waits until every registration and invoke of the mocked run has been answered: the runtime's outstanding
 * promises (resource URNs, ids, invokes, inputs still resolving) are all settled. Waiting on RPCs alone is
 * not enough: a registration whose inputs are Outputs waits for them before its RPC starts.
 */
export async function settle(timeoutMs = 30_000): Promise<void> {
    // waitForRPCs and the store are internal to @pulumi/pulumi (not in its typings); the runtime uses both at exit.
    const waitForRPCs = () => (runtimeSettings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const pending = () =>
        (runtimeState as unknown as { getStore(): { leakCandidates: Set<{ _debugCtx?: string }> } }).getStore()
            .leakCandidates;
    await retryUntil(
        async () => {
            await waitForRPCs();
            if (pending().size > 0) {
                const names = [...pending()].slice(0, 5).map((p) => p._debugCtx);
                throw new Error(`still pending: ${names.join(", ")}`);
            }
        },
        { timeoutMs, delayMs: () => 5, what: "settle the mocked run" },
    );
}
