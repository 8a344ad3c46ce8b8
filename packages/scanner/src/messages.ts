/**
 * What is pushed with the commits besides their files: commit messages, annotated tags'
 * messages (each tag's in a chain of tags), ref names, and what refs reach outside any
 * commit: blobs and trees that tags name, and notes. `scan --history` scans them with the
 * commits they belong to; the commit-msg hook (`scan --commit-msg FILE`) scans a message
 * before the commit exists.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { hasKeyPrefix, redactKeys, UsageError } from "@roxels-guard/core";
import { emptyStats, type Finding, type FindingPlace, type ScanResult, type Suppressed } from "./finding.js";
import type { BlobCheck } from "./git/added-lines.js";
import type { CommitInfo } from "./git/diff-parser.js";
import { runGit } from "./git/git-process.js";
import { noteBlobs } from "./git/note-blobs.js";
import { refTargets } from "./git/ref-targets.js";
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
 * Messages of the commits `revisions` selects (as `git log` takes them), and the refs
 * that end at those commits: their names, and the message of every tag object on the
 * way (a tag of a tag has two). Also what no commit holds: refs that end at a blob or
 * tree (their names, tag messages, and the objects themselves, returned as blob checks),
 * all of them or those a range names (a pushed tag: the pre-push hook names it by its
 * id); and every note under refs/notes/*, or in a range the notes on its commits.
 */
export async function scanMessagesAndRefs(
  settings: ScanSettings,
  revisions: readonly string[],
  timeoutMs: number,
  outside: OutsideHistory = { named: new Set() },
): Promise<{ findings: Finding[]; suppressed: Suppressed[]; objects: BlobCheck[] }> {
  const cwd = settings.cwd;
  const sink = newSink(settings);
  // No revisions: no commit is selected (a fresh repository, a range of only a tag on a blob).
  const { stdout } =
    revisions.length === 0 ? { stdout: "" } : await runGit(["log", "--no-show-signature", "--format=%x01%H%x00%ae%x00%aI%x00%an%x00%B", ...revisions, "--"], { cwd, timeoutMs });
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
  const objects: BlobCheck[] = [];
  const targets = await refTargets(cwd, timeoutMs);
  const notesRefs: string[] = [];
  const named = (ref: string, id: string): boolean =>
    outside === "all" || outside.named.has(id) || outside.named.has(ref) || outside.named.has(ref.replace(/^refs\/(?:tags|heads)\//, ""));
  for (const { ref, id, tags, target } of targets) {
    if (ref.startsWith("refs/notes/")) {
      if (target?.type === "commit") notesRefs.push(ref);
      continue;
    }
    const commit = target?.type === "commit" ? target.id : undefined;
    // A commit outside the scanned ones is another scan's; a blob or tree, no range's.
    if (commit !== undefined ? !commits.has(commit) : !named(ref, id)) continue;
    const file = shownPath(ref);
    const at = commit !== undefined ? { commit } : {};
    if (hasKeyPrefix(ref)) scanText(ref, { file, bytewise: false, ...at, place: "ref-name" }, sink);
    tags.forEach((tag, depth) => {
      // The ref's own tag is named by the ref; an inner one (a tag of a tag) by its id too,
      // and its own name, which no ref may show any more, is scanned as a ref's is.
      const before = sink.findings.length;
      if (depth > 0 && hasKeyPrefix(tag.name)) scanText(tag.name, { file, bytewise: false, ...at, place: "ref-name" }, sink);
      if (worthScanning(tag.message)) scanText(tag.message, { file, bytewise: false, ...at, place: "tag-message" }, sink);
      if (depth > 0) for (let i = before; i < sink.findings.length; i++) sink.findings[i] = { ...sink.findings[i]!, object: tag.id };
    });
    if (target === null || commit !== undefined) continue;
    if (target.type === "blob") objects.push(objectCheck(target.id, file, null, target.id, "tagged-object"));
    else if (target.type === "tree") {
      for (const entry of await treeBlobs(target.id, cwd, timeoutMs)) {
        const shown = shownPath(`${ref}:${entry.path}`);
        if (hasKeyPrefix(entry.path)) scanText(entry.path, { file: shown, bytewise: false, place: "file-name" }, sink);
        objects.push(objectCheck(entry.blob, shown, null, target.id, "tagged-object"));
      }
    }
  }
  for (const note of await noteBlobs(notesRefs, cwd, timeoutMs)) {
    if (outside !== "all" && (note.annotated === null || !commits.has(note.annotated))) continue;
    const file = shownPath(note.annotated === null ? `${note.ref}:${note.path}` : note.ref);
    const on = note.annotated === null ? note.added : { ...note.added, sha: note.annotated };
    objects.push(objectCheck(note.blob, file, { ...on, author: shownPerson(on.author), authorName: shownPerson(on.authorName) }, undefined, "note"));
  }
  return { findings: sink.findings, suppressed: sink.suppressed, objects };
}

/**
 * Which objects outside the selected commits a history scan reads: `"all"` (a scan of
 * HEAD or of every ref), or those of the refs a range names by name or id.
 */
export type OutsideHistory = "all" | { readonly named: ReadonlySet<string> };

/** A blob no commit's diff shows, to be read whole as a file is (text, bytes or an archive). */
function objectCheck(blob: string, display: string, commit: CommitInfo | null, object: string | undefined, place: FindingPlace): BlobCheck {
  const file = { path: display, oldPath: null, created: false, deleted: false, binary: true, mode: null, newBlob: blob, oldBlobs: [] };
  return { file, display, commit, sequence: 0, place, ...(object !== undefined ? { object } : {}) };
}

/** The blobs of a tree, with their paths in it (`git ls-tree -r`); submodules' commits are no content. */
async function treeBlobs(tree: string, cwd: string, timeoutMs: number): Promise<Array<{ blob: string; path: string }>> {
  const { stdout } = await runGit(["ls-tree", "-r", "-z", "--full-tree", tree], { cwd, timeoutMs });
  const blobs: Array<{ blob: string; path: string }> = [];
  for (const entry of stdout.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]+)\t([\s\S]*)$/.exec(entry);
    if (match) blobs.push({ blob: match[1]!, path: match[2]! });
  }
  return blobs;
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
