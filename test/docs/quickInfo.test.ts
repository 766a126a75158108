import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/stackFiles";

/**
 * What an editor shows for a component's arguments, as users get them: the package's declarations (what `npm run
 * build` writes under dist/src, emitted here into memory so that nothing is written and the sources are what is
 * checked), read by the TypeScript language service for a program that imports `@azureml-pulumi/components`.
 * Every sampled argument shows its doc and, where the schema states one, its default.
 */

/** Where the declarations would be written: never on disk, only the directory module resolution walks from. */
const DECLARATIONS = path.join(REPO_ROOT, ".quickinfo-declarations");

/** The package's declarations, as `npm run build` emits them (tsconfig.build.json), by absolute path. */
function emitDeclarations(): Map<string, string> {
    const configPath = path.join(REPO_ROOT, "tsconfig.build.json");
    const config = ts.getParsedCommandLineOfConfigFile(
        configPath,
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        },
    )!;
    const options: ts.CompilerOptions = {
        ...config.options,
        outDir: DECLARATIONS,
        declaration: true,
        emitDeclarationOnly: true,
        sourceMap: false,
        declarationMap: false,
    };
    const program = ts.createProgram([path.join(REPO_ROOT, "src", "index.ts")], options);
    const declarations = new Map<string, string>();
    const result = program.emit(undefined, (name, text) => declarations.set(path.resolve(name), text));
    expect(result.emitSkipped).toBe(false);
    return declarations;
}

/**
 * A program as a user writes it. `/*@name*\/` marks an argument whose quick info is read; the names are those of
 * EXPECTED below.
 */
const SAMPLE = `
import {
    BatchDeployment,
    BatchEndpoint,
    Code,
    ComputeCluster,
    DeployerIdentity,
    EndpointCallers,
    Environment,
    Model,
    OnlineDeployment,
    OnlineEndpoint,
    Workspace,
} from "@azureml-pulumi/components";

const workspace = new Workspace("ml", {
    resourceGroupName: "rg",
    /*@workspace.location*/location: "westeurope",
    /*@workspace.publicNetworkAccess*/publicNetworkAccess: "Enabled",
    /*@workspace.managedNetwork*/managedNetwork: "Disabled",
    /*@workspace.purgeOnDestroy*/purgeOnDestroy: true,
    keyVault: { /*@workspace.keyVault.softDeleteRetentionDays*/softDeleteRetentionDays: 7 },
});
const where = { workspaceName: workspace.workspaceName, resourceGroupName: "rg" };

const cluster = new ComputeCluster("cpu", {
    ...where,
    type: "amlCompute",
    /*@compute.vmSize*/vmSize: "Standard_DS3_v2",
    /*@compute.maxNodes*/maxNodes: 2,
    /*@compute.idleSecondsBeforeScaleDown*/idleSecondsBeforeScaleDown: 300,
});

const model = new Model("credit", {
    ...where,
    /*@model.path*/path: "./model",
    /*@model.type*/type: "mlflow_model",
    /*@model.upload*/upload: { /*@model.upload.maxConcurrency*/maxConcurrency: 8 },
});
const code = new Code("score", {
    ...where,
    /*@code.path*/path: "./src",
    /*@code.retainOnDestroy*/retainOnDestroy: false,
});
const environment = new Environment("runtime", {
    ...where,
    /*@environment.image*/image: "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest",
    /*@environment.osType*/osType: "Linux",
});

const endpoint = new OnlineEndpoint("credit", {
    workspace,
    /*@endpoint.authMode*/authMode: "aad_token",
    /*@endpoint.publicNetworkAccess*/publicNetworkAccess: "Disabled",
    /*@endpoint.keyVaultAccess*/keyVaultAccess: false,
    deployments: {
        blue: {
            model,
            code,
            scoringScript: "score.py",
            environment,
            /*@endpoint.deployments.instanceType*/instanceType: "Standard_DS3_v2",
        },
    },
    /*@endpoint.traffic*/traffic: { blue: 100 },
    /*@endpoint.rollout*/rollout: { /*@endpoint.rollout.bakeSeconds*/bakeSeconds: 600 },
});
new OnlineDeployment("green", {
    endpoint: endpoint.ref,
    model,
    code,
    scoringScript: "score.py",
    environment,
    /*@deployment.instanceType*/instanceType: "Standard_DS3_v2",
    /*@deployment.instanceCount*/instanceCount: 2,
    requestSettings: { /*@deployment.requestSettings.requestTimeoutMs*/requestTimeoutMs: 10000 },
    livenessProbe: { /*@deployment.livenessProbe.periodSeconds*/periodSeconds: 20 },
    /*@deployment.environmentVariables*/environmentVariables: { LOG_LEVEL: "info" },
});

const batch = new BatchEndpoint("nightly", {
    workspace,
    /*@batchEndpoint.authMode*/authMode: "aad_token",
    deployments: {
        main: {
            model,
            compute: cluster,
            /*@batchEndpoint.deployments.miniBatchSize*/miniBatchSize: 20,
        },
    },
    /*@batchEndpoint.defaultDeployment*/defaultDeployment: "main",
});
new BatchDeployment("second", {
    endpoint: batch.ref,
    model,
    compute: cluster,
    /*@batchDeployment.instanceCount*/instanceCount: 2,
    /*@batchDeployment.outputAction*/outputAction: "summary_only",
    retrySettings: { /*@batchDeployment.retrySettings.maxRetries*/maxRetries: 1 },
});

new DeployerIdentity("ci", {
    /*@deployer.resourceGroupId*/resourceGroupId: "/subscriptions/0/resourceGroups/rg",
    /*@deployer.github*/github: [{ repository: "contoso/ml", /*@deployer.github.environments*/environments: ["prod"] }],
});
new EndpointCallers("callers", {
    endpoint: { kind: "online", endpointId: "id", authMode: "aad_token" },
    /*@callers.callers*/callers: [{ principalId: "p", /*@callers.principalType*/principalType: "ServicePrincipal" }],
    /*@callers.roles*/roles: undefined,
});
`;

/** Per marked argument: text its doc contains, and text its default contains (undefined: it states none). */
const EXPECTED: Record<string, { doc: string; default?: string }> = {
    "workspace.location": { doc: "Azure region.", default: "the azure-native provider's location" },
    "workspace.publicNetworkAccess": { doc: "Whether the workspace is reachable from public networks" },
    "workspace.managedNetwork": { doc: "Managed network isolation.", default: '"Disabled"' },
    "workspace.purgeOnDestroy": { doc: "Purge instead of soft-delete on destroy", default: "false" },
    "workspace.keyVault.softDeleteRetentionDays": { doc: "Days a deleted vault stays recoverable", default: "90" },
    "compute.vmSize": { doc: "VM size, for example Standard_DS3_v2" },
    "compute.maxNodes": { doc: "Most nodes the cluster scales out to", default: "1" },
    "compute.idleSecondsBeforeScaleDown": { doc: "Seconds a node stays idle", default: "120" },
    "model.path": { doc: "Local file or folder, https URL, or azureml://datastores/" },
    "model.type": { doc: "mlflow_model and triton_model deploy without a scoring script", default: '"custom_model"' },
    "model.upload": { doc: "How local content is uploaded", default: "Entra ID, 4 files at once" },
    "model.upload.maxConcurrency": { doc: "Files uploaded at once", default: "4" },
    "code.path": { doc: "Local folder, https URL" },
    "code.retainOnDestroy": { doc: "Keep the registered container and versions on destroy", default: "true" },
    "environment.image": { doc: "Base image. Exactly one of image and build.", default: "none" },
    "environment.osType": { doc: "Operating system of the image", default: '"Linux"' },
    "endpoint.authMode": { doc: "How clients authenticate to score", default: '"aad_token" on managed endpoints' },
    "endpoint.publicNetworkAccess": {
        doc: "Whether the scoring URI is reachable from public networks",
        default: "the workspace's publicNetworkAccess",
    },
    "endpoint.keyVaultAccess": { doc: "Let deployments read Key Vault secrets", default: "false" },
    "endpoint.deployments.instanceType": { doc: "VM SKU for managed deployments", default: '"defaultinstancetype"' },
    "endpoint.traffic": { doc: "Live traffic percentages by deployment", default: "{}" },
    "endpoint.rollout": { doc: "How traffic changes roll out", default: "all at once" },
    "endpoint.rollout.bakeSeconds": { doc: "Seconds each step bakes", default: "300" },
    "deployment.instanceType": { doc: "VM SKU for managed deployments (Standard_DS3_v2)" },
    "deployment.instanceCount": { doc: "Instances that serve the deployment", default: "1" },
    "deployment.requestSettings.requestTimeoutMs": { doc: "Scoring timeout in milliseconds", default: "5000" },
    "deployment.livenessProbe.periodSeconds": { doc: "Seconds between probes", default: "10" },
    "deployment.environmentVariables": { doc: "Environment variables passed to a container" },
    "batchEndpoint.authMode": { doc: "Microsoft Entra tokens only", default: '"aad_token"' },
    "batchEndpoint.deployments.miniBatchSize": { doc: "Files per mini batch", default: "10" },
    "batchEndpoint.defaultDeployment": { doc: "The deployment a job runs on", default: "the only deployment" },
    "batchDeployment.instanceCount": { doc: "Nodes per job", default: "1" },
    "batchDeployment.outputAction": { doc: "append_row gathers outputs into one file", default: '"append_row"' },
    "batchDeployment.retrySettings.maxRetries": { doc: "Retries of a failed mini batch" },
    "deployer.resourceGroupId": { doc: "Id of the resource group the stacks it deploys live in" },
    "deployer.github": { doc: "GitHub Actions workflows that may sign in as the deployer", default: "[]" },
    "deployer.github.environments": { doc: "deployment environments", default: "[]" },
    "callers.callers": { doc: "The principals allowed to invoke the endpoint" },
    "callers.principalType": { doc: "A managed identity is a `ServicePrincipal`" },
    "callers.roles": { doc: "The custom roles to grant", default: "roles of its own" },
};

describe("quick info on the published declarations", () => {
    let service: ts.LanguageService;
    const sampleFile = path.join(DECLARATIONS, "sample", "index.ts");

    beforeAll(() => {
        const declarations = emitDeclarations();
        const files = new Map([...declarations, [sampleFile, SAMPLE]]);
        const options: ts.CompilerOptions = {
            strict: true,
            noEmit: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
            esModuleInterop: true,
            skipLibCheck: true,
            types: ["node"],
            // The package's own name, resolved to its published entry as package.json's "types" names it.
            paths: { "@azureml-pulumi/components": [path.join(DECLARATIONS, "src", "index.d.ts")] },
        };
        const isVirtualDirectory = (dir: string) => {
            const prefix = path.resolve(dir) + path.sep;
            return [...files.keys()].some((f) => f.startsWith(prefix));
        };
        const host: ts.LanguageServiceHost = {
            getCompilationSettings: () => options,
            getScriptFileNames: () => [sampleFile],
            getScriptVersion: () => "1",
            getScriptSnapshot: (name) => {
                const text = files.get(path.resolve(name)) ?? ts.sys.readFile(name);
                return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
            },
            getCurrentDirectory: () => REPO_ROOT,
            getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
            fileExists: (name) => files.has(path.resolve(name)) || ts.sys.fileExists(name),
            readFile: (name) => files.get(path.resolve(name)) ?? ts.sys.readFile(name),
            directoryExists: (dir) => isVirtualDirectory(dir) || ts.sys.directoryExists(dir),
            getDirectories: (dir) => ts.sys.getDirectories(dir),
        };
        service = ts.createLanguageService(host, ts.createDocumentRegistry());
        // Builds and checks the program now, within this hook's time, rather than in the first test.
        service.getSemanticDiagnostics(sampleFile);
    }, 180_000);

    it("reads the package's declarations: the sample compiles against them, and none comes from the sources", () => {
        expect(fs.existsSync(DECLARATIONS)).toBe(false);
        const problems = [
            ...service.getSyntacticDiagnostics(sampleFile),
            ...service.getSemanticDiagnostics(sampleFile),
        ];
        expect(problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
        const program = service.getProgram()!;
        const fromSources = program
            .getSourceFiles()
            .map((f) => path.relative(REPO_ROOT, f.fileName))
            .filter((f) => f.startsWith(`src${path.sep}`));
        expect(fromSources).toEqual([]);
        expect(program.getSourceFile(path.join(DECLARATIONS, "src", "model", "generated", "model.d.ts"))).toBeDefined();
    });

    it("shows the doc and the default of at least 20 arguments across every component", () => {
        const markers = [...SAMPLE.matchAll(/\/\*@([\w.]+)\*\//g)].map((m) => ({
            name: m[1],
            position: m.index! + m[0].length,
        }));
        expect(markers.map((m) => m.name).sort()).toEqual(Object.keys(EXPECTED).sort());
        expect(markers.length).toBeGreaterThanOrEqual(20);
        const components = new Set(markers.map((m) => m.name.split(".")[0]));
        expect(components.size).toBe(11);
        const shown = markers.map(({ name, position }) => {
            const info = service.getQuickInfoAtPosition(sampleFile, position);
            const defaultTag = info?.tags?.find((t) => t.name === "default");
            return {
                name,
                doc: ts.displayPartsToString(info?.documentation),
                default: defaultTag === undefined ? undefined : ts.displayPartsToString(defaultTag.text),
            };
        });
        for (const { name, doc, default: stated } of shown) {
            const expected = EXPECTED[name];
            expect({ name, doc }).toEqual({ name, doc: expect.stringContaining(expected.doc) });
            if (expected.default !== undefined) {
                expect({ name, default: stated }).toEqual({ name, default: expect.stringContaining(expected.default) });
            }
        }
    });
});
