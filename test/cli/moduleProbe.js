"use strict";
// Preload for `node -r`: when the process exits, writes every module file it loaded through require (the keys of
// require.cache, with forward slashes) as JSON to the file named by AZUREML_PULUMI_MODULE_PROBE. Nothing is written
// to stdout or stderr, so the command's own output and exit code are unchanged.
const fs = require("fs");

const target = process.env.AZUREML_PULUMI_MODULE_PROBE;
if (target) {
    process.on("exit", () => {
        const loaded = Object.keys(require.cache).map((file) => file.replace(/\\/g, "/"));
        fs.writeFileSync(target, JSON.stringify(loaded));
    });
}
