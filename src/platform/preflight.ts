import { ConfigProblem, PlatformSpec, assetLocalPaths, pathProblems, projectDirectory } from "../model";

/**
 * Checks what the schema cannot: that local asset paths exist, relative to the project directory. Run before any
 * resource is declared, so a missing folder stops the update instead of failing half-way through it.
 */
export function localPathProblems(spec: PlatformSpec, directory: string, root: string): ConfigProblem[] {
    const base = projectDirectory(directory);
    return (["models", "codes", "environments"] as const).flatMap((family) =>
        Object.entries(spec[family]).flatMap(([key, asset]) =>
            pathProblems(assetLocalPaths(asset), base, `${root}${family}.${key}.`),
        ),
    );
}
