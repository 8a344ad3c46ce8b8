/**
 * Where the repository is, and what state it is in. The pre-commit hook pays for every
 * process it starts, so the common layouts are read from the file system (a `.git`
 * folder, or a `.git` file pointing at a worktree's git dir, as git itself reads them);
 * anything else (GIT_WORK_TREE, a GIT_DIR elsewhere) is asked of `git rev-parse`.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { runGit } from "./git-process.js";

export interface RepositoryState {
  /** The work tree's top folder: diff paths are relative to it. */
  readonly topLevel: string;
  /** The other heads of a merge in progress (`MERGE_HEAD`), empty otherwise. */
  readonly mergeHeads: string[];
}

export async function repositoryState(cwd: string, timeoutMs: number): Promise<RepositoryState> {
  const located = locateFromFileSystem(cwd);
  if (located) return { topLevel: located.topLevel, mergeHeads: readMergeHeads(path.join(located.gitDir, "MERGE_HEAD")) };
  const { stdout } = await runGit(["rev-parse", "--show-toplevel", "--git-path", "MERGE_HEAD"], { cwd, timeoutMs });
  const [topLevel = "", mergeHeadFile = ""] = stdout.split("\n");
  return { topLevel: path.resolve(cwd, topLevel), mergeHeads: readMergeHeads(path.resolve(cwd, mergeHeadFile)) };
}

function readMergeHeads(file: string): string[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^[0-9a-f]{40,64}$/.test(line));
  } catch {
    return []; // No merge in progress.
  }
}

function locateFromFileSystem(cwd: string): { topLevel: string; gitDir: string } | null {
  if (process.env.GIT_WORK_TREE !== undefined) return null;
  const envGitDir = process.env.GIT_DIR;
  let dir = path.resolve(cwd);
  for (;;) {
    const dotGit = gitDirAt(dir);
    if (dotGit) {
      // Git exports GIT_DIR to hooks run in a linked worktree; it must agree with `.git`.
      if (envGitDir !== undefined && path.resolve(cwd, envGitDir) !== dotGit) return null;
      return { topLevel: dir, gitDir: dotGit };
    }
    if (envGitDir !== undefined) return null; // GIT_DIR set, and cwd is not a top folder.
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The top folder of the git work tree holding `start` (a file or folder), found by
 * walking up for a `.git` folder or a worktree's `.git` file; null outside git. No git
 * process: it only names the folder reports are rooted at.
 */
export function workTreeTop(start: string): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (gitDirAt(dir) !== null) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The git dir that `dir/.git` designates, or null when `dir` is not a work tree's top. */
function gitDirAt(dir: string): string | null {
  const dotGit = path.join(dir, ".git");
  let stat;
  try {
    stat = statSync(dotGit);
  } catch {
    return null;
  }
  if (stat.isDirectory()) return dotGit;
  if (!stat.isFile()) return null;
  const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, "utf8"));
  return pointer ? path.resolve(dir, pointer[1]!.trim()) : null;
}
