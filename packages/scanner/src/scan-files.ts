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
  /** Per file: whether the ignore rules apply (not when its root is itself ignored). */
  const ruled: boolean[] = [];
  const seen = new Set<string>();
  // A worker takes a while to start: start it while the folders are listed, and let it go
  // if there turn out to be few files.
  const maxWorkers = Math.min(MAX_WORKERS, availableParallelism() - 1);
  let workers: PrefilterWorker[] = [];

  try {
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
      const rootIgnored = settings.isPathIgnored(absoluteRoot, rootStat.isDirectory());
      let listed: string[];
      if (rootStat.isDirectory()) {
        if (workers.length === 0 && maxWorkers > 0) workers = Array.from({ length: maxWorkers }, () => new PrefilterWorker());
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
        files.push(file);
        ruled.push(!rootIgnored);
      }
    }
  } catch (error) {
    for (const worker of workers) worker.stop();
    throw error;
  }

  const scan = new FileListScan(settings, files, stats);
  if (files.length >= PARALLEL_MIN_FILES && workers.length > 0) {
    await scan.runParallel(workers, ruled);
  } else {
    for (const worker of workers) worker.stop();
    scan.runSequential(ruled);
  }
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

  runSequential(ruled: readonly boolean[]): void {
    for (let i = 0; i < this.#files.length; i++) {
      if (ruled[i] && this.#settings.isPathIgnored(this.#files[i]!)) this.#stats.skipped.ignored++;
      else this.#scanOne(i);
    }
  }

  /**
   * The main thread and the workers take files from one shared counter. Workers only
   * read and pre-filter (no findings cross threads, so no key does either); a file they
   * cannot clear is scanned here afterwards, as is any file a failed worker left. The
   * ignore rules live on this thread: it checks every file first, publishing how far it
   * got, while the workers already read the files it has cleared.
   */
  async runParallel(workers: readonly PrefilterWorker[], ruled: readonly boolean[]): Promise<void> {
    const files = this.#files;
    const job: PrefilterJob = {
      files,
      next: new Int32Array(new SharedArrayBuffer(4)),
      kinds: new Int8Array(new SharedArrayBuffer(files.length)),
      bytes: new Float64Array(new SharedArrayBuffer(8 * files.length)),
      checked: new Int32Array(new SharedArrayBuffer(4)),
      ignored: new Int8Array(new SharedArrayBuffer(files.length)),
      maxFileSize: this.#settings.maxFileSize,
    };
    const running = workers.map((worker) => worker.run(job));
    for (let i = 0; i < files.length; i++) {
      if (ruled[i] && this.#settings.isPathIgnored(files[i]!)) job.ignored[i] = 1;
      if ((i & 31) === 31 || i === files.length - 1) {
        Atomics.store(job.checked, 0, i + 1);
        Atomics.notify(job.checked, 0);
      }
    }
    for (let i = Atomics.add(job.next, 0, 1); i < files.length; i = Atomics.add(job.next, 0, 1)) {
      if (job.ignored[i] === 1) job.kinds[i] = PrefilterKind.Ignored;
      else this.#prefilterOne(i, job);
    }
    const workerErrors = new Map<number, string>();
    for (const errors of await Promise.all(running)) for (const [i, code] of errors ?? []) workerErrors.set(i, code);
    for (let i = 0; i < files.length; i++) {
      const kind = job.kinds[i];
      if (kind === PrefilterKind.Ignored) this.#stats.skipped.ignored++;
      else if (job.ignored[i] === 1) this.#stats.skipped.ignored++; // taken by a worker that failed
      else if (kind === PrefilterKind.Candidate || kind === PrefilterKind.Pending) this.#scanOne(i);
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
      const outcome = prefilterFile(file);
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
 * A worker thread that runs `runPrefilterJob` from file-read.js once it is given a job.
 * `run` resolves with the worker's unreadable files, or null when the worker failed:
 * files it took but did not finish are still Pending, and the main thread scans them.
 */
class PrefilterWorker {
  readonly #worker: Worker | null;
  readonly #done: Promise<Array<[number, string]> | null>;

  constructor() {
    // The CLI's CommonJS bundle points this at its own bundled worker (dist/prefilter-worker.cjs),
    // which is required, sparing the worker Node's ES module loader.
    const moduleUrl = new URL("./file-read.js", import.meta.url).href;
    const load = moduleUrl.endsWith(".cjs")
      ? `Promise.resolve(require(require("node:url").fileURLToPath(${JSON.stringify(moduleUrl)})))`
      : `import(${JSON.stringify(moduleUrl)})`;
    const source =
      `const { parentPort } = require("node:worker_threads");` +
      `const loading = ${load};` +
      `parentPort.once("message", (job) => loading.then((m) => parentPort.postMessage(m.runPrefilterJob(job))));`;
    let worker: Worker | null = null;
    this.#done = new Promise((resolve) => {
      let settled = false;
      const settle = (value: Array<[number, string]> | null): void => {
        if (!settled) {
          settled = true;
          resolve(value);
        }
      };
      try {
        worker = new Worker(source, { eval: true });
      } catch {
        settle(null);
        return;
      }
      worker.once("message", (errors: Array<[number, string]>) => settle(errors));
      worker.once("error", () => settle(null));
      worker.once("exit", () => settle(null));
    });
    this.#worker = worker;
  }

  run(job: PrefilterJob): Promise<Array<[number, string]> | null> {
    this.#worker?.postMessage(job);
    return this.#done;
  }

  /** Not needed after all: let it go without waiting for it. */
  stop(): void {
    void this.#worker?.terminate();
  }
}
