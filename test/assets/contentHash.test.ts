import fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import fc from "fast-check";
import {
    AssetSourceError,
    hashContent,
    hashFile,
    listAssetFiles,
    uploadPaths,
    versionFromDigest,
} from "../../src/assets";
import { writeTree } from "../support/tree";

const digestOf = async (dir: string) => (await hashContent(dir)).digest;

describe("content hashing", () => {
    it("does not depend on the order directories are listed in", async () => {
        const dir = writeTree({ "a.txt": "a", "b/c.txt": "c", "b/d.txt": "d", "z.bin": "z" });
        const forward = await digestOf(dir);
        const original = fs.readdirSync;
        const spy = jest
            .spyOn(fs, "readdirSync")
            .mockImplementation(((p: fs.PathLike) =>
                (original(p) as string[]).slice().reverse()) as typeof fs.readdirSync);
        try {
            expect(await digestOf(dir)).toBe(forward);
            expect(spy).toHaveBeenCalled();
        } finally {
            spy.mockRestore();
        }
    });

    it("ignores file times and permissions", async () => {
        const dir = writeTree({ "m.txt": "model" });
        const before = await digestOf(dir);
        fs.utimesSync(path.join(dir, "m.txt"), new Date(0), new Date(0));
        fs.chmodSync(path.join(dir, "m.txt"), 0o600);
        expect(await digestOf(dir)).toBe(before);
    });

    it("respects .amlignore over .gitignore, per directory, and never takes .git", async () => {
        const dir = writeTree({
            ".gitignore": "*.log\n",
            ".amlignore": "secret.txt\n",
            "keep.log": "kept: .amlignore replaces .gitignore here",
            "secret.txt": "ignored",
            "sub/.gitignore": "*.tmp\n",
            "sub/x.tmp": "ignored below sub",
            "sub/y.txt": "kept",
            ".git/HEAD": "ref: refs/heads/main",
        });
        const names = listAssetFiles(dir)
            .map((f) => f.path)
            .sort();
        expect(names).toEqual([".amlignore", ".gitignore", "keep.log", "sub/.gitignore", "sub/y.txt"]);
        const before = await digestOf(dir);
        fs.writeFileSync(path.join(dir, "secret.txt"), "changed, still ignored");
        fs.writeFileSync(path.join(dir, "sub/x.tmp"), "changed, still ignored");
        expect(await digestOf(dir)).toBe(before);
    });

    it("lets empty folders contribute nothing", async () => {
        const dir = writeTree({ "a.txt": "a" });
        const before = await digestOf(dir);
        fs.mkdirSync(path.join(dir, "empty", "deeper"), { recursive: true });
        expect(await digestOf(dir)).toBe(before);
    });

    it("follows symbolic links to their content and reports dangling links and loops", async () => {
        const target = writeTree({ "weights.bin": "w" });
        const dir = writeTree({ "a.txt": "a" });
        fs.symlinkSync(path.join(target, "weights.bin"), path.join(dir, "weights.bin"));
        const linked = await hashContent(dir);
        const copied = await hashContent(writeTree({ "a.txt": "a", "weights.bin": "w" }));
        expect(linked.digest).toBe(copied.digest);

        const dangling = writeTree({ "a.txt": "a" });
        fs.symlinkSync(path.join(dangling, "missing"), path.join(dangling, "broken"));
        await expect(hashContent(dangling)).rejects.toThrow(
            new AssetSourceError(
                `${path.join(dangling, "broken")}: a symbolic link points to nothing; remove it or add it to .amlignore`,
            ),
        );

        const looped = writeTree({ "a.txt": "a" });
        fs.symlinkSync(looped, path.join(looped, "self"));
        await expect(hashContent(looped)).rejects.toThrow(/a symbolic link loops back/);
    });

    it("streams large files instead of reading them whole (buffer memory stays flat)", async () => {
        const dir = writeTree({});
        const big = path.join(dir, "big.bin");
        const size = 256 * 1024 * 1024;
        const fd = fs.openSync(big, "w");
        fs.ftruncateSync(fd, size);
        fs.closeSync(fd);
        const baseline = process.memoryUsage().arrayBuffers;
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
        try {
            const hash = await hashFile(big);
            const expected = createHash("sha256");
            const zeros = Buffer.alloc(1024 * 1024);
            for (let i = 0; i < size / zeros.length; i++) {
                expected.update(zeros);
            }
            expect(hash).toBe(expected.digest("hex"));
        } finally {
            clearInterval(sampler);
        }
        expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    });

    it("hashes a single file under its name, and refuses what is missing or empty", async () => {
        const dir = writeTree({ "model.pkl": "m", "other.pkl": "m" });
        const one = await hashContent(path.join(dir, "model.pkl"));
        expect(one.kind).toBe("file");
        expect(one.files.map((f) => f.path)).toEqual(["model.pkl"]);
        expect((await hashContent(path.join(dir, "other.pkl"))).digest).not.toBe(one.digest);
        await expect(hashContent(path.join(dir, "nope"))).rejects.toThrow(
            `${path.join(dir, "nope")}: no such file or directory`,
        );
        await expect(hashContent(writeTree({ ".amlignore": "*\n" }))).rejects.toThrow(
            "no files to upload (empty, or everything is ignored)",
        );
    });
});

describe("versions and upload paths (property)", () => {
    const fileName = fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,3})?$/);
    const tree = fc.dictionary(
        fc.tuple(fc.constantFrom("", "sub/", "sub/deep/"), fileName).map(([d, f]) => `${d}${f}`),
        fc.string({ maxLength: 40 }),
        { minKeys: 1, maxKeys: 6 },
    );

    it("change exactly when the content changes", async () => {
        await fc.assert(
            fc.asyncProperty(tree, fc.nat(), fc.string({ minLength: 1, maxLength: 10 }), async (files, pick, extra) => {
                // A file name never collides with a directory of the same path.
                const clean = Object.fromEntries(
                    Object.entries(files).filter(
                        ([name]) => !Object.keys(files).some((other) => other.startsWith(`${name}/`)),
                    ),
                );
                const names = Object.keys(clean);
                const base = await hashContent(writeTree(clean));
                const same = await hashContent(writeTree(clean));
                expect(same.digest).toBe(base.digest);
                expect(uploadPaths(same.digest, "model")).toEqual(uploadPaths(base.digest, "model"));

                const victim = names[pick % names.length];
                const changed = await hashContent(writeTree({ ...clean, [victim]: clean[victim] + extra }));
                expect(changed.digest).not.toBe(base.digest);
                expect(versionFromDigest(changed.digest)).not.toBe(versionFromDigest(base.digest));
                expect(uploadPaths(changed.digest, "model").assetPath).not.toBe(
                    uploadPaths(base.digest, "model").assetPath,
                );

                const renamed = { ...clean };
                delete renamed[victim];
                renamed[`${victim}x`] = clean[victim];
                if (!names.includes(`${victim}x`)) {
                    expect((await hashContent(writeTree(renamed))).digest).not.toBe(base.digest);
                }
            }),
            { numRuns: 40 },
        );
    });
});
