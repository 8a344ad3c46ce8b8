/**
 * `roxels-guard scan --staged`: what the next commit adds, read from the index (not the
 * work tree), so a partially staged file is judged on its staged part only.
 *
 * One `git diff --cached` stream does the work, whatever the number of files; a
 * `git cat-file --batch` is added only when git hides a file as binary (see
 * git/blob-check.ts). Only added lines count: a renamed or copied file is judged on
 * what changed, not on the key it already held (`--find-renames --find-copies`).
 *
 * A merge in progress is judged on what the merge itself adds: a key counts only if it
 * is added relative to every parent (HEAD and each MERGE_HEAD), as `git show` of the
 * merge would display it. Keys the merged branch brought in were added by its own
 * commits, where that branch's hook and `scan --history` report them.
 */
import { emptyStats, type Finding, type ScanResult } from "./finding.js";
import type { ScanSettings } from "./settings.js";
import { AddedLineCollector, type SequencedFinding } from "./git/added-lines.js";
import { DiffParser } from "./git/diff-parser.js";
import { gitTimeoutMs } from "./git/git-process.js";
import { startStagedDiff, type StagedDiff } from "./git/staged-diff.js";
import { repositoryState, type RepositoryState } from "./git/repository.js";

export { prestartStagedDiff, STAGED_DIFF_ARGS } from "./git/staged-diff.js";

export async function scanStaged(settings: ScanSettings): Promise<ScanResult> {
  const timeoutMs = gitTimeoutMs();
  // The diff starts while rev-parse runs (or earlier: see git/staged-diff.ts): the hook's
  // time is mostly process start-up.
  const diff = startStagedDiff(settings.cwd, timeoutMs);
  let repo: RepositoryState;
  try {
    repo = await repositoryState(settings.cwd, timeoutMs);
  } catch (error) {
    diff.kill();
    throw error;
  }
  const main = await scanDiff(settings, repo.topLevel, diff, timeoutMs);
  let findings = main.findings;
  for (const head of repo.mergeHeads) {
    const againstHead = startStagedDiff(settings.cwd, timeoutMs, [head]);
    const other = await scanDiff(settings, repo.topLevel, againstHead, timeoutMs);
    const alsoAdded = new Set(other.findings.map(key));
    findings = findings.filter((f) => alsoAdded.has(key(f)));
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { ...main, findings };
}

function key(f: Finding): string {
  return `${f.file}\0${f.line}\0${f.column}\0${f.fingerprint}`;
}

async function scanDiff(settings: ScanSettings, topLevel: string, diff: StagedDiff, timeoutMs: number): Promise<ScanResult> {
  const stats = emptyStats();
  const collector = new AddedLineCollector(settings, topLevel, stats);
  const parser = new DiffParser(collector);
  await diff.consume((chunk) => parser.push(chunk));
  parser.end();
  const fromBlobs =
    collector.blobChecks.length === 0
      ? { findings: [], suppressed: [], warnings: [] }
      : await (await import("./git/blob-check.js")).checkBinaryBlobs(collector.blobChecks, settings, settings.cwd, timeoutMs, stats, collector);
  const all: SequencedFinding[] = [...collector.findings, ...fromBlobs.findings];
  return {
    findings: all.map((s) => s.finding),
    suppressed: [...collector.suppressed, ...fromBlobs.suppressed],
    stats,
    warnings: fromBlobs.warnings,
  };
}
