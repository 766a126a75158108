/** What both programs of `npm run bench:stack` share: the project and stack they run as, and endpoint names. */

export const BENCH_PROJECT = "azureml-platform";
export const BENCH_STACK = "prod";

/** Name of the i-th online endpoint (0-based): credit-prod-1, credit-prod-2, … */
export function endpointName(index: number): string {
    return `credit-prod-${index + 1}`;
}
