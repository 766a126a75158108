import * as fs from "fs";
import * as path from "path";
import { ConfigProblem, PlatformSpec, assetSourceKind } from "../model";

/**
 * Checks what the schema cannot: that local asset paths exist, relative to the project directory. Run before any
 * resource is declared, so a missing folder stops the update instead of failing half-way through it.
 */
export function localPathProblems(spec: PlatformSpec, projectDirectory: string, root: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const check = (key: string, value: string | undefined) => {
        if (
            value !== undefined &&
            assetSourceKind(value) === "local" &&
            !fs.existsSync(path.resolve(projectDirectory, value))
        ) {
            problems.push({
                path: `${root}${key}`,
                message: `no such file or directory (paths are relative to the project directory), got "${value}"`,
            });
        }
    };
    for (const [key, model] of Object.entries(spec.models)) {
        check(`models.${key}.path`, model.path);
    }
    for (const [key, code] of Object.entries(spec.codes)) {
        check(`codes.${key}.path`, code.path);
    }
    for (const [key, environment] of Object.entries(spec.environments)) {
        check(`environments.${key}.condaFile`, environment.condaFile);
        check(`environments.${key}.build.path`, environment.build?.path);
    }
    return problems;
}
