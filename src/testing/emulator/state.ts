/** The emulator's in-memory model of Azure ML resources. Keys are lower-cased ARM ids (ARM ignores case). */

export type Outcome = "Succeeded" | "Failed" | "Canceled";

/** How a deployment behaves when scored, so that a bad new deployment can be simulated. */
export interface DeploymentBehaviour {
    /** Latency recorded for each request, in ms. @default 20 */
    latencyMs: number;
    /** Share of requests answered with 500, 0–1, spread evenly (deterministic). @default 0 */
    errorRate: number;
    /** Actually wait latencyMs before answering. @default false */
    realDelay: boolean;
    /** How batch jobs on this deployment end. @default "Completed" */
    batchOutcome: "Completed" | "Failed";
}

export const DEFAULT_BEHAVIOUR: DeploymentBehaviour = { latencyMs: 20, errorRate: 0, realDelay: false, batchOutcome: "Completed" };

export interface WorkspaceRecord {
    id: string;
    name: string;
    location: string;
    body: Record<string, any>;
    softDeleted: boolean;
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
    busyState: "Creating" | "Updating" | "Deleting";
    outcome: Outcome;
    behaviour: DeploymentBehaviour;
    served: number;
    failed: number;
}

export interface OperationRecord {
    id: string;
    /** The resource the operation acts on. */
    resourceId: string;
    action: "create" | "update" | "delete" | "regenerateKeys";
    doneAt: number;
    outcome: Outcome;
    error?: { code: string; message: string };
    applied: boolean;
}

export interface JobRecord {
    id: string;
    name: string;
    workspaceId: string;
    endpointId: string;
    deployment: string;
    createdAt: number;
    startAt: number;
    endAt: number;
    outcome: "Completed" | "Failed";
    canceledAt?: number;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** One scored request as the metrics API sees it. */
export interface RequestSample {
    time: number;
    endpointId: string;
    deployment: string;
    status: number;
    latencyMs: number;
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
    readonly samples: RequestSample[] = [];
    /** Resource ids that answer 404 to the next N GETs (eventual consistency). */
    readonly hiddenAfterCreate = new Map<string, number>();
    /** Paths whose next long-running operation ends Failed. */
    private counter = 0;

    nextId(prefix: string): string {
        this.counter++;
        return `${prefix}-${this.counter.toString().padStart(6, "0")}`;
    }

    deploymentsOf(endpointId: string): DeploymentRecord[] {
        const key = endpointId.toLowerCase();
        return [...this.deployments.values()].filter((d) => d.endpointId.toLowerCase() === key);
    }
}

export const keyOf = (id: string) => id.toLowerCase();
