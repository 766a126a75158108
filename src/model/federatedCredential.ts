/**
 * The federated identity credentials a deployer identity trusts, as Microsoft Entra ID stores them: issuer, subject
 * and audience. Pure data, derived from the validated `deployer` settings (see deployer.ts); the sources and their
 * formats are cited in docs/decisions.md ("Identity and access").
 */

/** The audience Microsoft Entra ID expects in an exchanged token (Microsoft's recommended value for Azure). */
export const AZURE_AD_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** The issuer of GitHub Actions' OIDC tokens (github.com; GitHub Enterprise Server has its own). */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** The Azure DevOps issuer of a service connection's tokens: `https://vstoken.dev.azure.com/<organization id>`. */
export function azureDevOpsIssuer(organizationId: string): string {
    return `https://vstoken.dev.azure.com/${organizationId}`;
}

/** One federated identity credential: the app trusts tokens with this issuer, subject and audience. */
export interface FederatedCredential {
    /** Unique per application (3–120 letters, digits, '-' and '_'): also the child resource's name suffix. */
    readonly name: string;
    readonly issuer: string;
    readonly subject: string;
    readonly audience: string;
    readonly description: string;
}

/** A credential name from its parts: letters, digits and '-' only, at most 120 characters. */
export function credentialName(...parts: string[]): string {
    return parts
        .join("-")
        .replace(/[^A-Za-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 120);
}

/** GitHub Actions subjects, in the default subject format GitHub documents. */
export const githubSubject = {
    environment: (repository: string, environment: string) => `repo:${repository}:environment:${environment}`,
    branch: (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`,
    tag: (repository: string, tag: string) => `repo:${repository}:ref:refs/tags/${tag}`,
    pullRequest: (repository: string) => `repo:${repository}:pull_request`,
};

/** An Azure DevOps service connection's subject: `sc://<organization>/<project>/<service connection name>`. */
export function azureDevOpsSubject(organization: string, project: string, serviceConnection: string): string {
    return `sc://${organization}/${project}/${serviceConnection}`;
}
