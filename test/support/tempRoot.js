// One temporary folder for a whole jest run: every test, worker and child process gets it as TMPDIR (os.tmpdir()),
// and the teardown removes it, so a run leaves nothing in the machine's temp folder however a test ends.
const fs = require("fs");
const os = require("os");
const path = require("path");

const MARK = "AZUREML_PULUMI_TEST_TMP";

module.exports.setup = async function setup() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "azureml-pulumi-test-"));
    process.env[MARK] = root;
    process.env.TMPDIR = root;
    process.env.TMP = root;
    process.env.TEMP = root;
};

module.exports.teardown = async function teardown() {
    const root = process.env[MARK];
    if (root !== undefined && path.basename(root).startsWith("azureml-pulumi-test-")) {
        fs.rmSync(root, { recursive: true, force: true });
    }
};
