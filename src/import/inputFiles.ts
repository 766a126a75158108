import * as fs from "fs";
import * as path from "path";
import type { FindingSink } from "./findings";

/** One YAML file to import: where it is, how messages name it, and whether it was named itself. */
export interface InputFile {
    readonly absolute: string;
    readonly named: string;
    /** Named on the command line (or in the list), not found in a folder. */
    readonly explicit: boolean;
}

const YAML_FILE = /\.ya?ml$/i;

/** A folder's YAML files, depth first in name order; hidden folders and node_modules are not entered. */
function folderFiles(absolute: string, named: string): InputFile[] {
    return fs
        .readdirSync(absolute, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((entry) => {
            const childAbsolute = path.join(absolute, entry.name);
            const childNamed = path.join(named, entry.name);
            if (entry.isDirectory()) {
                return entry.name.startsWith(".") || entry.name === "node_modules"
                    ? []
                    : folderFiles(childAbsolute, childNamed);
            }
            return entry.isFile() && YAML_FILE.test(entry.name)
                ? [{ absolute: childAbsolute, named: childNamed, explicit: false }]
                : [];
        });
}

/** The files the named files and folders hold, each once; a name that is neither is reported. */
export function inputFiles(paths: readonly string[], sink: FindingSink): InputFile[] {
    const seen = new Set<string>();
    const files: InputFile[] = [];
    for (const named of paths) {
        const absolute = path.resolve(named);
        const stats = fs.statSync(absolute, { throwIfNoEntry: false });
        if (stats === undefined) {
            sink.add({
                kind: "invalid",
                file: named,
                field: "(file)",
                message: "no such file or folder; name az ml YAML files or folders of them",
            });
            continue;
        }
        const found = stats.isDirectory() ? folderFiles(absolute, named) : [{ absolute, named, explicit: true }];
        for (const file of found) {
            if (!seen.has(file.absolute)) {
                seen.add(file.absolute);
                files.push(file);
            }
        }
    }
    return files;
}
