/**
 * Which files a scan of a folder reads. Inside a git work tree, git itself answers
 * (`git ls-files --cached --others --exclude-standard`): nested .gitignore files, global
 * excludes and .git/info/exclude then behave exactly as they do for git. Elsewhere, or
 * with `--no-ignore`, a plain directory walk lists every file. Either way `.git` and
 * `node_modules` are skipped and no symlink is followed.
 *
 * Not fast-glob: its matcher silently drops file names that contain a newline, and a
 * scanner that skips `"x\n.env"` is a scanner an attacker can step around.
 */
import { execFile } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";

export const ALWAYS_SKIPPED_DIRS = [".git", "node_modules"];

export interface ListResult {
  readonly files: string[];
  /** Symlinks seen and not followed. */
  readonly symlinks: number;
}

export async function listFiles(root: string, useGitIgnore: boolean): Promise<ListResult> {
  if (useGitIgnore) {
    const fromGit = await listWithGit(root);
    // A folder that .gitignore excludes (a build output named on the command line) lists
    // nothing: it is walked instead, as `git add -f` would take it.
    if (fromGit && (fromGit.files.length > 0 || !(await isGitIgnored(root)))) return fromGit;
  }
  return listWithWalk(root);
}

function isGitIgnored(root: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("git", ["check-ignore", "-q", "--", "."], { cwd: root }, (error) => resolve(error === null));
  });
}

function listWithWalk(root: string): ListResult {
  const files: string[] = [];
  let symlinks = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // An unreadable folder holds nothing we can scan; the rest goes on.
    }
    // `dir` is resolved and a name holds no separator: joining is concatenating.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const entry of entries) {
      if (entry.isSymbolicLink()) symlinks++;
      else if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED_DIRS.includes(entry.name)) pending.push(prefix + entry.name);
      } else if (entry.isFile()) files.push(prefix + entry.name);
    }
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
