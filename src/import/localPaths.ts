import * as fs from "fs";
import * as path from "path";
import { LocalPathKind, assetSourceKind } from "../model";
import type { Fields } from "./fieldReader";

/**
 * Local paths in az ml files are relative to the file's folder; stack config names them relative to the project
 * directory, where `pulumi up` runs the program. Cloud sources (https URLs, azureml://datastores/...) are kept.
 */
export function projectPath(fields: Fields, key: string, kind: LocalPathKind, projectDir: string): string | undefined {
    const given = fields.text(key);
    if (given === undefined) {
        return undefined;
    }
    // Early CLI v2 files wrote local paths as file:<path>.
    const value = given.replace(/^file:(?!\/\/)/, "");
    if (assetSourceKind(value) !== "local" || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        return value;
    }
    const resolved = path.resolve(fields.source.directory, value);
    const stats = fs.statSync(resolved, { throwIfNoEntry: false });
    const shown = path.relative(process.cwd(), resolved) || ".";
    const fault =
        stats === undefined
            ? "no such file or folder"
            : kind === "file" && stats.isDirectory()
              ? "expected a file, found a folder"
              : kind === "folder" && !stats.isDirectory()
                ? "expected a folder, found a file"
                : undefined;
    if (fault !== undefined) {
        fields.report(
            "invalid",
            key,
            `${fault}: "${value}" (az ml reads it relative to the file's folder, here ${shown}); fix the path or add the ${kind}`,
        );
        return undefined;
    }
    const relative = path.relative(path.resolve(projectDir), resolved);
    return relative === "" ? "." : relative.split(path.sep).join("/");
}
