/** A problem found by a rule shared between entity schemas, the components and the providers, before it is reported. */
export interface RuleIssue {
    readonly path: (string | number)[];
    readonly input: unknown;
    readonly message: string;
}
