/** `roxels-guard scan [paths…]`: files and folders on disk. */
import { readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { hasKeyPrefix, UsageError } from "@roxels-guard/core";
import { scanFile } from "./file-read.js";
import { listFiles } from "./file-list.js";
import { pathKey, pathText, type FilePath } from "./file-path.js";
import { emptyStats, type Finding, type ScanResult, type ScanStats, type Suppressed } from "./finding.js";
import { machineWorkers, PrefilterKind, prefilterOne, PrefilterPool } from "./prefilter-pool.js";
import { displayPath, shownPath, type ScanSettings } from "./settings.js";
import { scanText, type ScanSink } from "./text-scan.js";

export interface FileScanOptions {
  /** Paths to scan, relative to `settings.cwd`; default `.`. */
  readonly paths?: readonly string[];
  /** Scan files that .gitignore excludes too (`--no-ignore`). */
  readonly noIgnore?: boolean;
}

/**
 * Workers start once the listing has found this many files: below, a scan stays on one
 * thread, since a worker takes ~50 ms to start and holds up the process's exit by ~25 ms
 * even when it is let go unused. Listing 200 files takes about a millisecond, so a large
 * scan hardly waits for it.
 */
const PARALLEL_MIN_FILES = 200;

/**
 * Test seam: `ROXELS_GUARD_TEST_PREFILTER_WORKERS=<n>` starts exactly n workers for any
 * folder and keeps the main thread out of the pre-filter, so every file goes through a
 * worker; `0` starts none, whatever the machine's load, so the main thread reads every
 * file as it is listed. Which path a scan takes otherwise depends on the load average
 * and on scheduling; a test of either path must not.
 */
function forcedWorkers(): number | null {
  const value = process.env.ROXELS_GUARD_TEST_PREFILTER_WORKERS;
  if (value === undefined || !/^(?:0|[1-9]\d?)$/.test(value)) return null;
  return Number(value);
}

interface Root {
  readonly absolute: string;
  readonly isDirectory: boolean;
  /** The ignore rules apply to what it holds (not when the root itself is ignored). */
  readonly applyIgnoreRules: boolean;
}

function resolveRoot(settings: ScanSettings, root: string): Root {
  const absolute = path.resolve(settings.cwd, root);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such file or directory: ${root}` : `cannot read ${root}: ${code}`);
  }
  // A FIFO or device would block the read forever, or never end.
  if (!stat.isDirectory() && !stat.isFile()) throw new UsageError(`not a regular file or folder: ${root}`);
  // A folder or file named on the command line is scanned even when the ignore file
  // excludes it (as `git add -f` would); the rules still apply to what lies inside.
  return { absolute, isDirectory: stat.isDirectory(), applyIgnoreRules: !settings.isPathIgnored(absolute, stat.isDirectory()) };
}

export async function scanPaths(settings: ScanSettings, options: FileScanOptions = {}): Promise<ScanResult> {
  const roots = (options.paths && options.paths.length > 0 ? options.paths : ["."]).map((root) => resolveRoot(settings, root));
  const forced = forcedWorkers();
  const scan = new FileListScan(settings, roots.length, forced ?? machineWorkers(), forced !== null && forced > 0);
  try {
    for (const [index, root] of roots.entries()) {
      if (root.isDirectory) {
        const listed = await listFiles(root.absolute, !options.noIgnore, (files) => scan.add(files, index, root.applyIgnoreRules));
        scan.stats.skipped.symlinks += listed.symlinks;
        scan.links(listed.links ?? [], root.applyIgnoreRules);
        for (const { path: unread, code } of listed.unreadable) scan.unlisted(unread, code);
        for (const warning of listed.warnings ?? []) scan.warn(warning);
      } else {
        scan.add([root.absolute], index, false);
      }
    }
  } catch (error) {
    scan.stopWorkers();
    throw error;
  }
  await scan.run();
  return scan.result();
}

const PENDING = { kind: PrefilterKind.Pending, bytes: 0 } as const;
/** A file the main thread has scanned in full already (outside PrefilterKind: no worker reports it). */
const SCANNED = -1;

/** What one file produced, kept per file so the report is in file order whoever read it. */
interface FileFindings {
  readonly findings: Finding[];
  readonly suppressed: Suppressed[];
}

class FileListScan {
  readonly stats: ScanStats = emptyStats();
  readonly #settings: ScanSettings;
  readonly #files: FilePath[] = [];
  /** Per file: the index of the root it was listed under, for the report's order. */
  readonly #roots: number[] = [];
  /** Roots may overlap (`scan src src/a.js`); one root's listing names each file once. */
  readonly #seen: Set<string> | null;
  readonly #found = new Map<number, FileFindings>();
  readonly #warnings = new Map<number, string[]>();
  /** What the listing said: folders (and files git listed) it could not look at, git refusing a repository. */
  readonly #listingWarnings: string[] = [];
  readonly #notes: string[] = [];
  /** Keys that are symlinks' targets: the links are not followed, but what they point at is text. */
  readonly #linkFindings: FileFindings[] = [];

  readonly #workers: number;
  /** The test seam: workers for any number of files, the main thread reading none. */
  readonly #workersOnly: boolean;
  #pool: PrefilterPool | null = null;
  /** One thread: files pre-filtered so far, and the ones it could not clear. */
  #prefiltered = 0;
  readonly #toScan: number[] = [];

  constructor(settings: ScanSettings, roots: number, workers: number, workersOnly = false) {
    this.#settings = settings;
    this.#seen = roots > 1 ? new Set() : null;
    this.#workers = workers;
    this.#workersOnly = workersOnly;
  }

  /**
   * Files as the listing finds them: ignored ones counted, the rest handed to worker
   * threads once there are enough, so they read while the listing goes on.
   */
  add(files: readonly FilePath[], root: number, applyIgnoreRules: boolean): void {
    for (const file of files) {
      if (this.#seen !== null) {
        const key = pathKey(file);
        if (this.#seen.has(key)) continue;
        this.#seen.add(key);
      }
      if (applyIgnoreRules && this.#settings.isPathIgnored(pathText(file))) {
        this.stats.skipped.ignored++;
        continue;
      }
      this.#files.push(file);
      this.#roots.push(root);
      const i = this.#files.length - 1;
      this.#scanName(i);
      // No worker will start: read it now, and let go of a path no report will name, so
      // that memory does not grow with the tree.
      if (this.#workers === 0 && this.#prefilter(i) && !this.#found.has(i)) {
        this.#files.pop();
        this.#roots.pop();
      }
    }
    if ((this.#files.length >= PARALLEL_MIN_FILES || (this.#workersOnly && this.#files.length > 0)) && this.#workers > 0) {
      this.#pool ??= new PrefilterPool(this.#workers, this.#settings.maxFileSize);
      this.#pool.publish(this.#files);
    }
  }

  /** Symlinks the listing found: each target is scanned as text, the link is not followed. */
  links(links: readonly FilePath[], applyIgnoreRules: boolean): void {
    for (const link of links) {
      if (applyIgnoreRules && this.#settings.isPathIgnored(pathText(link))) continue;
      let target: string;
      try {
        target = readlinkSync(link, "utf8");
      } catch {
        continue; // gone since it was listed
      }
      if (!hasKeyPrefix(target)) continue;
      const sink = this.#sink();
      scanText(target, { file: displayPath(this.#settings.cwd, pathText(link)), bytewise: false, place: "symlink-target" }, sink);
      if (sink.findings.length > 0 || sink.suppressed.length > 0) this.#linkFindings.push(sink);
    }
  }

  /** A key in a file's name (or its folders', below the current directory): reported at the masked path. */
  #scanName(i: number): void {
    const absolute = pathText(this.#files[i]!);
    if (!hasKeyPrefix(absolute)) return;
    const relative = path.relative(this.#settings.cwd, absolute).split(path.sep).join("/");
    if (!hasKeyPrefix(relative)) return;
    const sink = this.#sink();
    scanText(relative, { file: shownPath(relative), bytewise: false, place: "file-name" }, sink);
    if (sink.findings.length > 0 || sink.suppressed.length > 0) this.#found.set(i, sink);
  }

  #sink(): ScanSink {
    const settings = this.#settings;
    return { suppressions: settings.suppressions, kinds: settings.kinds, explain: settings.explain, findings: [], suppressed: [] };
  }

  warn(warning: string): void {
    this.#listingWarnings.push(warning);
  }

  unlisted(file: FilePath, code: string): void {
    this.stats.skipped.unreadable++;
    this.#listingWarnings.push(`cannot read ${JSON.stringify(displayPath(this.#settings.cwd, pathText(file)))}: ${code}`);
  }

  stopWorkers(): void {
    this.#pool?.stop();
  }

  async run(): Promise<void> {
    if (this.#pool === null) this.#runSequential();
    else await this.#runParallel(this.#pool);
  }

  /**
   * One thread: each file pre-filtered first, as a worker would; true when that settled
   * it (counted), false when it waits in `#toScan` to be scanned in full. That file is
   * read twice, but almost none is, and the pre-filter's read costs far less than a scan's
   * (no chunked scanner, no sink, no decoding).
   */
  #prefilter(i: number): boolean {
    this.#prefiltered++;
    let outcome: { kind: number; bytes: number } = PENDING;
    try {
      outcome = prefilterOne(this.#files[i]!, this.#settings.maxFileSize);
    } catch {
      // Left Pending: scanned in full, which reports the error if it persists.
    }
    if (outcome.kind === PrefilterKind.Candidate || outcome.kind === PrefilterKind.Pending) {
      this.#toScan.push(i);
      return false;
    }
    this.#scanOrCount(i, outcome.kind, outcome.bytes, undefined);
    return true;
  }

  #runSequential(): void {
    // With no worker at all, `add` pre-filtered each file as it was listed; otherwise
    // there were too few files for one to start.
    if (this.#workers > 0) for (let i = 0; i < this.#files.length; i++) this.#prefilter(i);
    for (const i of this.#toScan) this.#scanOne(i);
    this.#notes.push(`pre-filtered ${this.#prefiltered} files: ${this.#prefiltered} on the main thread; ${this.#toScan.length} scanned in full`);
  }

  /**
   * The listing is complete: the main thread pre-filters alongside the workers, then
   * merges what they report and scans every file no thread could clear.
   */
  async #runParallel(pool: PrefilterPool): Promise<void> {
    const listedAt = performance.now();
    const files = this.#files;
    pool.publish(files);
    pool.finish();
    const kinds = new Int8Array(files.length);
    const bytes = new Float64Array(files.length);
    let mainRead = 0;
    let scanned = 0;
    for (let i = this.#workersOnly ? files.length : pool.take(); i < files.length; i = pool.take(), mainRead++) {
      try {
        const outcome = prefilterOne(files[i]!, this.#settings.maxFileSize);
        kinds[i] = outcome.kind;
        bytes[i] = outcome.bytes;
      } catch {
        // Scanned now, which reports the error if it persists.
      }
      // A file this thread could not clear is scanned at once, while the workers go on
      // reading (they take more files meanwhile), not in a tail after them.
      if (kinds[i] === PrefilterKind.Candidate || kinds[i] === PrefilterKind.Pending) {
        this.#scanOne(i);
        kinds[i] = SCANNED;
        scanned++;
      }
    }
    const errors = new Map<number, string>();
    const workerRead: string[] = [];
    // The main thread got through every file before any worker took one (a worker takes
    // ~50 ms to start): there is nothing to wait for.
    const unused = mainRead === files.length;
    if (unused) pool.stop();
    const mainDoneAt = performance.now();
    const results = unused ? [] : await pool.results();
    // Where a scan's time went, in ms since the process started: for `--debug`, and for
    // bench/real-tree.mjs's notes on what a worker buys.
    const since = (at: number) => (at - performance.timeOrigin).toFixed(0);
    const spans = results.map((r, w) => (r === null ? "" : `, worker ${w + 1} from ${since(r.startedAt)} to ${since(r.endedAt)} ms`)).join("");
    this.#notes.push(`timing: listed at ${listedAt.toFixed(0)} ms, main thread through at ${mainDoneAt.toFixed(0)} ms${spans}`);
    for (const outcomes of results) {
      workerRead.push(outcomes === null ? "failed" : String(outcomes.indices.length));
      if (outcomes === null) continue; // what it took stays Pending
      outcomes.indices.forEach((i, k) => {
        kinds[i] = outcomes.kinds[k]!;
        bytes[i] = outcomes.bytes[k]!;
      });
      for (const [i, code] of outcomes.errors) errors.set(i, code);
    }
    for (let i = 0; i < files.length; i++) if (kinds[i] !== SCANNED && this.#scanOrCount(i, kinds[i]!, bytes[i]!, errors.get(i))) scanned++;
    const workers = unused ? "the workers let go before they took any" : workerRead.map((n, w) => `${n} on worker ${w + 1}`).join(", ");
    this.#notes.push(`pre-filtered ${files.length} files: ${mainRead} on the main thread, ${workers}; ${scanned} scanned in full`);
  }

  /** Findings and warnings by root, then by path: the listing's own order depends on the file system. */
  result(): ScanResult {
    const findings: Finding[] = [];
    const suppressed: Suppressed[] = [];
    const warnings: string[] = [...this.#listingWarnings].sort();
    const files = this.#files;
    const roots = this.#roots;
    const text = (i: number) => pathText(files[i]!);
    const order = [...new Set([...this.#found.keys(), ...this.#warnings.keys()])].sort((a, b) =>
      roots[a] !== roots[b] ? roots[a]! - roots[b]! : text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0,
    );
    for (const i of order) {
      const found = this.#found.get(i);
      if (found) {
        // One at a time: spreading a file's 200,000 findings into push() overflows the stack.
        for (const finding of found.findings) findings.push(finding);
        for (const entry of found.suppressed) suppressed.push(entry);
      }
      for (const warning of this.#warnings.get(i) ?? []) warnings.push(warning);
    }
    for (const linked of this.#linkFindings) {
      for (const finding of linked.findings) findings.push(finding);
      for (const entry of linked.suppressed) suppressed.push(entry);
    }
    // Keys of kinds the config leaves out are suppressed where they are found (text-scan.ts).
    return { findings, suppressed, stats: this.stats, warnings, notes: this.#notes };
  }

  /** Counts a pre-filtered file, or scans it when no thread could clear it; true when scanned. */
  #scanOrCount(i: number, kind: number, bytes: number, error: string | undefined): boolean {
    if (kind === PrefilterKind.Candidate || kind === PrefilterKind.Pending) {
      this.#scanOne(i);
      return true;
    }
    if (kind === PrefilterKind.Text) this.#countText(bytes);
    else if (kind === PrefilterKind.Binary) this.stats.skipped.binary++;
    else if (kind === PrefilterKind.TooLarge) this.stats.skipped.tooLarge++;
    else this.#unreadable(i, error ?? "unreadable");
    return false;
  }

  #scanOne(i: number): void {
    const file = this.#files[i]!;
    const settings = this.#settings;
    let shown: string | undefined;
    const show = (): string => (shown ??= displayPath(settings.cwd, pathText(file)));
    const named = this.#found.get(i);
    const sink: ScanSink = { ...this.#sink(), findings: named?.findings ?? [], suppressed: named?.suppressed ?? [] };
    try {
      if (settings.maxFileSize !== null && statSync(file).size > settings.maxFileSize) {
        this.stats.skipped.tooLarge++;
        return;
      }
      const outcome = scanFile(file, show, sink);
      if (outcome.kind === "binary") {
        this.stats.skipped.binary++;
        return;
      }
      if (outcome.kind === "archive" && outcome.warnings.length > 0) this.#warnings.set(i, [...outcome.warnings]);
      this.#countText(outcome.bytes);
    } catch (error) {
      this.#unreadable(i, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    } finally {
      if (sink.findings.length > 0 || sink.suppressed.length > 0) this.#found.set(i, sink);
    }
  }

  #countText(bytes: number): void {
    this.stats.files++;
    this.stats.bytes += bytes;
  }

  #unreadable(i: number, reason: string): void {
    this.stats.skipped.unreadable++;
    this.#warnings.set(i, [`cannot read ${JSON.stringify(displayPath(this.#settings.cwd, pathText(this.#files[i]!)))}: ${reason}`]);
  }
}
