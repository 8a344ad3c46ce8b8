/** Where the repository is, and what state it is in, asked of git once per scan. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { runGit } from "./git-process.js";

export interface RepositoryState {
  /** The work tree's top folder: diff paths are relative to it. */
  readonly topLevel: string;
  /** The other heads of a merge in progress (`MERGE_HEAD`), empty otherwise. */
  readonly mergeHeads: string[];
}

export async function repositoryState(cwd: string, timeoutMs: number): Promise<RepositoryState> {
  const { stdout } = await runGit(["rev-parse", "--show-toplevel", "--git-path", "MERGE_HEAD"], { cwd, timeoutMs });
  const [topLevel = "", mergeHeadFile = ""] = stdout.split("\n");
  let mergeHeads: string[] = [];
  try {
    mergeHeads = readFileSync(path.resolve(cwd, mergeHeadFile), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^[0-9a-f]{40,64}$/.test(line));
  } catch {
    // No merge in progress.
  }
  return { topLevel: path.resolve(cwd, topLevel), mergeHeads };
}
