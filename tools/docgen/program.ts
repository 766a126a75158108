import * as path from "path";
import * as ts from "typescript";

/** The project's compiler options (tsconfig.json), for a program of the given roots that emits nothing. */
export function projectOptions(repoRoot: string): ts.CompilerOptions {
    const configPath = path.join(repoRoot, "tsconfig.json");
    const read = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
    if (read.error !== undefined) {
        throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
    return { ...parsed.options, types: [], noEmit: true };
}

/** A program of src/model/ as the project compiles it: what the schema model reads the zod types from. */
export function modelProgram(repoRoot: string): ts.Program {
    return ts.createProgram([path.join(repoRoot, "src", "model", "index.ts")], projectOptions(repoRoot));
}
