/**
 * The revisions a history scan walks, as git arguments. A range is one or more
 * revisions separated by spaces (`main..feature`, `v1.0..`, `abc123 ^def456`), plus the
 * few selection options a pre-push hook needs (`--not`, `--remotes=origin`). Anything
 * else starting with `-` is refused: a range must never smuggle an option into git.
 */
import { UsageError } from "@roxels-guard/core";
import { runGit } from "./git-process.js";

const ALLOWED_OPTIONS = /^--(?:not|all|branches|tags|remotes)(?:=[^\s]*)?$/;

export function revisionArgs(range: string | undefined, all: boolean): string[] {
  if (range === undefined) return all ? [...NOT_NOTES, "--all"] : ["HEAD"];
  if (all) throw new UsageError("--all and a rev-range cannot be combined");
  const tokens = range.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new UsageError("the rev-range is empty");
  for (const token of tokens) {
    if (token.startsWith("-") && !(ALLOWED_OPTIONS.test(token) && !/^--(?:not|all)=/.test(token))) {
      throw new UsageError(`"${token.slice(0, 40)}" is not a revision or range (e.g. main..HEAD, v1.0..)`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f]/.test(token)) throw new UsageError("the rev-range holds a control character");
  }
  if (!tokens.some((t) => !t.startsWith("-") || /^--(?:all|branches|tags|remotes)/.test(t))) {
    throw new UsageError(`"${range.slice(0, 60)}" names no revision to scan`);
  }
  return tokens.flatMap((t) => (t === "--all" ? [...NOT_NOTES, t] : [t]));
}

/**
 * Notes refs are histories of their own, whose files are named by the objects they
 * annotate: `--all` leaves them to the notes scan (messages.ts), which reports each note
 * with its commit rather than as a file named by a hash.
 */
const NOT_NOTES = ["--exclude=refs/notes/*"];

/** Every stash entry (refs/stash's reflog, `git stash list`), newest first; none when there is no stash. */
export async function stashEntries(cwd: string, timeoutMs: number): Promise<string[]> {
  const { stdout, code } = await runGit(["log", "-g", "--format=%H", "refs/stash", "--"], { cwd, timeoutMs, okCodes: [0, 128] });
  return code === 0 ? stdout.split("\n").filter((line) => /^[0-9a-f]{40,64}$/.test(line)) : [];
}

/** True when git's complaint is about a revision the user named. */
export function isUnknownRevision(message: string): boolean {
  return /unknown revision|bad revision|ambiguous argument|invalid symmetric difference|not a valid object name|bad object|no merge base/i.test(message);
}
