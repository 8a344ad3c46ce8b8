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

/** Files are handed over in batches, as they are listed, so that reading can start. */
export type OnFiles = (files: readonly string[]) => void;

export interface ListResult {
  /** Symlinks seen and not followed. */
  readonly symlinks: number;
}

/**
 * Lists the files under `root`, handing them to `onFiles` in batches, in no particular
 * order (the report sorts what it shows).
 */
export async function listFiles(root: string, useGitIgnore: boolean, onFiles: OnFiles): Promise<ListResult> {
  if (useGitIgnore) {
    const listed = await gitListed(root);
    // A folder that .gitignore excludes (a build output named on the command line) lists
    // nothing: it is walked instead, as `git add -f` would take it.
    if (listed && (listed.length > 0 || !(await isGitIgnored(root)))) return statGitListed(root, listed, onFiles);
  }
  return walk(root, onFiles);
}

function isGitIgnored(root: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("git", ["check-ignore", "-q", "--", "."], { cwd: root }, (error) => resolve(error === null));
  });
}

/** How many files a batch collects before it is handed over. */
const BATCH = 512;

function walk(root: string, onFiles: OnFiles): ListResult {
  let batch: string[] = [];
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
      } else if (entry.isFile()) batch.push(prefix + entry.name);
    }
    if (batch.length >= BATCH) {
      onFiles(batch);
      batch = [];
    }
  }
  if (batch.length > 0) onFiles(batch);
  return { symlinks };
}

/** What `git ls-files` lists under `root`; null when `root` is not inside a git work tree or git is not installed. */
async function gitListed(root: string): Promise<string[] | null> {
  const output = await new Promise<string | null>((resolve) => {
    execFile(
      "git",
      ["-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
      { cwd: root, maxBuffer: 1 << 30, encoding: "utf8" },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });
  if (output === null) return null;
  // Unmerged files are listed once per stage.
  const listed = new Set(output.split("\0"));
  listed.delete("");
  return [...listed].filter((relative) => !relative.split("/").some((part) => ALWAYS_SKIPPED_DIRS.includes(part)));
}

function statGitListed(root: string, listed: readonly string[], onFiles: OnFiles): ListResult {
  let batch: string[] = [];
  let symlinks = 0;
  for (const relative of listed) {
    const absolute = path.join(root, relative);
    let stat;
    try {
      stat = lstatSync(absolute);
    } catch {
      continue; // Deleted in the work tree but still in the index: nothing to read.
    }
    if (stat.isSymbolicLink()) symlinks++;
    else if (stat.isFile()) batch.push(absolute);
    if (batch.length >= BATCH) {
      onFiles(batch);
      batch = [];
    }
  }
  if (batch.length > 0) onFiles(batch);
  return { symlinks };
}
