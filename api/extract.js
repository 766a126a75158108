"use strict";
/*
 * Checks (or with --local, rewrites) the API reports in api/ against the .d.ts under dist/src. It reads what the
 * last tsc emit left there: `npm test` runs it right after `npm run check`, which emits the whole project, and
 * `npm run api` builds first. The entries share one compiler program: parsing pulumi and zod once is most of the time.
 */
const path = require("path");
const { CompilerState, Extractor, ExtractorConfig } = require("@microsoft/api-extractor");

const local = process.argv.includes("--local");
const configs = ["components", "spec", "testing", "policy", "platform"].map((entry) =>
    ExtractorConfig.loadFileAndPrepare(path.join(__dirname, `${entry}.api-extractor.json`)),
);
const compilerState = CompilerState.create(configs[0], {
    additionalEntryPoints: configs.map((c) => c.mainEntryPointFilePath),
});

let failed = false;
for (const config of configs) {
    const result = Extractor.invoke(config, {
        localBuild: local,
        compilerState,
        // The same line once per entry says nothing; real problems still print.
        messageCallback: (message) => {
            message.handled ||= message.messageId === "console-preamble";
        },
    });
    if (!result.succeeded) {
        failed = true;
        if (result.apiReportChanged) {
            const report = path.relative(process.cwd(), config.reportFilePath);
            console.error(`${report} is out of date: run \`npm run api\` and review its diff`);
        }
    }
}
process.exitCode = failed ? 1 : 0;
