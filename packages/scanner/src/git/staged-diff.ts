/**
 * The staged scan's `git diff --cached`: its pinned arguments, and a way to start it
 * before the rest of the CLI has loaded. This module imports only git-process.js, so the
 * pre-commit hook's entry can start git first and load everything else while git runs
 * (git's ~10 ms then overlap Node's module loading instead of following it).
 */
import { gitTimeoutMs, startGit } from "./git-process.js";
import { PINNED_PATCH_OPTIONS } from "./patch-options.js";

/** A copy of an unchanged file is found as a copy, not judged as a new file. */
export const STAGED_DIFF_ARGS = ["diff", "--cached", ...PINNED_PATCH_OPTIONS, "--find-copies"];

export type StagedDiff = ReturnType<typeof startGit>;

let early: { readonly cwd: string; readonly timeoutMs: number; readonly diff: StagedDiff } | null = null;

/**
 * Start `git diff --cached` in `cwd` now. `startStagedDiff` hands it over when asked for
 * the same folder and time limit; `discard` kills it if nothing took it (a usage error,
 * another folder), so an unread git never lingers on a full pipe.
 */
export function prestartStagedDiff(cwd: string): { discard(): void } {
  let timeoutMs: number;
  try {
    timeoutMs = gitTimeoutMs();
  } catch {
    return { discard() {} }; // The scan itself reports the bad setting.
  }
  const started = { cwd, timeoutMs, diff: startGit([...STAGED_DIFF_ARGS, "--"], { cwd, timeoutMs }) };
  early = started;
  return {
    discard() {
      if (early !== started) return;
      early = null;
      started.diff.kill();
    },
  };
}

/** The staged diff of `cwd` (`extra` revision arguments go before `--`): the pre-started one if it matches. */
export function startStagedDiff(cwd: string, timeoutMs: number, extra: readonly string[] = []): StagedDiff {
  const started = early;
  if (started !== null && extra.length === 0) {
    early = null;
    if (started.cwd === cwd && started.timeoutMs === timeoutMs) return started.diff;
    started.diff.kill();
  }
  return startGit([...STAGED_DIFF_ARGS, ...extra, "--"], { cwd, timeoutMs });
}
