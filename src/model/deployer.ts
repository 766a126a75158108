import { z } from "zod";
import { principalId } from "./common";
import {
    AZURE_AD_TOKEN_EXCHANGE_AUDIENCE,
    FederatedCredential,
    GITHUB_ACTIONS_ISSUER,
    azureDevOpsIssuer,
    azureDevOpsSubject,
    credentialName,
    githubSubject,
} from "./federatedCredential";
import { issueReporter } from "./problems";

/** Microsoft Entra ID holds at most 20 federated identity credentials per application. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** A name that goes into a subject between ':' or '/' delimiters: not empty, none of them, no whitespace. */
const subjectPart = (what: string) =>
    z
        .string()
        .min(1, { error: `${what} cannot be empty` })
        .max(255, { error: `${what} has at most 255 characters` })
        .regex(/^[^\s:]+$/, { error: `${what} holds no whitespace and no ':' (the subject's delimiter)` });

/** The workflows of one GitHub repository that may sign in as the deployer. */
export const githubFederationSpec = z
    .strictObject({
        /** `<owner>/<repository>`, as in the repository's URL. */
        repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
            error: "a repository reads <owner>/<repository>, for example contoso/ml-platform",
        }),
        /** Jobs that reference one of these deployment environments (subject `repo:<repo>:environment:<name>`). @default [] */
        environments: z.array(subjectPart("an environment name")).default([]),
        /** Workflows run on one of these branches, outside an environment (`repo:<repo>:ref:refs/heads/<branch>`). @default [] */
        branches: z.array(subjectPart("a branch name")).default([]),
        /** Workflows run on one of these tags, outside an environment (`repo:<repo>:ref:refs/tags/<tag>`). @default [] */
        tags: z.array(subjectPart("a tag name")).default([]),
        /** Workflows triggered by pull requests, outside an environment (`repo:<repo>:pull_request`). @default false */
        pullRequests: z.boolean().default(false),
    })
    .superRefine((g, ctx) => {
        if (g.environments.length + g.branches.length + g.tags.length === 0 && !g.pullRequests) {
            issueReporter(ctx)(
                [],
                g,
                "names no workflow: add environments, branches, tags or pullRequests: true (prefer environments: GitHub can require reviewers for them)",
            );
        }
    });

/** The Azure DevOps service connections (workload identity federation) that may sign in as the deployer. */
export const azureDevOpsFederationSpec = z.strictObject({
    /** The organization's name, as in https://dev.azure.com/<organization>. */
    organization: subjectPart("an organization name"),
    /** The organization's id (a GUID): the issuer is https://vstoken.dev.azure.com/<organization id>. */
    organizationId: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
        error: "the organization id is a GUID (Azure DevOps shows it as the issuer's last segment when you create a workload identity service connection)",
    }),
    /** The project that holds the service connections. */
    project: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[^/]+$/, { error: "a project name holds no '/'" }),
    /** Names of the Azure Resource Manager service connections. */
    serviceConnections: z
        .array(
            z
                .string()
                .min(1)
                .regex(/^[^/]+$/, { error: "a service connection name holds no '/'" }),
        )
        .min(1, { error: "name at least one service connection" }),
});

/** An existing Microsoft Entra principal to grant the deployer's roles to, instead of a new application. */
export const existingDeployerSpec = z.strictObject({
    /** Object id of the service principal (enterprise application) or managed identity. */
    principalId,
    /** Object id of its application registration: required to add federated credentials to it. @default - */
    applicationObjectId: principalId.optional(),
});

/**
 * The identity CI runs `pulumi up` with: a new Microsoft Entra application and service principal (or an existing
 * principal), the federated credentials that let GitHub Actions or Azure DevOps sign in as it without a secret, and
 * least-privilege roles for what this library's `up` does (see DeployerIdentity).
 */
export const deployerSpec = z
    .strictObject({
        /** Display name of the application. @default "<project>-<stack>-deployer" */
        displayName: z.string().min(1).max(120).optional(),
        /** Use an existing principal instead of creating an application. @default - (a new application) */
        existing: existingDeployerSpec.optional(),
        /** GitHub Actions workflows that may sign in as the deployer. @default [] */
        github: z.array(githubFederationSpec).default([]),
        /** Azure DevOps service connections that may sign in as the deployer. @default [] */
        azureDevOps: z.array(azureDevOpsFederationSpec).default([]),
    })
    .superRefine((d, ctx) => {
        const add = issueReporter(ctx);
        const credentials = deployerCredentials(d);
        if (credentials.length > MAX_FEDERATED_CREDENTIALS) {
            add(
                [],
                credentials.length,
                `Microsoft Entra ID holds at most ${MAX_FEDERATED_CREDENTIALS} federated credentials per application; this names ${credentials.length}, use fewer subjects (an environment covers every branch that deploys to it)`,
            );
        }
        if (d.existing !== undefined && d.existing.applicationObjectId === undefined && credentials.length > 0) {
            add(
                ["existing", "applicationObjectId"],
                undefined,
                "federated credentials belong to an application registration; give its object id, or remove github and azureDevOps",
            );
        }
        const subjects = new Set<string>();
        const names = new Set<string>();
        for (const c of credentials) {
            const key = `${c.issuer} ${c.subject}`;
            if (subjects.has(key)) {
                add([], c.subject, `two entries name the same subject (${c.subject}); list each once`);
            } else if (names.has(c.name.toLowerCase())) {
                add([], c.subject, `its credential name '${c.name}' is another subject's too; rename one of them`);
            }
            subjects.add(key);
            names.add(c.name.toLowerCase());
        }
    });

export type DeployerSpec = z.output<typeof deployerSpec>;
export type { DeployerSpecInput } from "./generated/deployer";

/** Every federated credential the settings name, GitHub first, in declaration order. */
export function deployerCredentials(d: Pick<DeployerSpec, "github" | "azureDevOps">): FederatedCredential[] {
    const github = d.github.flatMap((g) => {
        const credential = (kind: string, value: string, subject: string): FederatedCredential => ({
            name: credentialName("github", g.repository, kind, value),
            issuer: GITHUB_ACTIONS_ISSUER,
            subject,
            audience: AZURE_AD_TOKEN_EXCHANGE_AUDIENCE,
            description: `GitHub Actions: ${subject}`,
        });
        return [
            ...g.environments.map((e) => credential("env", e, githubSubject.environment(g.repository, e))),
            ...g.branches.map((b) => credential("branch", b, githubSubject.branch(g.repository, b))),
            ...g.tags.map((t) => credential("tag", t, githubSubject.tag(g.repository, t))),
            ...(g.pullRequests ? [credential("pr", "", githubSubject.pullRequest(g.repository))] : []),
        ];
    });
    const azureDevOps = d.azureDevOps.flatMap((a) =>
        a.serviceConnections.map((connection): FederatedCredential => ({
            name: credentialName("ado", a.organization, a.project, connection),
            issuer: azureDevOpsIssuer(a.organizationId),
            subject: azureDevOpsSubject(a.organization, a.project, connection),
            audience: AZURE_AD_TOKEN_EXCHANGE_AUDIENCE,
            description: `Azure DevOps service connection ${a.organization}/${a.project}/${connection}`,
        })),
    );
    return [...github, ...azureDevOps];
}
