// The README's main job: three rehearsals of the root project's dev stack against the local Azure ML emulator.
//   1. from nothing: workspace, compute, assets, an online endpoint serving traffic, a batch endpoint, one scored job
//   2. a new model version on green, rolled out progressively with metric gates (examples/rehearsal/v2)
//   3. a third version on blue that fails its error-rate gate at the second step and is rolled back (v3 + blue-fails)
// Each run is its own `azureml-pulumi up --local` process, as a person would type it. Exits 0 when every run ends
// as it should (the third one failing, with the previous traffic live), 1 otherwise.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "bin", "azureml-pulumi.js");
const here = path.relative(root, __dirname);

function run(title, args, expected) {
    console.log(`\n=== ${title}\n$ azureml-pulumi ${args.join(" ")}\n`);
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: "inherit" });
    const ok = result.status === expected;
    console.log(`\n=== exit code ${result.status}${ok ? " (as expected)" : `, expected ${expected}`}`);
    return ok;
}

// From nothing: the previous demo's rehearsal state goes first.
fs.rmSync(path.join(root, ".azureml-pulumi", "rehearsal", "dev"), { recursive: true, force: true });
const started = Date.now();
const steps = [
    () => run("1/3 the dev stack from nothing", ["up", "--local", "--stack", "dev"], 0),
    () =>
        run(
            "2/3 a new model version on green, rolled out progressively with gates",
            [
                "up",
                "--local",
                "--stack",
                "dev",
                "--config-file",
                `${here}/v2/Pulumi.dev.yaml`,
                "--scenario",
                `${here}/steady-load.yaml`,
            ],
            0,
        ),
    () =>
        run(
            "3/3 a third version on blue fails its gate at step 2 and is rolled back (this run fails on purpose)",
            [
                "up",
                "--local",
                "--stack",
                "dev",
                "--config-file",
                `${here}/v3/Pulumi.dev.yaml`,
                "--scenario",
                `${here}/blue-fails.yaml`,
            ],
            1,
        ),
];
const ok = steps.every((step) => step());
console.log(
    `\n${ok ? "Demo complete" : "Demo FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s: a rehearsal against the local emulator, not a deployment. ` +
        "Remove it with: node bin/azureml-pulumi.js destroy --local --stack dev",
);
process.exitCode = ok ? 0 : 1;
