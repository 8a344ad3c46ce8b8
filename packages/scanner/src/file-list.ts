/**
 * Which files a scan of a folder reads. Inside a git work tree, git itself answers
 * (`git ls-files --cached --others --exclude-standard`): nested .gitignore files, global
 * excludes and .git/info/exclude then behave exactly as they do for git. Elsewhere, or
 * with `--no-ignore`, fast-glob walks the folder. Either way `.git` and `node_modules`
 * are skipped and no symlink is followed.
 */
import { execFile } from "node:child_process";
import { lstatSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";

export const ALWAYS_SKIPPED_DIRS = [".git", "node_modules"];

export interface ListedFile {
  readonly absolute: string;
}

export interface ListResult {
  readonly files: string[];
  /** Symlinks seen and not followed. */
  readonly symlinks: number;
}

export async function listFiles(root: string, useGitIgnore: boolean): Promise<ListResult> {
  if (useGitIgnore) {
    const fromGit = await listWithGit(root);
    if (fromGit) return fromGit;
  }
  return listWithGlob(root);
}

async function listWithGlob(root: string): Promise<ListResult> {
  const entries = await fg("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    suppressErrors: true,
    ignore: ALWAYS_SKIPPED_DIRS.map((dir) => `**/${dir}/**`),
  });
  const files: string[] = [];
  let symlinks = 0;
  for (const entry of entries) {
    if (entry.dirent.isSymbolicLink()) symlinks++;
    else if (entry.dirent.isFile()) files.push(path.join(root, entry.path));
  }
  files.sort();
  return { files, symlinks };
}

/** null when `root` is not inside a git work tree or git is not installed. */
async function listWithGit(root: string): Promise<ListResult | null> {
  const output = await new Promise<string | null>((resolve) => {
    execFile(
      "git",
      ["-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
      { cwd: root, maxBuffer: 1 << 30, encoding: "utf8" },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });
  if (output === null) return null;
  const files: string[] = [];
  let symlinks = 0;
  const seen = new Set<string>();
  for (const relative of output.split("\0")) {
    // Unmerged files are listed once per stage.
    if (relative === "" || seen.has(relative)) continue;
    seen.add(relative);
    if (relative.split("/").some((part) => ALWAYS_SKIPPED_DIRS.includes(part))) continue;
    const absolute = path.join(root, relative);
    let stat;
    try {
      stat = lstatSync(absolute);
    } catch {
      continue; // Deleted in the work tree but still in the index: nothing to read.
    }
    if (stat.isSymbolicLink()) symlinks++;
    else if (stat.isFile()) files.push(absolute);
  }
  files.sort();
  return { files, symlinks };
}
