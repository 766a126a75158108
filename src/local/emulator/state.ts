/** The emulator's in-memory model of Azure ML resources. Keys are lower-cased ARM ids (ARM ignores case). */

export type Outcome = "Succeeded" | "Failed" | "Canceled";

/** How a deployment behaves when scored, so that a bad new deployment can be simulated. */
export interface DeploymentBehaviour {
    /** Latency recorded for each request, in ms. @default 20 */
    latencyMs: number;
    /**
     * Share of requests the model answers with `modelStatusCode`, 0–1, spread evenly (deterministic). The endpoint
     * answers those with 424, as Azure does for any non-200 from the model container. @default 0
     */
    errorRate: number;
    /** The status code the model returns when it fails; reported in ms-azureml-model-error-statuscode. @default 500 */
    modelStatusCode: number;
    /** CpuUtilizationPercentage of every instance, 0–100. @default 0 */
    cpuPercent: number;
    /** CpuMemoryUtilizationPercentage of every instance, 0–100. @default 0 */
    memoryPercent: number;
    /** DiskUtilization of every instance, 0–100. @default 0 */
    diskPercent: number;
    /** Later behaviour: each change applies once its condition holds, later entries over earlier ones. */
    changes?: BehaviourChange[];
    /** Actually wait latencyMs before answering. @default false */
    realDelay: boolean;
    /** How batch jobs on this deployment end. @default "Completed" */
    batchOutcome: "Completed" | "Failed";
}

/**
 * A change of behaviour from emulator time `fromTime`, or once the deployment has received `afterRequests` requests
 * (live and mirrored); with both, when both hold.
 */
export type BehaviourChange = { afterRequests?: number; fromTime?: number } & Partial<
    Omit<DeploymentBehaviour, "changes">
>;

export const DEFAULT_BEHAVIOUR: DeploymentBehaviour = {
    latencyMs: 20,
    errorRate: 0,
    modelStatusCode: 500,
    cpuPercent: 0,
    memoryPercent: 0,
    diskPercent: 0,
    realDelay: false,
    batchOutcome: "Completed",
};

export interface WorkspaceRecord {
    id: string;
    name: string;
    location: string;
    body: Record<string, any>;
    softDeleted: boolean;
    /** `properties.workspaceId`, the GUID Azure gives a workspace at creation; absent on seeded workspaces. */
    guid?: string;
}

/** A compute target (AmlCompute, ComputeInstance, Kubernetes, …) as its PUT body gave it. */
export interface ComputeRecord {
    id: string;
    name: string;
    workspaceId: string;
    location: string;
    body: Record<string, any>;
    busyUntil: number;
    busyState: "Creating" | "Updating" | "Deleting";
    outcome: Outcome;
    createdAt: number;
    modifiedAt: number;
    /** A delete in progress: the compute is gone from `at` when the delete succeeds. */
    deletion?: { at: number; outcome: Outcome };
}

/** A datastore of a workspace; the emulator makes only the default `workspaceblobstore`. */
export interface DatastoreRecord {
    id: string;
    name: string;
    workspaceId: string;
    /** The datastore's `properties`, as GET answers them. */
    properties: Record<string, unknown>;
    createdAt: number;
}

/** The asset types the emulator keeps, by their ARM path segment. */
export type AssetKind = "codes" | "models" | "environments";

/** An asset container (`workspaces/{codes|models|environments}/{name}`); names are case-sensitive. */
export interface AssetContainerRecord {
    kind: AssetKind;
    id: string;
    name: string;
    workspaceId: string;
    /** The container's own properties (description, tags, properties, isArchived). */
    properties: Record<string, unknown>;
    /** The highest whole-number version ever created: Azure keeps counting after versions are deleted. */
    highestNumericVersion: number;
    createdAt: number;
    modifiedAt: number;
}

/** One version of an asset; only its description, tags and isArchived change after creation. */
export interface AssetVersionRecord {
    kind: AssetKind;
    id: string;
    name: string;
    version: string;
    workspaceId: string;
    properties: Record<string, unknown>;
    createdAt: number;
    modifiedAt: number;
}

export interface EndpointRecord {
    kind: "online" | "batch";
    id: string;
    name: string;
    workspaceId: string;
    location: string;
    body: Record<string, any>;
    traffic: Record<string, number>;
    mirrorTraffic: Record<string, number>;
    defaultDeployment?: string;
    etag: number;
    keys: { primaryKey: string; secondaryKey: string };
    /** Provisioning: until this time the endpoint is Creating/Updating/Deleting. */
    busyUntil: number;
    busyState: "Creating" | "Updating" | "Deleting";
    outcome: Outcome;
    /** Smooth weighted round-robin state for routing. */
    routing: Record<string, number>;
    mirrorCounter: Record<string, number>;
}

export interface DeploymentRecord {
    id: string;
    name: string;
    endpointId: string;
    location: string;
    body: Record<string, any>;
    busyUntil: number;
    busyState: "Creating" | "Updating" | "Scaling" | "Deleting";
    outcome: Outcome;
    behaviour: DeploymentBehaviour;
    served: number;
    failed: number;
}

export interface OperationRecord {
    id: string;
    /** The resource the operation acts on. */
    resourceId: string;
    action: "create" | "update" | "delete" | "regenerateKeys" | "cancel";
    doneAt: number;
    outcome: Outcome;
    error?: { code: string; message: string };
    applied: boolean;
}

/** One input of a batch job, normalised from either spelling of the invocation body. */
export type JobInputRecord = { kind: "UriFile" | "UriFolder"; uri: string } | { kind: "Literal"; value: string };

/** One output of a batch job: where its file lands. */
export interface JobOutputRecord {
    kind: "UriFile" | "UriFolder";
    uri: string;
    /** The file the job writes: the uri itself for UriFile, uri + outputFileName for UriFolder. */
    file: string;
}

/** A batch scoring job started through a batch endpoint's data plane. */
export interface JobRecord {
    id: string;
    /** Case-sensitive, as the swagger says of job names. */
    name: string;
    workspaceId: string;
    endpointId: string;
    deployment: string;
    deploymentKind: "model" | "pipeline";
    createdAt: number;
    /** When it leaves the queue and starts running. */
    startAt: number;
    /** When it reaches its final state unless canceled. */
    endAt: number;
    outcome: "Completed" | "Failed";
    error?: { code: string; message: string };
    /** The cancel request: its operation decides when CancelRequested turns Canceled. */
    cancel?: { requestedAt: number; operationId: string };
    inputs: Record<string, JobInputRecord>;
    outputs: Record<string, JobOutputRecord>;
    /** Per-job settings as the client sent them or the deployment gave them. */
    settings: Record<string, unknown>;
    tags: Record<string, string>;
    properties: Record<string, string>;
    experimentName: string;
}

/** A stream of requests at a fixed rate through an endpoint's routing, from `startAt` until `endAt`. */
export interface LoadRun {
    id: string;
    endpointId: string;
    intervalMs: number;
    startAt: number;
    endAt: number;
    /** Requests generated so far; the next is due at startAt + sent × intervalMs. */
    sent: number;
    headers: Record<string, string>;
    body: unknown;
    /** Answers so far by status code. */
    statuses: Record<string, number>;
}

/** One scored request as the metrics API sees it. */
export interface RequestSample {
    time: number;
    endpointId: string;
    deployment: string;
    /** The status the client got (424 for a model error). */
    status: number;
    /** The model container's status; undefined when the request never got an answer from it (429, 408). */
    modelStatus?: number;
    latencyMs: number;
    /** A copy sent by mirror traffic: its answer went nowhere. */
    mirrored: boolean;
}

export interface RequestLogEntry {
    readonly seq: number;
    readonly time: number;
    readonly method: string;
    readonly path: string;
    readonly query: string;
    status: number;
    fault?: string;
    /** The If-Match header, when the request carried one. */
    readonly ifMatch?: string;
    /** "arm", "data", "metrics" or "control". */
    readonly plane: string;
}

export class EmulatorState {
    readonly workspaces = new Map<string, WorkspaceRecord>();
    readonly endpoints = new Map<string, EndpointRecord>();
    readonly deployments = new Map<string, DeploymentRecord>();
    readonly operations = new Map<string, OperationRecord>();
    readonly jobs = new Map<string, JobRecord>();
    /** Batch output files already written (or being written) by earlier jobs, by location: the job and when. */
    readonly batchOutputs = new Map<string, { job: string; writtenAt: number }>();
    readonly samples: RequestSample[] = [];
    /** Load the emulator generates itself, request by request as its clock passes their times. */
    readonly loadRuns: LoadRun[] = [];
    /** Resource ids that answer 404 to the next N GETs (eventual consistency). */
    readonly hiddenAfterCreate = new Map<string, number>();
    readonly computes = new Map<string, ComputeRecord>();
    readonly datastores = new Map<string, DatastoreRecord>();
    /** Keyed by `assetKeyOf`: the workspace part lower-cased, asset names as sent. */
    readonly assetContainers = new Map<string, AssetContainerRecord>();
    readonly assetVersions = new Map<string, AssetVersionRecord>();
    private counter = 0;

    nextId(prefix: string): string {
        this.counter++;
        return `${prefix}-${this.counter.toString().padStart(6, "0")}`;
    }

    /** How many ids `nextId` has handed out (kept by snapshots, so restored ids never repeat). */
    get issuedIds(): number {
        return this.counter;
    }

    /** Continues numbering after `count` ids (restoring a snapshot); never goes back. */
    resumeIds(count: number): void {
        if (!Number.isInteger(count) || count < this.counter) {
            throw new Error(`cannot resume ids at ${count}: ${this.counter} are already issued`);
        }
        this.counter = count;
    }

    deploymentsOf(endpointId: string): DeploymentRecord[] {
        const key = endpointId.toLowerCase();
        return [...this.deployments.values()].filter((d) => d.endpointId.toLowerCase() === key);
    }
}

export const keyOf = (id: string) => id.toLowerCase();

/**
 * The key of an asset container or version: ARM ignores case up to the workspace, but the swagger says asset names
 * and versions are case-sensitive.
 */
export const assetKeyOf = (workspaceId: string, kind: AssetKind, name: string, version?: string): string =>
    `${keyOf(workspaceId)}/${kind}/${name}${version === undefined ? "" : `/versions/${version}`}`;
