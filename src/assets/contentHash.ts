import { createHash } from "crypto";
import fs from "fs";
import * as path from "path";
import { mapBounded } from "../async";
import { IgnoreStack, isIgnored, readIgnoreRules } from "./ignoreRules";

/** One file of an asset, as hashed. */
export interface HashedFile {
    /** Path relative to the asset root, with '/' separators; a single-file asset uses its file name. */
    readonly path: string;
    readonly absolutePath: string;
    readonly size: number;
    /** sha256 of the content, hex. */
    readonly sha256: string;
}

export interface ContentHash {
    /** sha256 over the sorted (path, size, content hash) list: the asset's identity. */
    readonly digest: string;
    readonly files: readonly HashedFile[];
    readonly totalBytes: number;
    /** "directory" or "file". */
    readonly kind: "directory" | "file";
}

/** A problem with an asset's local content, naming the path. */
export class AssetSourceError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AssetSourceError";
    }
}

/** Streams a file through sha256: memory stays flat whatever the file size. */
export function hashFile(file: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const hash = createHash("sha256");
        fs.createReadStream(file, { highWaterMark: 1 << 20 })
            .on("data", (chunk) => hash.update(chunk))
            .on("error", reject)
            .on("end", () => resolve(hash.digest("hex")));
    });
}

interface Entry {
    readonly path: string;
    readonly absolutePath: string;
    readonly size: number;
}

/**
 * Lists the files of a directory that belong to the asset: ignore rules respected per directory, symbolic links
 * followed (a link's target counts as content), link cycles and dangling links reported, empty directories
 * contributing nothing (blob storage has no folders).
 */
export function listAssetFiles(root: string): Entry[] {
    const entries: Entry[] = [];
    const visiting = new Set<string>();
    const walk = (directory: string, relative: string, stack: IgnoreStack) => {
        const real = fs.realpathSync(directory);
        if (visiting.has(real)) {
            throw new AssetSourceError(`${path.join(root, relative)}: a symbolic link loops back to ${real}`);
        }
        visiting.add(real);
        const rules = readIgnoreRules(directory);
        const inForce = rules !== undefined ? [...stack, { base: relative, rules }] : stack;
        for (const name of fs.readdirSync(directory)) {
            const absolutePath = path.join(directory, name);
            const relativePath = relative === "" ? name : `${relative}/${name}`;
            let stat: fs.Stats;
            try {
                stat = fs.statSync(absolutePath);
            } catch {
                throw new AssetSourceError(
                    `${absolutePath}: a symbolic link points to nothing; remove it or add it to .amlignore`,
                );
            }
            if (isIgnored(inForce, relativePath, stat.isDirectory())) {
                continue;
            }
            if (stat.isDirectory()) {
                walk(absolutePath, relativePath, inForce);
            } else if (stat.isFile()) {
                entries.push({ path: relativePath, absolutePath, size: stat.size });
            }
        }
        visiting.delete(real);
    };
    walk(root, "", []);
    return entries;
}

/**
 * Hashes a local file or folder into a content digest that does not depend on directory listing order, file
 * times or permissions: the same content always gives the same digest, and any change of a file's content,
 * name or place gives another.
 */
export async function hashContent(source: string, options: { concurrency?: number } = {}): Promise<ContentHash> {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(source);
    } catch {
        throw new AssetSourceError(`${source}: no such file or directory`);
    }
    const kind = stat.isDirectory() ? "directory" : "file";
    const entries =
        kind === "directory"
            ? listAssetFiles(source)
            : [{ path: path.basename(source), absolutePath: source, size: stat.size }];
    if (entries.length === 0) {
        throw new AssetSourceError(`${source}: no files to upload (empty, or everything is ignored)`);
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const files = await mapBounded(entries, options.concurrency ?? 4, async (e) => ({
        ...e,
        sha256: await hashFile(e.absolutePath),
    }));
    const digest = createHash("sha256");
    digest.update(`${kind}\n`);
    for (const file of files) {
        digest.update(`${file.path}\t${file.size}\t${file.sha256}\n`);
    }
    return { digest: digest.digest("hex"), files, totalBytes: files.reduce((sum, f) => sum + f.size, 0), kind };
}

/** The asset version derived from a digest: short, stable, path-safe. */
export function versionFromDigest(digest: string): string {
    return digest.slice(0, 16);
}

/** Where content lives in the datastore: LocalUpload/<digest>/<file or folder name>, and its completion record. */
export interface UploadPaths {
    /** Everything uploaded for this digest lives under it. */
    readonly prefix: string;
    /** The asset's own path: the folder (or file) an asset URI points at. */
    readonly assetPath: string;
    /** Written last: its presence means the asset path is complete. */
    readonly manifestPath: string;
}

export function uploadPaths(digest: string, source: string): UploadPaths {
    const prefix = `LocalUpload/${digest}`;
    const name = path.basename(path.resolve(source));
    return { prefix, assetPath: `${prefix}/${name}`, manifestPath: `${prefix}/.complete-${name}.json` };
}

/** The blob name of one hashed file under an asset path. */
export function blobName(assetPath: string, kind: ContentHash["kind"], file: Pick<HashedFile, "path">): string {
    return kind === "file" ? assetPath : `${assetPath}/${file.path}`;
}
