/** The files `azureml-pulumi init` writes: a project that runs the platform program from the installed package. */

export const PULUMI_YAML = (name: string) => `name: ${name}
description: Azure Machine Learning platform (workspace, compute, models, endpoints) driven by per-stack config
runtime: nodejs
main: index.js
`;

/** The one-line program: the platform program of the installed package, configured by Pulumi.<stack>.yaml. */
export const PROGRAM = `module.exports = require("@azureml-pulumi/components/platform").runPlatform();
`;

export const GITIGNORE = `node_modules/
# Local rehearsal state (azureml-pulumi up --local)
.azureml-pulumi/
`;

/** A dev stack that validates as written: a workspace and a cluster, with the rest shown commented out. */
export const DEV_STACK = (
    name: string,
) => `# Stack "dev" of ${name}. Every key is checked by \`npx azureml-pulumi validate Pulumi.dev.yaml\`;
# \`npx azureml-pulumi preview --stack dev\` prints what \`pulumi up\` would create, offline, and
# \`npx azureml-pulumi up --local --stack dev\` rehearses it against a local emulator.
config:
  azure-native:location: westeurope
  ${name}:location: westeurope
  # The workspace and its storage, key vault, registry, Log Analytics and App Insights.
  ${name}:workspace:
    publicNetworkAccess: Enabled   # Disabled for production (managed network, private endpoints)
    purgeOnDestroy: true           # dev only: destroy purges the soft-deleted workspace
  ${name}:computes:
    cpu-cluster:
      type: amlCompute
      vmSize: Standard_DS3_v2
      tier: lowPriority
      minNodes: 0                  # scales to zero when idle
      maxNodes: 2
  # A model, its scoring code and runtime, and an online endpoint serving it. Local paths are relative to this
  # folder and uploaded by \`pulumi up\`; versions come from the content.
  # ${name}:models:
  #   my-model:
  #     path: model
  # ${name}:codes:
  #   my-scoring:
  #     path: src
  # ${name}:environments:
  #   my-runtime:
  #     image: mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest
  # ${name}:onlineEndpoints:
  #   my-endpoint:
  #     authMode: key
  #     deployments:
  #       blue:
  #         model: my-model
  #         code: my-scoring
  #         scoringScript: score.py
  #         environment: my-runtime
  #         instanceType: Standard_DS3_v2
  #         instanceCount: 1
  #     traffic:
  #       blue: 100
`;

/** package.json for a folder that has none yet. */
export const PACKAGE_JSON = (name: string, version: string) =>
    `${JSON.stringify(
        {
            name,
            private: true,
            description: "Azure Machine Learning platform on Pulumi",
            dependencies: {
                "@azureml-pulumi/components": `^${version}`,
                "@pulumi/pulumi": "^3.0.0",
                "@pulumi/azure-native": "^3.0.0",
            },
        },
        null,
        2,
    )}\n`;
