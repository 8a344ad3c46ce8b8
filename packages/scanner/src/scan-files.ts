/** `roxels-guard scan [paths…]`: files and folders on disk. */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { UsageError } from "./errors.js";
import { PrefilterKind, prefilterFile, scanFile, type PrefilterJob } from "./file-read.js";
import { listFiles } from "./file-list.js";
import { emptyStats, type Finding, type ScanResult, type ScanStats, type Suppressed } from "./finding.js";
import { displayPath, type ScanSettings } from "./settings.js";
import type { ScanSink } from "./text-scan.js";

export interface FileScanOptions {
  /** Paths to scan, relative to `settings.cwd`; default `.`. */
  readonly paths?: readonly string[];
  /** Scan files that .gitignore excludes too (`--no-ignore`). */
  readonly noIgnore?: boolean;
}

/**
 * Below this many files a scan stays on one thread: starting a worker costs more than it
 * saves on a handful of files.
 */
const PARALLEL_MIN_FILES = 200;
const MAX_WORKERS = 3;

export async function scanPaths(settings: ScanSettings, options: FileScanOptions = {}): Promise<ScanResult> {
  const roots = options.paths && options.paths.length > 0 ? options.paths : ["."];
  const stats = emptyStats();
  const files: string[] = [];
  const seen = new Set<string>();

  for (const root of roots) {
    const absoluteRoot = path.resolve(settings.cwd, root);
    let rootStat;
    try {
      rootStat = statSync(absoluteRoot);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === "ENOENT" ? `no such file or directory: ${root}` : `cannot read ${root}: ${code}`);
    }
    // A folder or file named on the command line is scanned even when the ignore file
    // excludes it (as `git add -f` would); the rules still apply to what lies inside.
    const rootIgnored = settings.isPathIgnored(absoluteRoot);
    let listed: string[];
    if (rootStat.isDirectory()) {
      const result = await listFiles(absoluteRoot, !options.noIgnore);
      stats.skipped.symlinks += result.symlinks;
      listed = result.files;
    } else if (rootStat.isFile()) {
      listed = [absoluteRoot];
    } else {
      // A FIFO or device would block the read forever, or never end.
      throw new UsageError(`not a regular file or folder: ${root}`);
    }
    for (const file of listed) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (!rootIgnored && settings.isPathIgnored(file)) {
        stats.skipped.ignored++;
        continue;
      }
      files.push(file);
    }
  }

  const scan = new FileListScan(settings, files, stats);
  const workers = files.length >= PARALLEL_MIN_FILES ? Math.min(MAX_WORKERS, availableParallelism() - 1) : 0;
  if (workers > 0) await scan.runParallel(workers);
  else scan.runSequential();
  return scan.result();
}

/** What one file produced, kept per file so the report is in file order whoever read it. */
interface FileFindings {
  readonly findings: Finding[];
  readonly suppressed: Suppressed[];
}

class FileListScan {
  readonly #settings: ScanSettings;
  readonly #files: readonly string[];
  readonly #stats: ScanStats;
  readonly #found = new Map<number, FileFindings>();
  readonly #warnings = new Map<number, string>();

  constructor(settings: ScanSettings, files: readonly string[], stats: ScanStats) {
    this.#settings = settings;
    this.#files = files;
    this.#stats = stats;
  }

  runSequential(): void {
    for (let i = 0; i < this.#files.length; i++) this.#scanOne(i);
  }

  /**
   * The main thread and `workerCount` workers take files from one shared counter. Workers
   * only read and pre-filter (no findings cross threads, so no key does either); a file
   * they cannot clear is scanned here afterwards, as is any file a failed worker left.
   */
  async runParallel(workerCount: number): Promise<void> {
    const files = this.#files;
    const job: PrefilterJob = {
      files,
      next: new Int32Array(new SharedArrayBuffer(4)),
      kinds: new Int8Array(new SharedArrayBuffer(files.length)),
      bytes: new Float64Array(new SharedArrayBuffer(8 * files.length)),
      explain: this.#settings.explain,
      maxFileSize: this.#settings.maxFileSize,
    };
    const running = Array.from({ length: workerCount }, () => startPrefilterWorker(job));
    for (let i = Atomics.add(job.next, 0, 1); i < files.length; i = Atomics.add(job.next, 0, 1)) this.#prefilterOne(i, job);
    const workerErrors = new Map<number, string>();
    for (const errors of await Promise.all(running)) for (const [i, code] of errors ?? []) workerErrors.set(i, code);
    for (let i = 0; i < files.length; i++) {
      const kind = job.kinds[i];
      if (kind === PrefilterKind.Candidate || kind === PrefilterKind.Pending) this.#scanOne(i);
      else if (kind === PrefilterKind.Text) this.#countText(job.bytes[i]!);
      else if (kind === PrefilterKind.Binary) this.#stats.skipped.binary++;
      else if (kind === PrefilterKind.TooLarge) this.#stats.skipped.tooLarge++;
      else if (kind === PrefilterKind.Unreadable) {
        const code = workerErrors.get(i);
        if (code === undefined) this.#scanOne(i); // its worker failed before reporting why
        else this.#unreadable(i, code);
      }
    }
  }

  result(): ScanResult {
    const findings: Finding[] = [];
    const suppressed: Suppressed[] = [];
    const warnings: string[] = [];
    const order = [...new Set([...this.#found.keys(), ...this.#warnings.keys()])].sort((a, b) => a - b);
    for (const i of order) {
      const found = this.#found.get(i);
      if (found) {
        findings.push(...found.findings);
        suppressed.push(...found.suppressed);
      }
      const warning = this.#warnings.get(i);
      if (warning !== undefined) warnings.push(warning);
    }
    const kinds = this.#settings.kinds;
    return { findings: findings.filter((f) => kinds.has(f.kind)), suppressed, stats: this.#stats, warnings };
  }

  /** On the main thread during a parallel scan: pre-filter, leaving candidates for later. */
  #prefilterOne(i: number, job: PrefilterJob): void {
    const file = this.#files[i]!;
    try {
      if (job.maxFileSize !== null && statSync(file).size > job.maxFileSize) {
        job.kinds[i] = PrefilterKind.TooLarge;
        return;
      }
      const outcome = prefilterFile(file, job.explain);
      if (outcome.kind === "candidate") {
        job.kinds[i] = PrefilterKind.Candidate;
      } else {
        job.bytes[i] = outcome.bytes;
        job.kinds[i] = outcome.kind === "binary" ? PrefilterKind.Binary : PrefilterKind.Text;
      }
    } catch {
      // Scanned again afterwards: the error (if it persists) is reported from there.
      job.kinds[i] = PrefilterKind.Pending;
    }
  }

  #scanOne(i: number): void {
    const file = this.#files[i]!;
    const settings = this.#settings;
    const shown = displayPath(settings.cwd, file);
    const sink: ScanSink = { suppressions: settings.suppressions, explain: settings.explain, findings: [], suppressed: [] };
    try {
      if (settings.maxFileSize !== null && statSync(file).size > settings.maxFileSize) {
        this.#stats.skipped.tooLarge++;
        return;
      }
      const outcome = scanFile(file, shown, sink);
      if (outcome.kind === "binary") {
        this.#stats.skipped.binary++;
        return;
      }
      this.#countText(outcome.bytes);
    } catch (error) {
      this.#unreadable(i, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    } finally {
      if (sink.findings.length > 0 || sink.suppressed.length > 0) this.#found.set(i, sink);
    }
  }

  #countText(bytes: number): void {
    this.#stats.files++;
    this.#stats.bytes += bytes;
  }

  #unreadable(i: number, reason: string): void {
    this.#stats.skipped.unreadable++;
    this.#warnings.set(i, `cannot read ${JSON.stringify(displayPath(this.#settings.cwd, this.#files[i]!))}: ${reason}`);
  }
}

/**
 * A worker that runs `runPrefilterJob` from file-read.js. Resolves with the worker's
 * unreadable files, or null when the worker failed: files it took but did not finish are
 * still Pending, and the main thread scans them itself.
 */
function startPrefilterWorker(job: PrefilterJob): Promise<Array<[number, string]> | null> {
  const moduleUrl = new URL("./file-read.js", import.meta.url).href;
  const source =
    `const { parentPort, workerData } = require("node:worker_threads");` +
    `import(${JSON.stringify(moduleUrl)}).then((m) => parentPort.postMessage(m.runPrefilterJob(workerData)));`;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: Array<[number, string]> | null): void => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(source, { eval: true, workerData: job });
    } catch {
      settle(null);
      return;
    }
    worker.once("message", (errors: Array<[number, string]>) => settle(errors));
    worker.once("error", () => settle(null));
    worker.once("exit", () => settle(null));
  });
}
