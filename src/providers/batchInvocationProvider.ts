import type * as pulumi from "@pulumi/pulumi";
import { checkBatchInvocation, diffBatchInvocation } from "./batchInvocationChecks";
import type { BatchInvocationProps } from "./batchInvocationProps";
import { readBatchInvocation, runBatchInvocation } from "./batchInvocationRuntime";
import { UNKNOWN_VALUE } from "./unknownValue";

/**
 * A batch invocation as the provider host runs it: create and update start the invocation's job (or find the one
 * a retried or killed run started) and wait for it; diff decides when a new job is due; delete leaves everything
 * in place; read refreshes the job's status.
 */
export const batchInvocationProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: BatchInvocationProps, news: BatchInvocationProps) {
        return { inputs: news, failures: checkBatchInvocation(news) };
    },

    async diff(_id: string, olds: BatchInvocationProps, news: BatchInvocationProps) {
        const { changes, replaces, deleteBeforeReplace, changed } = diffBatchInvocation(olds, news);
        if (changes) {
            // A preview line: the endpoint is named when it is known (a new endpoint's id is not, yet).
            const label = news.endpointId !== UNKNOWN_VALUE ? news.endpointId : "batch invocation";
            console.warn(`${label}: a new batch job is due: ${changed.join(", ")} changed`);
        }
        return { changes, replaces, deleteBeforeReplace };
    },

    /** The resource's id is the name of the job its create started; `jobName` names the latest. */
    async create(inputs: BatchInvocationProps) {
        const outputs = await runBatchInvocation(inputs);
        return { id: outputs.jobName, outs: { ...inputs, ...outputs } };
    },

    async update(_id: string, _olds: BatchInvocationProps, news: BatchInvocationProps) {
        return { outs: { ...news, ...(await runBatchInvocation(news)) } };
    },

    /**
     * Deleting the resource calls nothing: the jobs it started and their outputs stay in the workspace (jobs are
     * history, outputs are results), and a job still running runs to its end. Cancel one with `az ml job cancel`.
     */
    async delete(_id: string, props: BatchInvocationProps) {
        if (props.jobName !== undefined) {
            console.warn(
                `${props.endpointId}: leaving batch job ${props.jobName} and its outputs in place; deleting this resource cancels and deletes nothing`,
            );
        }
    },

    async read(id: string, props: BatchInvocationProps) {
        return { id, props: await readBatchInvocation(props) };
    },
};
