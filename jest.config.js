/** Transpile-only tests (swc); `npm test` type-checks the whole project once with tsc first. */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.ts$": [
            "@swc/jest",
            { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
        ],
    },
    testTimeout: 30000,
    // Examples import the library by its package name, as users do.
    moduleNameMapper: {
        "^@azureml-pulumi/components$": "<rootDir>/src/index.ts",
        "^@azureml-pulumi/components/spec$": "<rootDir>/src/model/index.ts",
        "^@azureml-pulumi/components/policy$": "<rootDir>/src/policy/index.ts",
    },
    reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
    // Temp files of the whole run live in one folder that the teardown removes (test/support/tempRoot.js); the
    // transform cache stays out of the machine's temp folder too.
    globalSetup: "<rootDir>/test/support/globalSetup.js",
    globalTeardown: "<rootDir>/test/support/globalTeardown.js",
    cacheDirectory: "<rootDir>/node_modules/.cache/jest",
};
