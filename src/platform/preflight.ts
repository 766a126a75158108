import * as fs from "fs";
import * as path from "path";
import {
    ConfigProblem,
    PlatformSpec,
    assetLocalPaths,
    assetSourceKind,
    codeSpec,
    environmentSpec,
    formatPath,
    modelSpec,
    pathProblems,
    projectDirectory,
} from "../model";

const FAMILIES = { models: modelSpec, codes: codeSpec, environments: environmentSpec } as const;

type Entries = Record<string, unknown>;

const entriesOf = (value: unknown): Entries =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Entries) : {};

/**
 * Checks what the schema cannot: that local asset paths exist, relative to the project directory, and that a
 * deployment's scoring script is in its code folder. Run before any resource is declared, so a missing folder
 * stops the update instead of failing half-way through it.
 *
 * It reads the config as written (`config`: the project's keys, valid or not) so that a stack file with other
 * problems still gets its path problems in the same run: each asset whose own settings are valid is checked.
 */
export function localPathProblems(config: PlatformSpec | Entries, directory: string, root: string): ConfigProblem[] {
    const base = projectDirectory(directory);
    const problems = (Object.keys(FAMILIES) as (keyof typeof FAMILIES)[]).flatMap((family) =>
        Object.entries(entriesOf((config as Entries)[family])).flatMap(([key, raw]) => {
            const asset = FAMILIES[family].safeParse(raw);
            return asset.success ? pathProblems(assetLocalPaths(asset.data), base, `${root}${family}.${key}.`) : [];
        }),
    );
    return [...problems, ...scoringScriptProblems(config as Entries, directory, root)];
}

/** A deployment's scoringScript must be a file inside its local code folder (Azure ML runs it from there). */
function scoringScriptProblems(config: Entries, directory: string, root: string): ConfigProblem[] {
    const codes = entriesOf(config.codes);
    const problems: ConfigProblem[] = [];
    for (const kind of ["onlineEndpoints", "batchEndpoints"] as const) {
        for (const [endpoint, spec] of Object.entries(entriesOf(config[kind]))) {
            for (const [name, deployment] of Object.entries(entriesOf(entriesOf(spec).deployments))) {
                const { code, scoringScript } = entriesOf(deployment);
                const codePath = entriesOf(typeof code === "string" ? codes[code] : undefined).path;
                if (typeof scoringScript !== "string" || typeof codePath !== "string") {
                    continue;
                }
                if (assetSourceKind(codePath) !== "local") {
                    continue;
                }
                const folder = path.resolve(directory, codePath);
                if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
                    // The code path's own problem is reported for the code asset.
                    continue;
                }
                if (!fs.statSync(path.resolve(folder, scoringScript), { throwIfNoEntry: false })?.isFile()) {
                    problems.push({
                        path: formatPath([kind, endpoint, "deployments", name, "scoringScript"], root),
                        message: `no such file in the code folder ${codePath} (the script's path is relative to it), got "${scoringScript}"`,
                    });
                }
            }
        }
    }
    return problems;
}
