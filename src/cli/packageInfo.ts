import * as fs from "fs";
import * as path from "path";

export const PACKAGE_NAME = "@azureml-pulumi/components";

/** This package's version, from its package.json (found upwards from this file, in src/ or in dist/). */
export function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (manifest.name === PACKAGE_NAME && manifest.version !== undefined) {
                return manifest.version;
            }
        }
        if (path.dirname(dir) === dir) {
            return "unknown";
        }
    }
}
