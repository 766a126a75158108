import { ArmClient } from "../../azure/armClient";
import { ML_API_VERSION } from "../../azure/apiVersion";
import { StoredResource } from "./rehearsalState";

/** An online endpoint as the emulator serves it at the end of a rehearsal. */
export interface LiveEndpoint {
    readonly name: string;
    readonly traffic: Record<string, number>;
    readonly mirrorTraffic: Record<string, number>;
    readonly deployments: { name: string; provisioningState: string; instanceCount?: number }[];
}

export interface LiveJob {
    readonly name: string;
    /** The job's experiment (a batch endpoint's jobs are filed under the endpoint's name by default). */
    readonly experiment?: string;
    readonly status: string;
}

export interface LiveView {
    readonly onlineEndpoints: LiveEndpoint[];
    readonly batchJobs: LiveJob[];
}

type ArmList = { value?: Record<string, any>[] };

/** Reads every online endpoint's live and mirror traffic and deployments, and every batch job, from the emulator. */
export async function readLiveView(arm: ArmClient, resources: readonly StoredResource[]): Promise<LiveView> {
    const options = { apiVersion: ML_API_VERSION };
    const endpoints = resources.filter((r) => r.type === "azure-native:machinelearningservices:OnlineEndpoint");
    const onlineEndpoints: LiveEndpoint[] = [];
    for (const endpoint of endpoints) {
        const read = await arm.send("GET", endpoint.id, options);
        if (read.status !== 200) {
            continue;
        }
        const properties = (read.body as { properties?: Record<string, any> }).properties ?? {};
        const deployments = (await arm.request("GET", `${endpoint.id}/deployments`, options)).body as ArmList;
        onlineEndpoints.push({
            name: String((read.body as { name?: string }).name),
            traffic: properties.traffic ?? {},
            mirrorTraffic: properties.mirrorTraffic ?? {},
            deployments: (deployments.value ?? []).map((d) => ({
                name: String(d.name),
                provisioningState: String(d.properties?.provisioningState ?? "unknown"),
                ...(typeof d.sku?.capacity === "number" ? { instanceCount: d.sku.capacity } : {}),
            })),
        });
    }
    const workspaces = resources.filter((r) => r.type === "azure-native:machinelearningservices:Workspace");
    const batchJobs: LiveJob[] = [];
    for (const workspace of workspaces) {
        const jobs = await arm.send("GET", `${workspace.id}/jobs`, options);
        if (jobs.status !== 200) {
            continue;
        }
        for (const job of (jobs.body as ArmList).value ?? []) {
            const experiment = job.properties?.experimentName;
            batchJobs.push({
                name: String(job.name),
                status: String(job.properties?.status ?? "unknown"),
                ...(typeof experiment === "string" ? { experiment } : {}),
            });
        }
    }
    return { onlineEndpoints, batchJobs };
}
