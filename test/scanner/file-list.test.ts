/**
 * listFiles, called directly: which files a folder scan reads. Outside git, every file
 * but those under .git and node_modules; inside a work tree, what git lists (nested
 * .gitignore files, .git/info/exclude, untracked files included); symlinks counted, never
 * followed; names that are not UTF-8 kept as bytes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "@roxels-guard/scanner";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "roxels-guard-list-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function git(dir: string, ...args: string[]): void {
  execFileSync("git", args, { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" }, stdio: "ignore" });
}

async function list(root: string, useGitIgnore: boolean) {
  const files: string[] = [];
  const result = await listFiles(root, useGitIgnore, (batch) => {
    for (const file of batch) files.push(path.relative(root, typeof file === "string" ? file : file.toString("latin1")).split(path.sep).join("/"));
  });
  return { files: files.sort(), result };
}

const TREE = {
  "a.js": "a",
  "src/b.ts": "b",
  "dist/out.js": "built",
  "src/gen/c.ts": "generated",
  "node_modules/dep/index.js": "dep",
  "src/node_modules/inner/index.js": "inner dep",
  ".gitignore": "dist/\n",
  "src/.gitignore": "gen/\n",
};

describe("listFiles", () => {
  it("outside git, lists every file but those under .git and node_modules, at any depth", async () => {
    const dir = folder(TREE);
    const { files } = await list(dir, true);
    expect(files).toEqual([".gitignore", "a.js", "dist/out.js", "src/.gitignore", "src/b.ts", "src/gen/c.ts"]);
  });

  it("in a work tree, lists tracked and untracked files git does not ignore, nested .gitignore files and info/exclude included", async () => {
    const dir = folder({ ...TREE, "notes/private.md": "mine" });
    git(dir, "init", "-q");
    writeFileSync(path.join(dir, ".git/info/exclude"), "notes/\n");
    git(dir, "add", "a.js");
    const { files } = await list(dir, true);
    expect(files).toEqual([".gitignore", "a.js", "src/.gitignore", "src/b.ts"]);
  });

  it("with the ignore rules off, walks the work tree as outside git", async () => {
    const dir = folder(TREE);
    git(dir, "init", "-q");
    const { files } = await list(dir, false);
    expect(files).toEqual([".gitignore", "a.js", "dist/out.js", "src/.gitignore", "src/b.ts", "src/gen/c.ts"]);
  });

  it("walks a folder that .gitignore excludes when it is the folder asked for", async () => {
    const dir = folder(TREE);
    git(dir, "init", "-q");
    const { files } = await list(path.join(dir, "dist"), true);
    expect(files).toEqual(["out.js"]);
  });

  it("counts symlinks without following them, to a file or a folder", async () => {
    const dir = folder({ "real/x.js": "x" });
    symlinkSync("real", path.join(dir, "folder-link"));
    symlinkSync("real/x.js", path.join(dir, "file-link"));
    symlinkSync("/nowhere", path.join(dir, "dangling"));
    const { files, result } = await list(dir, true);
    expect(files).toEqual(["real/x.js"]);
    expect(result.symlinks).toBe(3);
    expect(result.links?.map((l) => path.basename(String(l))).sort()).toEqual(["dangling", "file-link", "folder-link"]);
  });

  it.runIf(process.platform === "linux")("keeps a name that is not UTF-8 as its bytes, in a walk and from git", async () => {
    for (const inGit of [false, true]) {
      const dir = folder({});
      const name = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from(".txt")]);
      writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), name]), "x");
      if (inGit) git(dir, "init", "-q");
      const seen: Array<string | Buffer> = [];
      await listFiles(dir, true, (batch) => seen.push(...batch));
      expect(seen, inGit ? "from git" : "in a walk").toHaveLength(1);
      expect(Buffer.isBuffer(seen[0]) && seen[0].subarray(-name.length).equals(name)).toBe(true);
    }
  });
});
