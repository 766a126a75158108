#!/usr/bin/env node
"use strict";
const { main } = require("../dist/src/cli/main.js");

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        // Unexpected failures still end with one readable line; set AZUREML_PULUMI_DEBUG=1 for the stack.
        console.error(`azureml-pulumi: ${process.env.AZUREML_PULUMI_DEBUG ? error.stack : error.message}`);
        process.exitCode = 3;
    },
);
