/**
 * What a diff adds, turned into findings: each batch of added lines goes through the
 * scanner's one `scanText`, and positions are mapped back to the lines of the new file.
 * Shared by the staged scan and the history scan, so both judge a line the same way.
 */
import path from "node:path";
import { detachedCopy, mayHoldKey } from "@roxels-guard/core";
import type { Finding, ScanStats, Suppressed } from "../finding.js";
import { displayPath, shownPath, type ScanSettings } from "../settings.js";
import { scanText, type ScanSink } from "../text-scan.js";
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
}

const SUBMODULE = "160000";

const SYMLINK = "120000";

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
  #display = new WeakMap<FileDiff, string>();
  /** Per repository path: a history touches the same files in thousands of commits. */
  readonly #paths = new Map<string, { readonly display: string; readonly ignored: boolean }>();

  constructor(settings: ScanSettings, topLevel: string, stats: ScanStats, onCommit?: (count: number) => void) {
    this.#settings = settings;
    this.#topLevel = topLevel;
    this.#stats = stats;
    this.#onCommit = onCommit;
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
    if (file.mode === SYMLINK) {
      this.#stats.skipped.symlinks++;
      return false;
    }
    const display = known.display;
    if (file.binary) {
      if (file.newBlob) this.blobChecks.push({ file, display, commit: this.#commit, sequence: this.#sequence });
      else this.#stats.skipped.binary++;
      return false;
    }
    this.#display.set(file, display);
    this.#stats.files++;
    return true;
  }

  /** Core's byte pre-filter, on exactly the text `added` would scan: most batches hold no candidate at all. */
  mayHold(batch: Buffer, bytes: number): boolean {
    if (mayHoldKey(batch)) return true;
    this.#stats.bytes += bytes;
    return false;
  }

  added(file: FileDiff, lines: string[], numbers: number[], bytes: number): void {
    this.#stats.bytes += bytes;
    const display = this.#display.get(file)!;
    const settings = this.#settings;
    const sink: ScanSink = { suppressions: settings.suppressions, kinds: settings.kinds, explain: settings.explain, findings: [], suppressed: [] };
    scanText(lines.join("\n"), { file: display, bytewise: true }, sink);
    for (const finding of sink.findings) {
      const line = numbers[finding.line - 1] ?? 0;
      if (line === 0) continue; // On a context line: not added by this change.
      this.findings.push({ finding: this.withCommit({ ...finding, line }), sequence: this.#sequence });
    }
    for (const entry of sink.suppressed) {
      const line = numbers[entry.line - 1] ?? 0;
      if (line !== 0) this.suppressed.push({ ...entry, line });
    }
  }

  withCommit(finding: Finding, commit: CommitInfo | null = this.#commit): Finding {
    if (commit === null) return finding;
    return { ...finding, commit: commit.sha, author: commit.author, date: commit.date };
  }
}
