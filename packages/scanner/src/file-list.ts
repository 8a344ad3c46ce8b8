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
import { existsSync, lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { joinName, pathFromBytes, pathKey, pathText, type FilePath } from "./file-path.js";

export const ALWAYS_SKIPPED_DIRS = [".git", "node_modules"];

/** Files are handed over in batches, as they are listed, so that reading can start. */
export type OnFiles = (files: readonly FilePath[]) => void;

export interface ListResult {
  /** Symlinks seen and not followed. */
  readonly symlinks: number;
  /** The symlinks counted in `symlinks`: not followed, but their targets are scanned (a key can be one). */
  readonly links?: readonly FilePath[];
  /** Folders and files that could not be listed or looked at, with the error's code. */
  readonly unreadable: ReadonlyArray<{ readonly path: FilePath; readonly code: string }>;
  /** What the listing could not do as asked, one line each. */
  readonly warnings?: readonly string[];
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Lists the files under `root`, handing them to `onFiles` in batches, in no particular
 * order (the report sorts what it shows).
 */
export async function listFiles(root: string, useGitIgnore: boolean, onFiles: OnFiles): Promise<ListResult> {
  if (useGitIgnore) {
    const git = await gitListed(root);
    if (git === "refused") {
      // Reading more than asked is the safe side; the user is told .gitignore was not used.
      const warning = `git refused the repository at ${JSON.stringify(root)} (dubious ownership: see git config safe.directory), so .gitignore was not applied and every file was read`;
      return { ...walk(root, onFiles), warnings: [warning] };
    }
    // A folder that .gitignore excludes (a build output named on the command line) lists
    // nothing: it is walked instead, as `git add -f` would take it.
    if (git && (git.listed.length > 0 || !(await isGitIgnored(root)))) return statGitListed(root, git, onFiles);
  }
  return walk(root, onFiles);
}

/**
 * child_process, loaded when git first runs rather than imported: a scan with
 * `--no-ignore`, or of a folder outside any repository, never starts git, and loading the
 * module costs every run start-up time.
 */
function childProcess(): typeof import("node:child_process") {
  return process.getBuiltinModule("node:child_process");
}

function isGitIgnored(root: string): Promise<boolean> {
  return new Promise((resolve) => {
    childProcess().execFile("git", ["check-ignore", "-q", "--", "."], { cwd: root }, (error) => resolve(error === null));
  });
}

/** How many files a batch collects before it is handed over. */
const BATCH = 512;

function walk(root: string, onFiles: OnFiles): ListResult {
  let batch: FilePath[] = [];
  const links: FilePath[] = [];
  const unreadable: Array<{ path: FilePath; code: string }> = [];
  const pending: FilePath[] = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    try {
      readFolder(folder, pending, batch, links);
    } catch (error) {
      // The rest goes on, but a folder left unread is said, never a silent pass.
      unreadable.push({ path: folder, code: errorCode(error) });
      continue;
    }
    if (batch.length >= BATCH) {
      onFiles(batch);
      batch = [];
    }
  }
  if (batch.length > 0) onFiles(batch);
  return { symlinks: links.length, links, unreadable };
}

/** Adds a folder's subfolders, files and symlinks to `dirs`, `files` and `links`. */
function readFolder(dir: FilePath, dirs: FilePath[], files: FilePath[], links: FilePath[]): void {
  if (typeof dir === "string") {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (!entries.some((entry) => entry.name.includes("\uFFFD"))) {
      // `dir` is resolved and a name holds no separator: joining is concatenating.
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      for (const entry of entries) {
        if (entry.isSymbolicLink()) links.push(prefix + entry.name);
        else if (entry.isDirectory()) {
          if (!ALWAYS_SKIPPED_DIRS.includes(entry.name)) dirs.push(prefix + entry.name);
        } else if (entry.isFile()) files.push(prefix + entry.name);
      }
      return;
    }
  }
  // A name that is not UTF-8 (or a folder whose own path is not): names read as bytes.
  for (const entry of readdirSync(dir, { withFileTypes: true, encoding: "buffer" })) {
    const name = pathFromBytes(entry.name);
    if (entry.isSymbolicLink()) links.push(joinName(dir, name));
    else if (entry.isDirectory()) {
      if (!(typeof name === "string" && ALWAYS_SKIPPED_DIRS.includes(name))) dirs.push(joinName(dir, name));
    } else if (entry.isFile()) files.push(joinName(dir, name));
  }
}

/**
 * What `git ls-files` lists under `root` (paths relative to it); null when `root` is not
 * inside a git work tree or git is not installed. Read as bytes: git writes a name that
 * is not UTF-8 as it is.
 */
async function gitListed(root: string): Promise<{ listed: FilePath[]; unreadable: Array<{ path: FilePath; code: string }> } | "refused" | null> {
  const output = await new Promise<{ stdout: Buffer; stderr: Buffer } | "refused" | null>((resolve) => {
    childProcess().execFile(
      "git",
      ["-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
      { cwd: root, maxBuffer: 1 << 30, encoding: "buffer" },
      (error, stdout, stderr) => {
        if (!error) resolve({ stdout, stderr });
        else resolve(stderr.includes("dubious ownership") ? "refused" : null);
      },
    );
  });
  if (output === null || output === "refused") return output;
  // git lists nothing under a folder it cannot open, and says so only on stderr (cutting
  // a path too long to open short, reason and all).
  const unreadable = [...output.stderr.toString("utf8").matchAll(/^warning: could not open directory '(.*?)(?:': (.*))?$/gm)].map((m) => ({
    path: path.join(root, m[1]!),
    code: m[2] ?? "unreadable",
  }));
  const listed: FilePath[] = [];
  // Unmerged files are listed once per stage.
  const seen = new Set<string>();
  const stdout = output.stdout;
  for (let start = 0, end = stdout.indexOf(0); end !== -1; start = end + 1, end = stdout.indexOf(0, start)) {
    if (end === start) continue;
    const relative = pathFromBytes(stdout.subarray(start, end));
    const key = pathKey(relative);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!pathText(relative).split("/").some((part) => ALWAYS_SKIPPED_DIRS.includes(part))) listed.push(relative);
  }
  return { listed, unreadable };
}

async function statGitListed(root: string, { listed, unreadable }: Exclude<Awaited<ReturnType<typeof gitListed>>, null | "refused">, onFiles: OnFiles): Promise<ListResult> {
  let batch: FilePath[] = [];
  const links: FilePath[] = [];
  // git lists a submodule, or a repository inside the work tree, as one entry: a folder.
  const repositories: FilePath[] = [];
  const warnings: string[] = [];
  for (const relative of listed) {
    const absolute = typeof relative === "string" ? path.join(root, relative) : joinName(root, relative);
    let stat;
    try {
      stat = lstatSync(absolute);
    } catch (error) {
      const code = errorCode(error);
      // Deleted in the work tree but still in the index: nothing to read.
      if (code !== "ENOENT" && code !== "ENOTDIR") unreadable.push({ path: absolute, code });
      continue;
    }
    if (stat.isSymbolicLink()) links.push(absolute);
    else if (stat.isFile()) batch.push(absolute);
    // One not checked out is an empty folder with no .git of its own: git run there would
    // answer for the outer repository and list the folder again, forever.
    else if (stat.isDirectory() && absolute !== root && existsSync(joinName(absolute, ".git"))) repositories.push(absolute);
    if (batch.length >= BATCH) {
      onFiles(batch);
      batch = [];
    }
  }
  if (batch.length > 0) onFiles(batch);
  // Their files are on disk as much as any other: each is listed by its own git, with its
  // own ignore rules, as `scan` of that folder would.
  for (const repository of repositories) {
    if (typeof repository !== "string") {
      unreadable.push({ path: repository, code: "a repository whose name is not UTF-8" });
      continue;
    }
    const inner = await listFiles(repository, true, onFiles);
    for (const link of inner.links ?? []) links.push(link);
    for (const entry of inner.unreadable) unreadable.push(entry);
    for (const warning of inner.warnings ?? []) warnings.push(warning);
  }
  return { symlinks: links.length, links, unreadable, warnings };
}
