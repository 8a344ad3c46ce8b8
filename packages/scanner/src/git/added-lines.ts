/**
 * What a diff adds, turned into findings: the added lines of each file are streamed
 * through the scanner's one chunked reader (chunked-scan.ts, the file scan's) and its one
 * `scanText`, and positions are mapped back to the lines of the new file. Shared by the
 * staged scan and the history scan, so both judge a line the same way, and neither holds
 * more than a chunk of a file, whatever the length of its lines.
 */
import path from "node:path";
import { detachedCopy, findKeys, hasKeyPrefix } from "@roxels-guard/core";
import { ChunkedScan, scanInto } from "../chunked-scan.js";
import type { Finding, FindingPlace, ScanStats, Suppressed } from "../finding.js";
import { displayPath, shownPath, type ScanSettings } from "../settings.js";
import { scanText, type ScanSink, type TextOrigin } from "../text-scan.js";
import type { CommitInfo, DiffHandler, FileDiff } from "./diff-parser.js";

/** A finding and the position of its commit in the scan (history), for ordering. */
export interface SequencedFinding {
  readonly finding: Finding;
  readonly sequence: number;
}

/** A file git called binary: its blob is checked for text that git was told to hide. */
export interface BlobCheck {
  readonly file: FileDiff;
  readonly display: string;
  readonly commit: CommitInfo | null;
  readonly sequence: number;
  /** A blob no commit's diff shows (a tagged blob, a note): where it is, and the object the report names. */
  readonly place?: FindingPlace;
  readonly object?: string;
}

/**
 * The chunk a diff's added text is scanned in. 1 MiB: as large as core's SIMD kernel
 * pre-filters in one go from outside its own read buffer (which the file scan holds).
 */
export const STREAM_CHUNK = 1024 * 1024;

/**
 * Added lines are scanned in batches of about this many bytes, cut between lines: a
 * batch maps its lines to their numbers in the new file, so it must not grow with the
 * file. A single longer line is still read chunk by chunk.
 */
const BATCH_BYTES = STREAM_CHUNK / 2;
const BATCH_LINES = 64 * 1024;

const SUBMODULE = "160000";

const SYMLINK = "120000";

const NEWLINE = 0x0a;

/** Longer than any symlink target a system accepts (PATH_MAX): the rest is not kept. */
const TARGET_LIMIT = 4096;

export class AddedLineCollector implements DiffHandler {
  readonly findings: SequencedFinding[] = [];
  readonly suppressed: Suppressed[] = [];
  readonly blobChecks: BlobCheck[] = [];
  readonly #settings: ScanSettings;
  readonly #topLevel: string;
  readonly #stats: ScanStats;
  readonly #onCommit: ((count: number) => void) | undefined;
  #commit: CommitInfo | null = null;
  #sequence = 0;
  /** Per repository path: a history touches the same files in thousands of commits. */
  readonly #paths = new Map<string, { readonly display: string; readonly ignored: boolean }>();

  /** The batch being read: the display path of its file, the new-file number of each of its lines (0: the line above a run). */
  #display = "";
  /** Set while a symlink's section is read: its target (the "content" git shows), gathered whole. */
  #linkTarget: string | null = null;
  #numbers: number[] = [];
  #batchBytes = 0;
  readonly #sink: ScanSink;
  readonly #scan: ChunkedScan;

  constructor(settings: ScanSettings, topLevel: string, stats: ScanStats, onCommit?: (count: number) => void) {
    this.#settings = settings;
    this.#topLevel = topLevel;
    this.#stats = stats;
    this.#onCommit = onCommit;
    this.#sink = { suppressions: settings.suppressions, kinds: settings.kinds, explain: settings.explain, findings: [], suppressed: [] };
    const collector = this;
    const origin = {
      get file() {
        return collector.#display;
      },
    };
    this.#scan = new ChunkedScan(Buffer.allocUnsafe(STREAM_CHUNK), "utf8", scanInto(this.#sink, origin));
  }

  commit(info: CommitInfo): void {
    this.#commit = info;
    this.#sequence++;
    this.#stats.commits = (this.#stats.commits ?? 0) + 1;
    this.#onCommit?.(this.#stats.commits);
  }

  file(file: FileDiff): boolean {
    // A submodule's "content" is a commit id; the submodule's own hook guards its files.
    if (file.mode === SUBMODULE) return false;
    let known = this.#paths.get(file.path);
    if (!known) {
      // Git's paths are already normalised and `/`-separated: when the scan runs at the top
      // of the work tree (the hook, CI), they are their own display form.
      // A copy: the parsed path is a slice that would keep git's whole 64 KB output chunk
      // alive for as long as the map lives.
      const key = detachedCopy(file.path);
      const atTop = this.#settings.cwd === this.#topLevel && path.sep === "/";
      const absolute = atTop ? `${this.#topLevel}/${key}` : path.join(this.#topLevel, key);
      known = { display: atTop ? shownPath(key) : displayPath(this.#settings.cwd, absolute), ignored: this.#settings.isPathIgnored(absolute) };
      this.#paths.set(key, known);
    }
    if (known.ignored) {
      this.#stats.skipped.ignored++;
      return false;
    }
    const display = known.display;
    if (file.created && hasKeyPrefix(file.path)) this.#scanName(file, display);
    if (file.mode === SYMLINK) {
      // Not followed, but its target is pushed with the commit: it is scanned as text.
      this.#stats.skipped.symlinks++;
      this.#display = display;
      this.#linkTarget = "";
      return true;
    }
    if (file.binary) {
      if (file.newBlob) this.blobChecks.push({ file, display, commit: this.#commit, sequence: this.#sequence });
      else this.#stats.skipped.binary++;
      return false;
    }
    this.#display = display;
    this.#stats.files++;
    return true;
  }

  /**
   * A path new in this change that holds a key, as the file scan reports one on disk: at
   * the masked path, with the commit. A rename or copy adds only the keys its old path
   * did not already hold.
   */
  #scanName(file: FileDiff, display: string): void {
    const relative =
      this.#settings.cwd === this.#topLevel ? file.path : path.relative(this.#settings.cwd, path.join(this.#topLevel, file.path)).split(path.sep).join("/");
    const before = new Set(file.oldPath === null ? [] : findKeys(file.oldPath).map((m) => m.secret.fingerprint));
    this.#scanPlaced(relative, { file: display, bytewise: false, place: "file-name" }, before);
  }

  /** Text that is not a file's lines (a name, a link's target), scanned whole: keys in `before` are not new. */
  #scanPlaced(text: string, origin: TextOrigin, before: ReadonlySet<string> = new Set()): void {
    const commit = this.#commit;
    const sink: ScanSink = { ...this.#sink, findings: [], suppressed: [] };
    scanText(text, commit === null ? origin : { ...origin, commit: commit.sha, author: commit.author, authorName: commit.authorName, date: commit.date }, sink);
    for (const finding of sink.findings) {
      if (!before.has(finding.fingerprint)) this.findings.push({ finding, sequence: this.#sequence });
    }
    for (const entry of sink.suppressed) this.suppressed.push(entry);
  }

  addedLine(_file: FileDiff, number: number, above: Buffer | null): void {
    if (this.#linkTarget !== null) return; // one line, the target
    const numbers = this.#numbers;
    const last = numbers.length > 0 ? numbers[numbers.length - 1]! : -1;
    let follows = last === number - 1 && last !== 0;
    if (this.#batchBytes >= BATCH_BYTES || numbers.length >= BATCH_LINES) {
      this.#flush();
      follows = false;
    }
    if (!follows) {
      if (above !== null) {
        this.#startLine(0);
        this.#scan.write(above);
        this.#batchBytes += above.length;
      } else if (numbers.length > 0) {
        // A gap: an empty line keeps the previous run from counting as "the line above".
        this.#startLine(0);
      }
    }
    this.#startLine(number);
    this.#stats.bytes += 1;
  }

  addedText(bytes: Buffer, start: number, end: number): void {
    if (this.#linkTarget !== null) {
      if (this.#linkTarget.length < TARGET_LIMIT) this.#linkTarget += bytes.toString("latin1", start, Math.min(end, start + TARGET_LIMIT));
      return;
    }
    this.#scan.write(bytes, start, end);
    this.#batchBytes += end - start;
    this.#stats.bytes += end - start;
  }

  fileEnd(): void {
    const target = this.#linkTarget;
    if (target !== null) {
      this.#linkTarget = null;
      if (hasKeyPrefix(target)) this.#scanPlaced(target, { file: this.#display, bytewise: true, place: "symlink-target" });
      return;
    }
    this.#flush();
  }

  #startLine(number: number): void {
    if (this.#numbers.length > 0) {
      this.#scan.writeByte(NEWLINE);
      this.#batchBytes++;
    }
    this.#numbers.push(number);
  }

  /** Scan the rest of the batch; findings on context lines are dropped, the others numbered as in the new file. */
  #flush(): void {
    if (this.#numbers.length === 0) return;
    this.#scan.end();
    const numbers = this.#numbers;
    const sink = this.#sink;
    for (const finding of sink.findings) {
      const line = numbers[finding.line - 1] ?? 0;
      if (line === 0) continue; // On a context line: not added by this change.
      this.findings.push({ finding: this.withCommit({ ...finding, line }), sequence: this.#sequence });
    }
    for (const entry of sink.suppressed) {
      const line = numbers[entry.line - 1] ?? 0;
      if (line === 0) continue;
      const key = entry.key && this.#commit ? { key: { ...entry.key, commit: this.#commit.sha } } : {};
      this.suppressed.push({ ...entry, line, ...key });
    }
    sink.findings.length = 0;
    sink.suppressed.length = 0;
    this.#numbers = [];
    this.#batchBytes = 0;
  }

  withCommit(finding: Finding, commit: CommitInfo | null = this.#commit): Finding {
    if (commit === null) return finding;
    return { ...finding, commit: commit.sha, author: commit.author, authorName: commit.authorName, date: commit.date };
  }
}
