import { validateStackFile } from "../../src/cli/validateCommand";
import { shippedConfig, writeStack } from "../support/stackFiles";

type Config = Record<string, any>;
const P = "azureml-platform";
const uai = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ml";

/** Sets a key as YAML and JSON parsing do: an own property, even for "__proto__" (plain assignment would not). */
function own(target: Config, key: string, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
const invalidEndpoint = { kind: "serverless", deployments: { x: {} } };

/** Each case breaks the shipped dev stack in one way and names the key path and words the problem must carry. */
const cases: [string, (c: Config) => void, string, string][] = [
    ["missing location", (c) => delete c[`${P}:location`], `${P}:location`, "is required"],
    [
        "location with capitals",
        (c) => (c[`${P}:location`] = "West Europe"),
        `${P}:location`,
        "Azure regions are lower-case letters and digits",
    ],
    ["misspelt top-level key", (c) => (c[`${P}:workspce`] = {}), `${P}:workspce`, "did you mean 'workspace'?"],
    ["key without namespace misspelt", (c) => (c.computs = {}), `${P}:computs`, "did you mean 'computes'?"],
    ["missing workspace", (c) => delete c[`${P}:workspace`], `${P}:workspace`, "is required"],
    [
        "workspace public access not chosen",
        (c) => delete c[`${P}:workspace`].publicNetworkAccess,
        `${P}:workspace.publicNetworkAccess`,
        "is required",
    ],
    [
        "workspace public access misspelt value",
        (c) => (c[`${P}:workspace`].publicNetworkAccess = "enabled"),
        `${P}:workspace.publicNetworkAccess`,
        "'Enabled' or 'Disabled'",
    ],
    [
        "private workspace with Basic registry",
        (c) => (c[`${P}:workspace`].publicNetworkAccess = "Disabled"),
        `${P}:workspace.containerRegistry.sku`,
        "Premium",
    ],
    [
        "key vault retention too short",
        (c) => (c[`${P}:workspace`].keyVault.softDeleteRetentionDays = 3),
        `${P}:workspace.keyVault.softDeleteRetentionDays`,
        "at least 7, got 3",
    ],
    [
        "log retention too long",
        (c) => (c[`${P}:workspace`].logAnalytics.retentionDays = 9999),
        `${P}:workspace.logAnalytics.retentionDays`,
        "at most 730, got 9999",
    ],
    [
        "user identity without ids",
        (c) => (c[`${P}:workspace`].identity = { type: "UserAssigned" }),
        `${P}:workspace.identity.userAssignedIdentityIds`,
        "needs at least one",
    ],
    [
        "user identity without principal",
        (c) => (c[`${P}:workspace`].identity = { type: "UserAssigned", userAssignedIdentityIds: [uai] }),
        `${P}:workspace.userAssignedIdentityPrincipalId`,
        "give its principal id",
    ],
    ["unknown workspace key", (c) => (c[`${P}:workspace`].sku = "Basic"), `${P}:workspace.sku`, "unknown key"],
    [
        "tag value too long",
        (c) => (c[`${P}:tags`].owner = "x".repeat(300)),
        `${P}:tags.owner`,
        "at most 256 characters",
    ],
    [
        "compute name too long",
        (c) => (c[`${P}:computes`]["a-very-long-cluster-name"] = { type: "amlCompute", vmSize: "Standard_DS3_v2" }),
        `${P}:computes.a-very-long-cluster-name`,
        "2 to 16 characters",
    ],
    [
        "compute without type",
        (c) => delete c[`${P}:computes`]["cpu-cluster"].type,
        `${P}:computes.cpu-cluster.type`,
        "is required (compute type is 'amlCompute'",
    ],
    [
        "compute min above max",
        (c) => (c[`${P}:computes`]["cpu-cluster"].minNodes = 5),
        `${P}:computes.cpu-cluster.minNodes`,
        "must not exceed maxNodes (2)",
    ],
    [
        "compute node count as text",
        (c) => (c[`${P}:computes`]["cpu-cluster"].maxNodes = "2"),
        `${P}:computes.cpu-cluster.maxNodes`,
        'expected a number, got the string "2"; write 2 without quotes',
    ],
    [
        "compute tier misspelt",
        (c) => (c[`${P}:computes`]["cpu-cluster"].tier = "spot"),
        `${P}:computes.cpu-cluster.tier`,
        '"dedicated"|"lowPriority"',
    ],
    [
        "negative idle time",
        (c) => (c[`${P}:computes`]["cpu-cluster"].idleSecondsBeforeScaleDown = -1),
        `${P}:computes.cpu-cluster.idleSecondsBeforeScaleDown`,
        "at least 0 seconds",
    ],
    [
        "model over plain http",
        (c) => (c[`${P}:models`]["credit-default"].path = "http://example.com/m"),
        `${P}:models.credit-default.path`,
        "use an https URL",
    ],
    [
        "model type unknown",
        (c) => (c[`${P}:models`]["credit-default"].type = "onnx"),
        `${P}:models.credit-default.type`,
        "custom_model",
    ],
    [
        "endpoint name too short",
        (c) => (c[`${P}:onlineEndpoints`].ab = { deployments: {} }),
        `${P}:onlineEndpoints.ab`,
        "endpoint names have 3 to 32 characters",
    ],
    [
        "traffic not adding to 100",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].traffic.blue = 80),
        `${P}:onlineEndpoints.credit-dev.traffic`,
        "add up to 80",
    ],
    [
        "traffic to an undeclared deployment",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].traffic = { green: 100 }),
        `${P}:onlineEndpoints.credit-dev.traffic.green`,
        "declared: blue",
    ],
    [
        "mirror above 50",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].mirrorTraffic = { blue: 60 }),
        `${P}:onlineEndpoints.credit-dev.mirrorTraffic.blue`,
        "at most 50, got 60",
    ],
    [
        "mirror to the live deployment",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].mirrorTraffic = { blue: 10 }),
        `${P}:onlineEndpoints.credit-dev.mirrorTraffic.blue`,
        "already takes 100 %",
    ],
    [
        "auth mode unknown",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].authMode = "token"),
        `${P}:onlineEndpoints.credit-dev.authMode`,
        '"key"|"aml_token"|"aad_token"',
    ],
    [
        "aad_token on kubernetes",
        (c) =>
            Object.assign(c[`${P}:onlineEndpoints`]["credit-dev"], {
                kind: "kubernetes",
                compute: "cpu-cluster",
                authMode: "aad_token",
            }),
        `${P}:onlineEndpoints.credit-dev.authMode`,
        "aad_token works only on managed",
    ],
    [
        "kubernetes endpoint on an AmlCompute",
        (c) =>
            Object.assign(c[`${P}:onlineEndpoints`]["credit-dev"], {
                kind: "kubernetes",
                compute: "cpu-cluster",
                authMode: "key",
            }),
        `${P}:onlineEndpoints.credit-dev.compute`,
        "type 'kubernetes'",
    ],
    [
        "deployment without VM size",
        (c) => delete c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.instanceType,
        `${P}:onlineEndpoints.credit-dev.deployments.blue.instanceType`,
        "need a VM size",
    ],
    [
        "deployment of an undeclared model",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.model = "fraud"),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.model`,
        "names nothing under models",
    ],
    [
        "malformed registered reference",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.model = "azureml:credit"),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.model`,
        "azureml:<name>:<version>",
    ],
    [
        "request timeout over 180 s",
        (c) =>
            (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.requestSettings = { requestTimeoutMs: 200000 }),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.requestSettings.requestTimeoutMs`,
        "at most 180000",
    ],
    [
        "zero instances",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.instanceCount = 0),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.instanceCount`,
        "at least 1, got 0",
    ],
    [
        "custom model without code",
        (c) => {
            delete c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.code;
            delete c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.scoringScript;
        },
        `${P}:onlineEndpoints.credit-dev.deployments.blue.code`,
        "is a custom_model; it needs code and scoringScript",
    ],
    [
        "code of an undeclared asset",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.code = "scorer"),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.code`,
        "names nothing under codes",
    ],
    [
        "environment with image and build",
        (c) => (c[`${P}:environments`]["credit-runtime"].build = { path: "docker" }),
        `${P}:environments.credit-runtime.build`,
        "not both",
    ],
    [
        "upload concurrency out of range",
        (c) => (c[`${P}:models`]["credit-default"].upload = { maxConcurrency: 100 }),
        `${P}:models.credit-default.upload.maxConcurrency`,
        "at most 32, got 100",
    ],
    [
        "batch endpoint with key auth",
        (c) => (c[`${P}:batchEndpoints`]["credit-batch-dev"].authMode = "key"),
        `${P}:batchEndpoints.credit-batch-dev.authMode`,
        "accept only 'aad_token'",
    ],
    [
        "batch deployment on an unknown compute",
        (c) => (c[`${P}:batchEndpoints`]["credit-batch-dev"].deployments.nightly.compute = "gpu"),
        `${P}:batchEndpoints.credit-batch-dev.deployments.nightly.compute`,
        "type 'amlCompute'",
    ],
    [
        "batch default that does not exist",
        (c) => (c[`${P}:batchEndpoints`]["credit-batch-dev"].defaultDeployment = "weekly"),
        `${P}:batchEndpoints.credit-batch-dev.defaultDeployment`,
        "declared: nightly",
    ],
    [
        "online and batch endpoint share a name",
        (c) => (c[`${P}:batchEndpoints`]["credit-dev"] = { deployments: {} }),
        `${P}:onlineEndpoints.credit-dev`,
        "unique per region",
    ],
    [
        "rollout steps falling",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].rollout = { steps: [50, 10, 100] }),
        `${P}:onlineEndpoints.credit-dev.rollout.steps[1]`,
        "steps must rise",
    ],
    [
        "scaling the old deployment down while autoscale owns its instance count",
        (c) => {
            const endpoint = c[`${P}:onlineEndpoints`]["credit-dev"];
            endpoint.deployments.blue.autoscale = { minInstances: 1, maxInstances: 3 };
            endpoint.rollout = { afterSuccess: { previous: "scaleDown" } };
        },
        `${P}:onlineEndpoints.credit-dev.deployments.blue.autoscale`,
        "Azure Monitor autoscale would put it back on its next run",
    ],
    ["workspace given as text", (c) => (c[`${P}:workspace`] = "ws"), `${P}:workspace`, "expected object"],
    [
        "model folder that does not exist",
        (c) => (c[`${P}:models`]["credit-default"].path = "examples/assets/no-such-model"),
        `${P}:models.credit-default.path`,
        'no such file or directory (paths are relative to the project directory), got "examples/assets/no-such-model"',
    ],
    [
        "kubernetes endpoint and deployment names above 62 characters together",
        (c) => {
            c[`${P}:computes`].aks = {
                type: "kubernetes",
                resourceId:
                    "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/aks",
            };
            c[`${P}:onlineEndpoints`]["e".repeat(32)] = {
                kind: "kubernetes",
                compute: "aks",
                deployments: { ["d".repeat(31)]: { model: "azureml:credit:1" } },
            };
        },
        `${P}:onlineEndpoints.${"e".repeat(32)}.deployments.${"d".repeat(31)}`,
        "add up to 63 characters; Kubernetes endpoints allow at most 62 together",
    ],
    [
        "probe before the container starts",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.livenessProbe = { initialDelaySeconds: 0 }),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.livenessProbe.initialDelaySeconds`,
        "at least 1 second after the container starts",
    ],
    [
        "image-build compute that is no cluster",
        (c) => (c[`${P}:workspace`].imageBuildCompute = "gpu"),
        `${P}:workspace.imageBuildCompute`,
        "must be the key of a compute with type 'amlCompute'",
    ],
    [
        "private workspace that cannot tell which cluster builds images",
        (c) => {
            Object.assign(c[`${P}:workspace`], {
                publicNetworkAccess: "Disabled",
                containerRegistry: { sku: "Premium" },
            });
            c[`${P}:computes`]["cpu-large"] = { type: "amlCompute", vmSize: "Standard_DS4_v2" };
            c[`${P}:environments`]["credit-runtime"].condaFile = "examples/assets/credit-model/README.md";
        },
        `${P}:workspace.imageBuildCompute`,
        "set imageBuildCompute to the key of an amlCompute cluster (declared: cpu-cluster, cpu-large)",
    ],
    [
        "conda file that does not exist",
        (c) => (c[`${P}:environments`]["credit-runtime"].condaFile = "env/conda.yaml"),
        `${P}:environments.credit-runtime.condaFile`,
        "no such file or directory",
    ],
    [
        "endpoint named __proto__ with invalid contents",
        (c) => own(c[`${P}:onlineEndpoints`], "__proto__", invalidEndpoint),
        `${P}:onlineEndpoints.__proto__`,
        "is not a valid name here either (an endpoint name starts with a letter",
    ],
    [
        "deployment named __proto__",
        (c) => own(c[`${P}:onlineEndpoints`]["credit-dev"].deployments, "__proto__", { instanceCount: 0 }),
        `${P}:onlineEndpoints.credit-dev.deployments.__proto__`,
        "JavaScript reads it as the object's prototype",
    ],
    [
        "compute named __proto__",
        (c) => own(c[`${P}:computes`], "__proto__", { type: "amlCompute", vmSize: "tiny" }),
        `${P}:computes.__proto__`,
        "is not a valid name here either (compute names have 2 to 16 characters",
    ],
    [
        "model named __proto__",
        (c) => own(c[`${P}:models`], "__proto__", { path: "http://example.com/m" }),
        `${P}:models.__proto__`,
        "is not a valid name here either (asset names start with a letter or digit",
    ],
    ["code named __proto__", (c) => own(c[`${P}:codes`], "__proto__", {}), `${P}:codes.__proto__`, "rename it"],
    [
        "environment named __proto__",
        (c) => own(c[`${P}:environments`], "__proto__", {}),
        `${P}:environments.__proto__`,
        "rename it",
    ],
    [
        "batch endpoint named __proto__",
        (c) => own(c[`${P}:batchEndpoints`], "__proto__", { authMode: "key" }),
        `${P}:batchEndpoints.__proto__`,
        "is not a valid name here either (an endpoint name starts with a letter",
    ],
    [
        "traffic to a deployment named __proto__",
        (c) => own(c[`${P}:onlineEndpoints`]["credit-dev"].traffic, "__proto__", 100),
        `${P}:onlineEndpoints.credit-dev.traffic.__proto__`,
        "got 100",
    ],
    [
        "tag named __proto__ (a valid Azure tag name that JavaScript cannot carry)",
        (c) => own(c[`${P}:tags`], "__proto__", "x"),
        `${P}:tags.__proto__`,
        "so the entry would be dropped without a word; rename it",
    ],
    [
        "__proto__ inside a fixed-shape section",
        (c) => own(c[`${P}:workspace`], "__proto__", { publicNetworkAccess: "Disabled" }),
        `${P}:workspace.__proto__`,
        "remove it",
    ],
    ["__proto__ as a top-level key", (c) => own(c, `${P}:__proto__`, { location: "x" }), `${P}:__proto__`, "remove it"],
    [
        "deployment of a model only Object.prototype declares",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].deployments.blue.model = "toString"),
        `${P}:onlineEndpoints.credit-dev.deployments.blue.model`,
        "names nothing under models",
    ],
    [
        "key given with and without the namespace",
        (c) => (c.location = "northeurope"),
        `${P}:location`,
        "given twice, as 'location' and 'azureml-platform:location'",
    ],
    [
        "section given with and without the namespace",
        (c) => (c.workspace = { publicNetworkAccess: "Disabled" }),
        `${P}:workspace`,
        "given twice, as 'workspace' and 'azureml-platform:workspace'",
    ],
    [
        "misspelt namespace",
        (c) => (c["azureml-platfrom:location"] = "westeurope"),
        "azureml-platfrom:location",
        "did you mean 'azureml-platform:location'?",
    ],
    [
        "traffic keys that differ only in case",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].traffic = { blue: 50, BLUE: 50 }),
        `${P}:onlineEndpoints.credit-dev.traffic.BLUE`,
        "names the same deployment as 'blue'",
    ],
    [
        "mirror traffic keys that differ only in case",
        (c) => (c[`${P}:onlineEndpoints`]["credit-dev"].mirrorTraffic = { blue: 0, Blue: 0 }),
        `${P}:onlineEndpoints.credit-dev.mirrorTraffic.Blue`,
        "Azure ML deployment names are case-insensitive",
    ],
];

describe("invalid stack configurations", () => {
    it("has at least 30 distinct cases", () => {
        expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length);
        expect(cases.length).toBeGreaterThanOrEqual(30);
    });

    it.each(cases)("rejects %s, naming its key path", (_name, mutate, path, fragment) => {
        const config = shippedConfig("dev");
        mutate(config);
        const problems = validateStackFile(writeStack("dev", config));
        const atPath = problems.filter((p) => p.path === path);
        expect(atPath.map((p) => p.message).join(" | ")).toContain(fragment);
    });

    it("reports every problem of a file at once", () => {
        const config = shippedConfig("dev");
        config[`${P}:location`] = "West Europe";
        config[`${P}:computes`]["cpu-cluster"].minNodes = 5;
        config[`${P}:onlineEndpoints`]["credit-dev"].traffic.blue = 80;
        const paths = validateStackFile(writeStack("dev", config)).map((p) => p.path);
        expect(paths).toEqual(
            expect.arrayContaining([
                `${P}:location`,
                `${P}:computes.cpu-cluster.minNodes`,
                `${P}:onlineEndpoints.credit-dev.traffic`,
            ]),
        );
    });

    it("ignores other namespaces and follows the project name in Pulumi.yaml", () => {
        const config = shippedConfig("dev");
        config["azure-native:whatever"] = 42;
        expect(validateStackFile(writeStack("dev", config))).toEqual([]);
    });

    it.each(["constructor", "prototype", "hasOwnProperty"])(
        "accepts %s as an endpoint, deployment, compute and model name (valid Azure names)",
        (name) => {
            const config = shippedConfig("dev");
            const endpoints = config[`${P}:onlineEndpoints`];
            own(endpoints, name, endpoints["credit-dev"]);
            delete endpoints["credit-dev"];
            own(config[`${P}:models`], name, config[`${P}:models`]["credit-default"]);
            own(endpoints[name].deployments.blue, "model", name);
            own(config[`${P}:computes`], name, config[`${P}:computes`]["cpu-cluster"]);
            expect(validateStackFile(writeStack("dev", config))).toEqual([]);
        },
    );

    it("takes a key without a namespace as the project's when it is given only once", () => {
        const config = shippedConfig("dev");
        config.location = config[`${P}:location`];
        delete config[`${P}:location`];
        expect(validateStackFile(writeStack("dev", config))).toEqual([]);
    });

    it.each(["dev", "prod"] as const)("accepts the shipped %s stack", (stack) => {
        expect(validateStackFile(writeStack(stack, shippedConfig(stack)))).toEqual([]);
    });
});
