import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provider from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export type Properties = Record<string, any>;

export interface CheckResult {
    readonly inputs: Properties;
    readonly failures: { property: string; reason: string }[];
}

export interface DiffResult {
    readonly changes: "none" | "some" | "unknown";
    readonly replaces: string[];
    readonly deleteBeforeReplace: boolean;
}

export interface ProviderHostOptions {
    /** Directory the host runs in: provider code resolves its requires from here, as under `pulumi up`. */
    readonly cwd: string;
    /** Extra environment (e.g. the emulator's `env()`). */
    readonly env?: Record<string, string>;
    /** Called with each line the host writes to stderr (providers' progress lines), as it arrives. */
    readonly onLine?: (line: string) => void;
}

/** Undefined values do not exist on the wire: the engine drops them, and Struct refuses them. */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutUndefined);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, withoutUndefined(v)]),
        );
    }
    return value;
}

const struct = (value: Properties) => Struct.fromJavaScript(withoutUndefined(value) as never);

/**
 * The dynamic-provider host that ships in @pulumi/pulumi, run as its own process and driven over gRPC the way the
 * engine drives it. Serialized providers (`__provider` from a program run under mocks) are deserialized and run
 * there for real: serialization, module resolution and state-shape bugs show up here, not in production.
 */
export class ProviderHost {
    private stderrText = "";

    private pending = "";

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: InstanceType<typeof providerRpc.ResourceProviderClient>,
        onLine?: (line: string) => void,
    ) {
        child.stderr?.on("data", (chunk: Buffer) => {
            const text = chunk.toString();
            this.stderrText += text;
            if (onLine !== undefined) {
                const lines = (this.pending + text).split("\n");
                this.pending = lines.pop() ?? "";
                lines.filter((line) => line.trim() !== "").forEach(onLine);
            }
        });
    }

    /** What the host wrote to stderr (provider errors are logged there). */
    get stderr(): string {
        return this.stderrText;
    }

    static async start(options: ProviderHostOptions): Promise<ProviderHost> {
        const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
        // The host takes the engine's address but only needs it to exist as an argument.
        const child = spawn(process.execPath, [entry, "127.0.0.1:0"], {
            cwd: options.cwd,
            env: { ...process.env, ...options.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            const timer = setTimeout(
                () => reject(new Error(`provider host did not start within 20 s: ${err}`)),
                20_000,
            );
            child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
            child.stdout?.on("data", (c: Buffer) => {
                out += c.toString();
                const line = /^(\d+)\s*$/m.exec(out);
                if (line !== null) {
                    clearTimeout(timer);
                    resolve(Number(line[1]));
                }
            });
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`provider host exited with ${code}: ${err}`));
            });
        });
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const host = new ProviderHost(child, client, options.onLine);
        await host.configure({});
        return host;
    }

    private call<Req, Res>(method: string, request: Req): Promise<Res> {
        return new Promise((resolve, reject) => {
            (this.client as any)[method](request, (err: grpc.ServiceError | null, response: Res) =>
                err ? reject(new Error(`${method}: ${err.details || err.message}`)) : resolve(response),
            );
        });
    }

    async configure(variables: Record<string, string>): Promise<void> {
        const request = new provider.ConfigureRequest();
        request.setArgs(struct(variables));
        request.setAcceptsecrets(false);
        request.setAcceptresources(false);
        await this.call("configure", request);
    }

    async check(urn: string, olds: Properties, news: Properties): Promise<CheckResult> {
        const request = new provider.CheckRequest();
        request.setUrn(urn);
        request.setOlds(struct(olds));
        request.setNews(struct(news));
        const response = await this.call<provider.CheckRequest, provider.CheckResponse>("check", request);
        return {
            inputs: (response.getInputs()?.toJavaScript() ?? {}) as Properties,
            failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(
        id: string,
        urn: string,
        olds: Properties,
        news: Properties,
        oldInputs: Properties = olds,
    ): Promise<DiffResult> {
        const request = new provider.DiffRequest();
        request.setId(id);
        request.setUrn(urn);
        request.setOlds(struct(olds));
        request.setNews(struct(news));
        request.setOldInputs(struct(oldInputs));
        const response = await this.call<provider.DiffRequest, provider.DiffResponse>("diff", request);
        const changes = response.getChanges();
        return {
            changes:
                changes === provider.DiffResponse.DiffChanges.DIFF_SOME
                    ? "some"
                    : changes === provider.DiffResponse.DiffChanges.DIFF_NONE
                      ? "none"
                      : "unknown",
            replaces: response.getReplacesList(),
            deleteBeforeReplace: response.getDeletebeforereplace(),
        };
    }

    async create(urn: string, properties: Properties): Promise<{ id: string; outs: Properties }> {
        const request = new provider.CreateRequest();
        request.setUrn(urn);
        request.setProperties(struct(properties));
        const response = await this.call<provider.CreateRequest, provider.CreateResponse>("create", request);
        return { id: response.getId(), outs: (response.getProperties()?.toJavaScript() ?? {}) as Properties };
    }

    async read(
        id: string,
        urn: string,
        properties: Properties,
        inputs: Properties = {},
    ): Promise<{ id: string; props: Properties; inputs?: Properties }> {
        const request = new provider.ReadRequest();
        request.setId(id);
        request.setUrn(urn);
        request.setProperties(struct(properties));
        request.setInputs(struct(inputs));
        const response = await this.call<provider.ReadRequest, provider.ReadResponse>("read", request);
        return {
            id: response.getId(),
            props: (response.getProperties()?.toJavaScript() ?? {}) as Properties,
            inputs: response.getInputs()?.toJavaScript() as Properties | undefined,
        };
    }

    async update(id: string, urn: string, olds: Properties, news: Properties): Promise<Properties> {
        const request = new provider.UpdateRequest();
        request.setId(id);
        request.setUrn(urn);
        request.setOlds(struct(olds));
        request.setNews(struct(news));
        const response = await this.call<provider.UpdateRequest, provider.UpdateResponse>("update", request);
        return (response.getProperties()?.toJavaScript() ?? {}) as Properties;
    }

    async delete(id: string, urn: string, properties: Properties): Promise<void> {
        const request = new provider.DeleteRequest();
        request.setId(id);
        request.setUrn(urn);
        request.setProperties(struct(properties));
        await this.call("delete", request);
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill();
            await exited;
        }
    }
}

/** What the engine keeps for a resource between operations. */
export interface ResourceState {
    readonly id: string;
    readonly inputs: Properties;
    readonly outputs: Properties;
}

/**
 * Drives one resource through the host as the engine does: `up` checks, then creates, updates or replaces;
 * `destroy` deletes with the provider code stored in state (the last outputs' `__provider`).
 */
export class EngineLifecycle {
    state?: ResourceState;
    readonly operations: string[] = [];

    constructor(
        private readonly host: ProviderHost,
        readonly urn: string,
    ) {}

    async up(
        inputs: Properties,
    ): Promise<{ result: "created" | "updated" | "replaced" | "unchanged"; failures: CheckResult["failures"] }> {
        const checked = await this.host.check(this.urn, this.state?.inputs ?? {}, inputs);
        if (checked.failures.length > 0) {
            return { result: "unchanged", failures: checked.failures };
        }
        if (this.state === undefined) {
            const created = await this.host.create(this.urn, checked.inputs);
            this.state = { id: created.id, inputs: checked.inputs, outputs: created.outs };
            this.operations.push("create");
            return { result: "created", failures: [] };
        }
        const diff = await this.host.diff(
            this.state.id,
            this.urn,
            this.state.outputs,
            checked.inputs,
            this.state.inputs,
        );
        if (diff.replaces.length > 0) {
            if (diff.deleteBeforeReplace) {
                await this.host.delete(this.state.id, this.urn, this.state.outputs);
                this.operations.push("delete");
            }
            const created = await this.host.create(this.urn, checked.inputs);
            if (!diff.deleteBeforeReplace) {
                await this.host.delete(this.state.id, this.urn, this.state.outputs);
                this.operations.push("delete");
            }
            this.state = { id: created.id, inputs: checked.inputs, outputs: created.outs };
            this.operations.push("create");
            return { result: "replaced", failures: [] };
        }
        if (diff.changes === "none") {
            return { result: "unchanged", failures: [] };
        }
        const outputs = await this.host.update(this.state.id, this.urn, this.state.outputs, checked.inputs);
        this.state = { id: this.state.id, inputs: checked.inputs, outputs };
        this.operations.push("update");
        return { result: "updated", failures: [] };
    }

    async destroy(): Promise<void> {
        if (this.state !== undefined) {
            await this.host.delete(this.state.id, this.urn, this.state.outputs);
            this.operations.push("delete");
            this.state = undefined;
        }
    }
}
