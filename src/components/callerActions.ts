/**
 * What the callers of an endpoint are granted, action by action, with the reason each is there. No wildcards: every
 * action is one Microsoft documents for invoking an endpoint (sources in docs/decisions.md, "Identity and access").
 */

/** One Azure RBAC action and why it is granted. */
export interface GrantedAction {
    readonly action: string;
    readonly why: string;
}

const ML = "Microsoft.MachineLearningServices/workspaces";

/**
 * Online endpoint callers, at the endpoint's scope. `score/action` is the data-plane action an aad_token endpoint
 * checks on every request; `token/action` is how an aml_token caller gets its token (getToken). The other actions
 * Microsoft's scoring example reaches with `onlineEndpoints/*\/action` (listKeys, regenerateKeys) are left out: keys
 * are what this grant replaces.
 */
export const ONLINE_CALLER_ACTIONS: readonly GrantedAction[] = [
    { action: `${ML}/onlineEndpoints/score/action`, why: "score on an aad_token endpoint (data plane)" },
    { action: `${ML}/onlineEndpoints/token/action`, why: "get an Azure ML token to score on an aml_token endpoint" },
];

/**
 * Batch endpoint callers, the part at the endpoint's scope: Microsoft's list for invoking a batch endpoint
 * ("Configure RBAC for batch endpoints invoke"), restricted to the actions under `batchEndpoints/`. The list includes
 * the endpoint's and deployments' write actions; they are kept because Microsoft lists them as needed to invoke, and
 * they reach no further than this one endpoint.
 */
export const BATCH_CALLER_ENDPOINT_ACTIONS: readonly GrantedAction[] = [
    { action: `${ML}/batchEndpoints/read`, why: "read the endpoint" },
    { action: `${ML}/batchEndpoints/write`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/batchEndpoints/deployments/read`, why: "read the deployment a job runs on" },
    { action: `${ML}/batchEndpoints/deployments/write`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/batchEndpoints/deployments/jobs/write`, why: "start a job on a named deployment" },
    { action: `${ML}/batchEndpoints/jobs/write`, why: "start a job on the default deployment" },
];

/**
 * Batch endpoint callers, the part at the workspace's scope: the rest of Microsoft's list. A batch job is a
 * workspace job: it reads and writes datastores and data assets, creates an experiment run, reads the deployment's
 * model and environment, and reads the compute it runs on.
 */
export const BATCH_CALLER_WORKSPACE_ACTIONS: readonly GrantedAction[] = [
    { action: `${ML}/read`, why: "read the workspace" },
    { action: `${ML}/data/versions/write`, why: "register the job's input and output data" },
    { action: `${ML}/datasets/registered/read`, why: "read registered data inputs" },
    { action: `${ML}/datasets/registered/write`, why: "register data inputs" },
    { action: `${ML}/datasets/unregistered/read`, why: "read unregistered data inputs" },
    { action: `${ML}/datasets/unregistered/write`, why: "create unregistered data inputs" },
    { action: `${ML}/datastores/read`, why: "resolve input and output datastores" },
    { action: `${ML}/datastores/write`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/datastores/listsecrets/action`, why: "read data through a credential-based datastore" },
    { action: `${ML}/listStorageAccountKeys/action`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/computes/read`, why: "read the cluster the job runs on" },
    { action: `${ML}/computes/listKeys/action`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/metadata/secrets/read`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/metadata/snapshots/read`, why: "read the scoring code snapshot" },
    { action: `${ML}/metadata/artifacts/read`, why: "read job artifacts" },
    { action: `${ML}/metadata/artifacts/write`, why: "write job artifacts" },
    { action: `${ML}/experiments/read`, why: "read the job's experiment" },
    { action: `${ML}/experiments/runs/submit/action`, why: "submit the job's run" },
    { action: `${ML}/experiments/runs/read`, why: "read the job's run" },
    { action: `${ML}/experiments/runs/write`, why: "update the job's run" },
    { action: `${ML}/metrics/resource/write`, why: "write the run's metrics" },
    { action: `${ML}/modules/read`, why: "read pipeline modules" },
    { action: `${ML}/models/read`, why: "read the deployment's model" },
    { action: `${ML}/endpoints/pipelines/read`, why: "read the job's pipeline" },
    { action: `${ML}/endpoints/pipelines/write`, why: "create the job's pipeline" },
    { action: `${ML}/environments/read`, why: "read the deployment's environment" },
    { action: `${ML}/environments/write`, why: "listed by Microsoft as needed to invoke" },
    { action: `${ML}/environments/build/action`, why: "build the environment's image when needed" },
    { action: `${ML}/environments/readSecrets/action`, why: "listed by Microsoft as needed to invoke" },
];

/** The actions of a list, as a role definition takes them. */
export function actionsOf(list: readonly GrantedAction[]): string[] {
    return list.map((a) => a.action);
}
