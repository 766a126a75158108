import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

describe("a test run's temporary files", () => {
    it("go to the run's own folder, which the global teardown removes, in workers and child processes alike", () => {
        const root = process.env.AZUREML_PULUMI_TEST_TMP;
        expect(root).toBeDefined();
        expect(path.basename(root!)).toMatch(/^azureml-pulumi-test-/);
        expect(os.tmpdir()).toBe(root);
        const child = spawnSync(process.execPath, ["-e", "process.stdout.write(require('os').tmpdir())"], {
            encoding: "utf8",
        });
        expect(child.stdout).toBe(root);
    });
});
