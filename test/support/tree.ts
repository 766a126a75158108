import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Writes a file tree ({ "a/b.txt": "content" }) into a new temp directory and returns the directory. */
export function writeTree(
    files: Record<string, string | Buffer>,
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "asset-")),
): string {
    for (const [name, content] of Object.entries(files)) {
        const full = path.join(dir, ...name.split("/"));
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, content);
    }
    return dir;
}
