import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import {
    AssetHandle,
    BatchEndpoint,
    Code,
    ComputeCluster,
    DeployerIdentity,
    EndpointCallerRoles,
    Environment,
    Model,
    OnlineEndpoint,
    Workspace,
    mergeTags,
    resourceGroupIdOf,
    workspaceResourceName,
} from "../components";
import {
    KUBERNETES_DEFAULT_INSTANCE_TYPE,
    PlatformSpec,
    SpecValidationError,
    imageBuildComputeKey,
    platformSpec,
    validate,
} from "../model";
import { batchJobInvocation } from "./batchJobInvocation";
import { localPathProblems } from "./preflight";
import { decodeEngineValue, projectConfig } from "./stackConfig";

/** What the platform program exports as stack outputs. */
export interface PlatformOutputs {
    readonly resourceGroupName: pulumi.Output<string>;
    readonly workspaceName: pulumi.Output<string>;
    readonly workspaceId: pulumi.Output<string>;
    readonly computes: Record<string, pulumi.Output<string>>;
    /** azureml:<name>:<version> of each model, code and environment, by config key. */
    readonly assets: Record<"models" | "codes" | "environments", Record<string, pulumi.Output<string>>>;
    /** Scoring URI of each online endpoint, and its keys (secrets) for key auth. */
    readonly onlineEndpoints: Record<string, { scoringUri: pulumi.Output<string>; primaryKey?: pulumi.Output<string> }>;
    /** Scoring URI (where jobs are started) of each batch endpoint, and its default deployment. */
    readonly batchEndpoints: Record<string, { scoringUri: pulumi.Output<string>; defaultDeployment?: string }>;
    /** Each batch job's name in Azure ML, status, output folder and studio link. */
    readonly batchJobs: Record<
        string,
        {
            jobName: pulumi.Output<string>;
            status: pulumi.Output<string>;
            outputUri: pulumi.Output<string>;
            studioUrl: pulumi.Output<string>;
        }
    >;
    /** The deployer identity's client id (for azure/login or the service connection) and principal id. */
    readonly deployer?: { clientId: pulumi.Output<string | undefined>; principalId: pulumi.Output<string> };
}

/**
 * Validates the running stack's configuration, and that its local asset paths exist (relative to the project
 * directory, where `pulumi up` runs the program); throws SpecValidationError listing every problem.
 */
export function readPlatformSpec(project = pulumi.getProject()): PlatformSpec {
    const entries: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(pulumi.runtime.allConfig())) {
        entries[key] = decodeEngineValue(raw);
    }
    const subject = `stack "${pulumi.getStack()}" configuration`;
    const { config, problems } = projectConfig(project, entries);
    const result = validate(platformSpec, config, `${project}:`);
    if (!result.ok) {
        throw new SpecValidationError(subject, [...problems, ...result.problems]);
    }
    const missing = [...problems, ...localPathProblems(result.value, process.cwd(), `${project}:`)];
    if (missing.length > 0) {
        throw new SpecValidationError(subject, missing);
    }
    return result.value;
}

/** Builds the platform from a validated spec: resource group, workspace and its dependencies, compute. */
export function deployPlatform(spec: PlatformSpec): PlatformOutputs {
    const stackName = `${pulumi.getProject()}-${pulumi.getStack()}`;
    const tags = mergeTags({ "managed-by": "pulumi", "pulumi-stack": stackName }, spec.tags);

    const resourceGroupName = spec.resourceGroup.name ?? stackName;
    const resourceGroup = spec.resourceGroup.existing
        ? pulumi.output(resourceGroupName)
        : new resources.ResourceGroup(resourceGroupName, { resourceGroupName, location: spec.location, tags }).name;

    const { publicNetworkAccess, ...workspaceSettings } = spec.workspace;
    // Config names computes by key; the workspace takes the compute's name in Azure.
    const imageBuildKey = imageBuildComputeKey(spec.workspace, spec.computes);
    const workspace = new Workspace(workspaceResourceName(spec.workspace.name ?? stackName), {
        ...workspaceSettings,
        publicNetworkAccess,
        imageBuildCompute:
            imageBuildKey !== undefined ? (spec.computes[imageBuildKey]?.name ?? imageBuildKey) : undefined,
        resourceGroupName: resourceGroup,
        location: spec.location,
        tags,
    });

    const computes: Record<string, pulumi.Output<string>> = {};
    const clusters: Record<string, ComputeCluster> = {};
    for (const [key, compute] of Object.entries(spec.computes)) {
        const cluster = new ComputeCluster(key, {
            ...compute,
            name: compute.name ?? key,
            workspaceName: workspace.workspaceName,
            resourceGroupName: resourceGroup,
            location: spec.location,
            tags,
        });
        computes[key] = cluster.computeName;
        clusters[key] = cluster;
    }

    // Asset paths are relative to the project directory, where `pulumi up` runs the program.
    const where = { workspaceName: workspace.workspaceName, resourceGroupName: resourceGroup };
    const handles: Record<"models" | "codes" | "environments", Record<string, AssetHandle>> = {
        models: {},
        codes: {},
        environments: {},
    };
    for (const [key, model] of Object.entries(spec.models)) {
        handles.models[key] = new Model(key, { ...model, name: model.name ?? key, ...where });
    }
    for (const [key, code] of Object.entries(spec.codes)) {
        handles.codes[key] = new Code(key, { ...code, name: code.name ?? key, ...where });
    }
    for (const [key, environment] of Object.entries(spec.environments)) {
        handles.environments[key] = new Environment(key, { ...environment, name: environment.name ?? key, ...where });
    }
    const references = (family: keyof typeof handles) =>
        Object.fromEntries(Object.entries(handles[family]).map(([key, h]) => [key, h.reference]));
    const assets: PlatformOutputs["assets"] = {
        models: references("models"),
        codes: references("codes"),
        environments: references("environments"),
    };

    // One set of caller roles for the stack, defined in its resource group: created when an endpoint has callers or a
    // deployer is declared (whose ABAC condition names them, so callers added later need no new role definition).
    const wantsCallers = [...Object.values(spec.onlineEndpoints), ...Object.values(spec.batchEndpoints)].some(
        (e) => e.callers.length > 0,
    );
    const resourceGroupId = resourceGroupIdOf(workspace.workspaceId);
    const callerRoles =
        wantsCallers || spec.deployer !== undefined
            ? new EndpointCallerRoles("endpoint-callers", { scope: resourceGroupId }).roleIds
            : undefined;

    // Deployments name assets by config key, or by a registered azureml:<name>:<version> (kept as it is).
    const asset = (family: keyof typeof handles, value: string | undefined) =>
        value === undefined ? undefined : (handles[family][value] ?? value);
    const withAssets = <D extends { model?: string; code?: string; environment?: string }>(d: D) => ({
        ...d,
        model: asset("models", d.model),
        code: asset("codes", d.code),
        environment: asset("environments", d.environment),
    });
    // Environment images of a private workspace build on its image-build cluster, so deployments wait for it.
    const imageBuilder = imageBuildKey !== undefined ? clusters[imageBuildKey] : undefined;
    const onlineEndpoints: PlatformOutputs["onlineEndpoints"] = {};
    for (const [key, endpointSpec] of Object.entries(spec.onlineEndpoints)) {
        const { deployments, compute, ...settings } = endpointSpec;
        const cluster = compute !== undefined ? spec.computes[compute] : undefined;
        // "defaultinstancetype" stands for the cluster's default, which an attached compute may name itself.
        const instanceType = (d: { instanceType?: string }) =>
            d.instanceType === KUBERNETES_DEFAULT_INSTANCE_TYPE && cluster?.type === "kubernetes"
                ? (cluster.defaultInstanceType ?? d.instanceType)
                : d.instanceType;
        const endpoint = new OnlineEndpoint(
            key,
            {
                ...settings,
                compute: compute !== undefined ? (spec.computes[compute]?.name ?? compute) : undefined,
                workspace,
                callerRoles,
                location: spec.location,
                tags: mergeTags(tags, settings.tags),
                deployments: Object.fromEntries(
                    Object.entries(deployments).map(([name, d]) => [
                        name,
                        { ...withAssets(d), instanceType: instanceType(d) },
                    ]),
                ),
            },
            { dependsOn: imageBuilder !== undefined ? [imageBuilder] : [] },
        );
        onlineEndpoints[key] = {
            scoringUri: endpoint.scoringUri,
            ...(endpoint.primaryKey !== undefined ? { primaryKey: endpoint.primaryKey } : {}),
        };
    }

    const batchEndpoints: PlatformOutputs["batchEndpoints"] = {};
    const batchEndpointComponents: Record<string, BatchEndpoint> = {};
    for (const [key, endpointSpec] of Object.entries(spec.batchEndpoints)) {
        const { deployments, ...settings } = endpointSpec;
        const endpoint = new BatchEndpoint(
            key,
            {
                ...settings,
                workspace,
                callerRoles,
                location: spec.location,
                tags: mergeTags(tags, settings.tags),
                deployments: Object.fromEntries(
                    Object.entries(deployments).map(([name, d]) => [
                        name,
                        // A compute key of this stack is its cluster (the deployment waits for it); else a name.
                        { ...withAssets(d), compute: clusters[d.compute] ?? d.compute },
                    ]),
                ),
            },
            { dependsOn: imageBuilder !== undefined ? [imageBuilder] : [] },
        );
        batchEndpointComponents[key] = endpoint;
        batchEndpoints[key] = {
            scoringUri: endpoint.scoringUri,
            ...(endpoint.defaultDeployment !== undefined ? { defaultDeployment: endpoint.defaultDeployment } : {}),
        };
    }

    const batchJobs: PlatformOutputs["batchJobs"] = {};
    for (const [key, job] of Object.entries(spec.batchJobs)) {
        // The schema checked that the endpoint and deployment are this stack's.
        const invocation = batchEndpointComponents[job.endpoint].invoke(key, batchJobInvocation(job));
        batchJobs[key] = {
            jobName: invocation.jobName,
            status: invocation.status,
            outputUri: invocation.outputUri,
            studioUrl: invocation.studioUrl,
        };
    }

    const deployer =
        spec.deployer !== undefined
            ? new DeployerIdentity("deployer", {
                  ...spec.deployer,
                  resourceGroupId,
                  blobDataScope: workspace.storageAccountId,
                  assignableRoles: callerRoles !== undefined ? Object.values(callerRoles) : [],
              })
            : undefined;

    return {
        resourceGroupName: resourceGroup,
        workspaceName: workspace.workspaceName,
        workspaceId: workspace.workspaceId,
        computes,
        assets,
        onlineEndpoints,
        batchEndpoints,
        batchJobs,
        ...(deployer !== undefined
            ? { deployer: { clientId: deployer.clientId, principalId: deployer.principalId } }
            : {}),
    };
}
