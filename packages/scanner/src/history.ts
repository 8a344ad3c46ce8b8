/**
 * `roxels-guard scan --history [<rev-range>]`: every key any commit in the range added.
 *
 * One patch stream (`git rev-list --reverse | git diff-tree --stdin -p`, the same patch
 * as `git log -p`), oldest commit first, read through the same diff parser and the same
 * `scanText` as the staged scan: memory stays bounded whatever the history's size.
 * Renames are followed (`-M`) so a moved file is not a new leak; merges are shown as
 * combined diffs (`--cc`), so a merge counts only for what it adds itself (a conflict
 * resolution that introduces a key), not for what its parents already had.
 *
 * The same key added by several commits is reported once, at the first commit, with the
 * number of commits that added it (`occurrences`); `allOccurrences` lists each.
 */
import { UsageError } from "@roxels-guard/core";
import { emptyStats, type Finding, type ScanResult } from "./finding.js";
import type { ScanSettings } from "./settings.js";
import { AddedLineCollector, type SequencedFinding } from "./git/added-lines.js";
import { checkBinaryBlobs } from "./git/blob-check.js";
import { DiffParser, HISTORY_FORMAT } from "./git/diff-parser.js";
import { GitProcess, gitTimeoutMs, runGit, startGit } from "./git/git-process.js";
import { repositoryState, type RepositoryState } from "./git/repository.js";
import { PINNED_PATCH_OPTIONS } from "./git/patch-options.js";
import { isUnknownRevision, revisionArgs, stashEntries } from "./git/rev-range.js";
import { scanMessagesAndRefs, shownPerson, type OutsideHistory } from "./messages.js";

export interface HistoryScanOptions {
  /** A rev-range (`main..feature`, `v1.0..`); default: all of HEAD's history. */
  readonly range?: string;
  /** Every ref (`--all`). */
  readonly all?: boolean;
  /** List each commit that added a key, not just the first. */
  readonly allOccurrences?: boolean;
  /** Called as commits are read (commits done, total when known). */
  readonly onProgress?: (done: number, total: number | null) => void;
}

/** What a history scan reads, as one porcelain command: `git log` with these arguments gives the same patch. */
export const HISTORY_LOG_ARGS = [
  "log",
  "--reverse",
  "--patch",
  "--cc",
  ...PINNED_PATCH_OPTIONS,
  "--no-show-signature",
  "--no-notes",
  "--no-mailmap",
  HISTORY_FORMAT,
];

/**
 * What it runs: `git rev-list --reverse` names the commits, oldest first, and one
 * `git diff-tree --stdin` prints each one's patch. Plumbing, because porcelain `git log -p`
 * reads every new blob whole, even one it then shows as binary: a committed 1 GB file
 * cost 1 GB in git. `--always` prints a commit with an empty diff too (it is counted);
 * `--root` gives the first commit's patch.
 */
export const HISTORY_REV_LIST_ARGS = ["rev-list", "--reverse"];
export const HISTORY_DIFF_TREE_ARGS = ["diff-tree", "--stdin", "--always", "--root", "--patch", "--cc", ...PINNED_PATCH_OPTIONS, "--no-notes", HISTORY_FORMAT];

/** Where objects outside the commits (tagged blobs, notes) sort: after every commit. */
const OUTSIDE_HISTORY = 2 ** 40;

/** A history scan runs as long as it needs unless ROXELS_GUARD_GIT_TIMEOUT says otherwise. */
const NO_LIMIT_MS = 2 ** 31 - 1;

export async function scanHistory(settings: ScanSettings, options: HistoryScanOptions = {}): Promise<ScanResult> {
  const timeoutMs = process.env.ROXELS_GUARD_GIT_TIMEOUT ? gitTimeoutMs() : NO_LIMIT_MS;
  const cwd = settings.cwd;
  const revisions = revisionArgs(options.range, options.all === true);
  // `--all` is every ref's history, and every stash entry (`git stash list`), not only the last.
  if (options.all === true) revisions.push(...(await stashEntries(cwd, timeoutMs)));
  // git starts at once; the checks run beside it (they only decide whether to read it).
  const commits = new GitProcess([...HISTORY_REV_LIST_ARGS, ...revisions, "--"], { cwd, timeoutMs });
  commits.child.stdin.end();
  const listed = commits.done();
  listed.catch(() => {}); // an unknown revision is said by countCommits
  const patches = startGit(HISTORY_DIFF_TREE_ARGS, { cwd, timeoutMs, stdin: commits.child.stdout });
  const log = {
    consume: async (onChunk: (chunk: Buffer) => void): Promise<void> => {
      await patches.consume(onChunk);
      await listed;
    },
    kill: (): void => {
      commits.kill();
      patches.kill();
    },
  };
  let repo: RepositoryState;
  let total: number;
  let shallow: boolean;
  try {
    [repo, total, shallow] = await Promise.all([
      repositoryState(cwd, timeoutMs),
      countCommits(revisions, options.range, cwd, timeoutMs),
      isShallow(cwd, timeoutMs),
    ]);
  } catch (error) {
    log.kill();
    throw error;
  }
  // CI checkouts are often one commit deep: a clean history scan of one commit is no
  // clean history.
  const warnings = shallow ? ["this clone is shallow: commits before its depth were not scanned (git fetch --unshallow, or fetch-depth: 0)"] : [];
  const stats = emptyStats();
  stats.commits = 0;
  const progress = options.onProgress;
  const collector = new AddedLineCollector(settings, repo.topLevel, stats, progress ? (done) => progress(done, total) : undefined);
  // No commit (a fresh repository, a range that names only a tag on a blob): what refs
  // reach outside the commits is still read.
  if (total === 0) log.kill();
  else {
    progress?.(0, total);
    const parser = new DiffParser(collector);
    await log.consume((chunk) => parser.push(chunk));
    parser.end();
  }
  const fromBlobs = await checkBinaryBlobs(collector.blobChecks, settings, cwd, timeoutMs, stats, collector);

  // Kinds the config leaves out were suppressed as they were found (text-scan.ts).
  const ordered: SequencedFinding[] = [...collector.findings, ...fromBlobs.findings];
  // Stable: within a commit, the diff's own order (file, then line) is kept.
  ordered.sort((a, b) => a.sequence - b.sequence);
  // Also what no commit holds: tagged blobs and trees (all, or those a range names), and notes.
  const messages = await scanMessagesAndRefs(settings, total === 0 ? [] : revisions, timeoutMs, outsideHistory(options.range, revisions));
  // After every commit, so that a key a commit also added is reported at the commit.
  const objects = messages.objects.map((check, i) => ({ ...check, sequence: OUTSIDE_HISTORY + i }));
  const fromObjects = await checkBinaryBlobs(objects, settings, cwd, timeoutMs, stats, collector);
  for (const finding of fromObjects.findings) ordered.push(finding);
  const found = options.allOccurrences ? ordered.map((s) => s.finding) : firstOccurrences(ordered);
  // An author's e-mail or name that holds a key is masked like the key.
  const findings = [...found, ...messages.findings].map(withPersonShown);
  for (const warning of [...fromBlobs.warnings, ...fromObjects.warnings]) warnings.push(warning);
  return { findings, suppressed: [...collector.suppressed, ...fromBlobs.suppressed, ...messages.suppressed, ...fromObjects.suppressed], stats, warnings };
}

/**
 * A scan of HEAD or of every ref reads every tagged blob and tree; a range, those of the
 * refs it names as revisions (`v1.0`, `refs/tags/cfg`, or the tag's id, as the pre-push
 * hook names what it pushes), not those it excludes.
 */
function outsideHistory(range: string | undefined, revisions: readonly string[]): OutsideHistory {
  if (range === undefined) return "all";
  return { named: new Set(revisions.filter((token) => !token.startsWith("-") && !token.startsWith("^") && !token.includes(".."))) };
}

function withPersonShown(f: Finding): Finding {
  const author = f.author === undefined ? undefined : shownPerson(f.author);
  const authorName = f.authorName === undefined ? undefined : shownPerson(f.authorName);
  if (author === f.author && authorName === f.authorName) return f;
  return { ...f, ...(author !== undefined ? { author } : {}), ...(authorName !== undefined ? { authorName } : {}) };
}

async function isShallow(cwd: string, timeoutMs: number): Promise<boolean> {
  const { stdout } = await runGit(["rev-parse", "--is-shallow-repository"], { cwd, timeoutMs });
  return stdout.trim() === "true";
}

/** One finding per key: its first commit, with the number of commits that added it. */
function firstOccurrences(ordered: readonly SequencedFinding[]): Finding[] {
  const first = new Map<string, Finding>();
  const commits = new Map<string, Set<number>>();
  for (const { finding, sequence } of ordered) {
    if (!first.has(finding.fingerprint)) first.set(finding.fingerprint, { ...finding });
    let seen = commits.get(finding.fingerprint);
    if (!seen) commits.set(finding.fingerprint, (seen = new Set()));
    seen.add(sequence);
  }
  const findings = [...first.values()];
  for (const f of findings) f.occurrences = commits.get(f.fingerprint)!.size;
  return findings;
}

/** How many commits the range holds; validates it too, with a one-line error for an unknown ref. */
async function countCommits(revisions: string[], range: string | undefined, cwd: string, timeoutMs: number): Promise<number> {
  try {
    const { stdout } = await runGit(["rev-list", "--count", ...revisions, "--"], { cwd, timeoutMs });
    return Number(stdout.trim());
  } catch (error) {
    if (!(error instanceof UsageError) || !isUnknownRevision(error.message)) throw error;
    if (range === undefined && revisions[0] === "HEAD" && !(await hasHead(cwd, timeoutMs))) return 0; // no commit yet
    throw new UsageError(`unknown revision or range "${(range ?? revisions.join(" ")).slice(0, 80)}"`);
  }
}

async function hasHead(cwd: string, timeoutMs: number): Promise<boolean> {
  const { code } = await runGit(["rev-parse", "--verify", "--quiet", "HEAD"], { cwd, timeoutMs, okCodes: [0, 1] });
  return code === 0;
}
