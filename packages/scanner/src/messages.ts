/**
 * What is pushed with the commits besides their files: commit messages, annotated tags'
 * messages, and branch and tag names. `scan --history` scans them with the commits they
 * belong to; the commit-msg hook (`scan --commit-msg FILE`) scans a message before the
 * commit exists.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { hasKeyPrefix, redactKeys, UsageError } from "@roxels-guard/core";
import { emptyStats, type Finding, type ScanResult, type Suppressed } from "./finding.js";
import { runGit } from "./git/git-process.js";
import { displayPath, shownPath, type ScanSettings } from "./settings.js";
import { scanText, type ScanSink, type TextOrigin } from "./text-scan.js";

/** Where a commit message's findings are reported: no file holds it. */
export const COMMIT_MESSAGE_FILE = "(commit message)";

/** Could the text hold a key, plain or base64-encoded: the grammar's literal pre-filter, loosely. */
function worthScanning(text: string): boolean {
  return hasKeyPrefix(text) || /[A-Za-z0-9+/_-]{36}/.test(text);
}

function newSink(settings: ScanSettings): ScanSink {
  return { suppressions: settings.suppressions, kinds: settings.kinds, explain: settings.explain, findings: [], suppressed: [] };
}

/** An author's e-mail or name as reports show it: a key in it is masked like any other. */
export function shownPerson(person: string): string {
  return hasKeyPrefix(person) ? redactKeys(person) : person;
}

/**
 * Messages of the commits `revisions` selects (as `git log` takes them), and the branches
 * and tags that point at those commits: their names, and annotated tags' messages.
 */
export async function scanMessagesAndRefs(
  settings: ScanSettings,
  revisions: readonly string[],
  timeoutMs: number,
): Promise<{ findings: Finding[]; suppressed: Suppressed[] }> {
  const cwd = settings.cwd;
  const sink = newSink(settings);
  const { stdout } = await runGit(["log", "--no-show-signature", "--format=%x01%H%x00%ae%x00%aI%x00%an%x00%B", ...revisions, "--"], { cwd, timeoutMs });
  const commits = new Set<string>();
  for (const record of stdout.split("\x01")) {
    if (record === "") continue;
    const [sha = "", author = "", date = "", authorName = "", ...body] = record.split("\0");
    commits.add(sha);
    const message = body.join("\0").replace(/\n+$/, "");
    if (!worthScanning(message)) continue;
    const origin: TextOrigin = { file: COMMIT_MESSAGE_FILE, bytewise: false, commit: sha, author: shownPerson(author), authorName: shownPerson(authorName), date, place: "commit-message" };
    scanText(message, origin, sink);
  }
  const refs = await runGit(
    // for-each-ref knows %00 but not %x01: each record opens with NUL, "RG", NUL.
    // refs/remotes too: a CI clone (actions/checkout) holds the pushed branches only there.
    ["for-each-ref", "--format=%00RG%00%(refname)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(contents)", "refs/heads", "refs/remotes", "refs/tags"],
    { cwd, timeoutMs },
  );
  for (const record of refs.stdout.split("\0RG\0")) {
    if (record === "") continue;
    const [name = "", type = "", object = "", peeled = "", ...contents] = record.split("\0");
    const commit = type === "tag" ? peeled : object;
    if (!commits.has(commit)) continue;
    const file = shownPath(name);
    if (hasKeyPrefix(name)) scanText(name, { file, bytewise: false, commit, place: "ref-name" }, sink);
    const message = contents.join("\0").replace(/\n+$/, "");
    if (type === "tag" && worthScanning(message)) scanText(message, { file, bytewise: false, commit, place: "tag-message" }, sink);
  }
  return { findings: sink.findings, suppressed: sink.suppressed };
}

/** Git's scissors line (`git commit -v`, `--cleanup=scissors`): nothing below it is the message. */
const SCISSORS = /^. -{24} >8 -{24}$/m;

/**
 * A commit message file as the commit-msg hook gets it, before git's clean-up. Everything
 * below the scissors line (`git commit -v`) is git's diff, not the message. Comment lines
 * are scanned: git strips them only when the message was edited (`git commit -m "#42 use
 * sk_…"` keeps its `#` line, and which clean-up runs is not told to the hook), and the
 * comments git writes itself hold nothing a commit can add but file names, which the
 * pre-commit hook judges anyway. Line numbers stay those of the file.
 */
export function scanCommitMessageFile(settings: ScanSettings, file: string): ScanResult {
  const absolute = path.resolve(settings.cwd, file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the commit message file ${JSON.stringify(file.slice(0, 200))}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  const scissors = SCISSORS.exec(text);
  const message = scissors ? text.slice(0, scissors.index) : text;
  const sink = newSink(settings);
  scanText(message, { file: displayPath(settings.cwd, absolute), bytewise: false, place: "commit-message" }, sink);
  const stats = emptyStats();
  stats.files = 1;
  stats.bytes = Buffer.byteLength(text);
  return { findings: sink.findings, suppressed: sink.suppressed, stats, warnings: [] };
}
