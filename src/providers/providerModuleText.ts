/** The dynamic providers this package runs in the provider host, by the name the provider text asks for. */
export type HostedProviderName =
    "endpointTraffic" | "assetUpload" | "workspacePurge" | "batchEndpointDefaults" | "batchInvocation";

/**
 * The `__provider` text a dynamic resource of this package registers: a small constant module whose `handler()`
 * returns the provider implementation, loaded inside the provider host at call time. The host evaluates it with
 * module resolution rooted at the program's directory, so the package is found by name when installed, or as the
 * built package when the program is this repository's own root project.
 *
 * The text names no machine path, carries no secret and does not change with the package version, so upgrading
 * the library shows no diff and state written on one machine runs on another. Pulumi's function serializer is not
 * involved (it opens an inspector session that slows the whole program down; see docs/decisions.md).
 */
export function providerModuleText(name: HostedProviderName): string {
    return [
        `"use strict";`,
        `// @azureml-pulumi/components dynamic provider "${name}": the implementation is the installed package's.`,
        `exports.handler = function () {`,
        `    var runtime;`,
        `    try {`,
        `        runtime = require("@azureml-pulumi/components/host-runtime");`,
        `    } catch (error) {`,
        `        if (!error || error.code !== "MODULE_NOT_FOUND") throw error;`,
        `        runtime = require("./dist/src/providers/hostRuntime");`,
        `    }`,
        `    return runtime.dynamicProviders[${JSON.stringify(name)}];`,
        `};`,
        ``,
    ].join("\n");
}
