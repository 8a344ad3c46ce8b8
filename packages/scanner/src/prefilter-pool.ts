/**
 * Threads that read and pre-filter files for `scanPaths` while the main thread is still
 * listing them: the listing is published in batches as it grows, every thread takes the
 * next file from one shared counter, and a worker sends its outcomes back once, at the
 * end. Workers only read and pre-filter: no finding crosses threads, so no key does
 * either. A file a worker cannot clear comes back as a candidate, and the main thread
 * scans it; any file a failed worker took comes back as nothing, and the main thread
 * scans it too.
 */
import { readFileSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import type { MessagePort, Worker } from "node:worker_threads";
import type { FilePath } from "./file-path.js";
import { prefilterFile } from "./file-prefilter.js";

/** Most worker threads a file scan starts. */
const MAX_WORKERS = 3;

/**
 * How many worker threads pay on a machine with `cores` cores while `othersBusy` of them
 * run other work: one per idle core besides the one the main thread takes, at most
 * MAX_WORKERS; none on two cores or fewer. A worker spends 40-140 ms of CPU before it
 * reads its first file (Node boots a runtime in the thread), and on a busy core it takes
 * CPU from the main thread (2 cores at load 5.9: 1.06 s without it, 1.10 s with it). On an
 * idle two-core machine it bought nothing either: the real node_modules tree took 0.71 s
 * on one thread and 0.73 s with a worker, for 40% more CPU (bench/RESULTS.md), as a busy
 * second core slows the main thread's reads about as much as the worker takes off them.
 */
export function workersThatPay(cores: number, othersBusy: number): number {
  if (cores <= 2) return 0;
  return Math.max(0, Math.min(MAX_WORKERS, cores - 1 - Math.round(othersBusy)));
}

/**
 * `workersThatPay` here and now. Linux says how many threads are runnable at this instant
 * (/proc/loadavg's fourth field, this one included); the one-minute load average lags by
 * a minute, so a benchmark's own runs, or a build that has just ended, kept the workers
 * off on an idle machine. Elsewhere the load average is what there is (on Windows it
 * reads 0).
 */
export function machineWorkers(): number {
  return workersThatPay(availableParallelism(), runnableOthers() ?? loadavg()[0] ?? 0);
}

/** Threads runnable now besides this one, or null where /proc/loadavg does not say. */
function runnableOthers(): number | null {
  try {
    const runnable = /^\S+ \S+ \S+ (\d+)\//.exec(readFileSync("/proc/loadavg", "latin1"));
    return runnable === null ? null : Math.max(0, Number(runnable[1]) - 1);
  } catch {
    return null;
  }
}

/**
 * worker_threads, loaded when a worker is about to start rather than imported: on two
 * cores or fewer none ever does, and loading the module costs every scan start-up time.
 */
function workerThreads(): typeof import("node:worker_threads") {
  return process.getBuiltinModule("node:worker_threads");
}

/** A file's outcome; Pending is also "no thread reported it". */
export const PrefilterKind = { Pending: 0, Text: 1, Binary: 2, Candidate: 3, Unreadable: 4, TooLarge: 5 } as const;

/** Slots of the shared Int32Array. */
const NEXT = 0; // the next file to take (Atomics.add)
const PUBLISHED = 1; // how many files have been published
const DONE = 2; // 1 once the listing is complete

/** What a worker sends back: an outcome per file it took, and why unreadable ones were. */
export interface WorkerOutcomes {
  readonly indices: Int32Array;
  readonly kinds: Int8Array;
  readonly bytes: Float64Array;
  readonly errors: Array<[number, string]>;
  /** When it started and finished its work, in ms since the epoch (`--debug` says). */
  readonly startedAt: number;
  readonly endedAt: number;
}

interface WorkerData {
  readonly state: Int32Array;
  readonly port: MessagePort;
  readonly maxFileSize: number | null;
}

/** One file's outcome, on whichever thread reads it; throws when the file cannot be read. */
export function prefilterOne(file: FilePath, maxFileSize: number | null): { kind: number; bytes: number } {
  if (maxFileSize !== null && statSync(file).size > maxFileSize) return { kind: PrefilterKind.TooLarge, bytes: 0 };
  const outcome = prefilterFile(file);
  if (outcome.kind === "candidate") return { kind: PrefilterKind.Candidate, bytes: 0 };
  return { kind: outcome.kind === "binary" ? PrefilterKind.Binary : PrefilterKind.Text, bytes: outcome.bytes };
}

/** A worker thread's whole life: take files until the listing is complete and none is left. */
export function runPrefilterWorker({ state, port, maxFileSize }: WorkerData): WorkerOutcomes {
  const startedAt = performance.timeOrigin + performance.now();
  const files: FilePath[] = [];
  const indices: number[] = [];
  const kinds: number[] = [];
  const bytes: number[] = [];
  const errors: Array<[number, string]> = [];
  const { receiveMessageOnPort } = workerThreads();
  for (let i = Atomics.add(state, NEXT, 1); have(i); i = Atomics.add(state, NEXT, 1)) {
    indices.push(i);
    try {
      const outcome = prefilterOne(files[i]!, maxFileSize);
      kinds.push(outcome.kind);
      bytes.push(outcome.bytes);
    } catch (error) {
      kinds.push(PrefilterKind.Unreadable);
      bytes.push(0);
      errors.push([i, (error as NodeJS.ErrnoException).code ?? (error as Error).message]);
    }
  }
  port.close();
  return { indices: Int32Array.from(indices), kinds: Int8Array.from(kinds), bytes: Float64Array.from(bytes), errors, startedAt, endedAt: performance.timeOrigin + performance.now() };

  /** Whether file i exists, waiting for the listing to get that far or to end. */
  function have(i: number): boolean {
    while (i >= files.length) {
      const message = receiveMessageOnPort(port);
      if (message !== undefined) {
        // A path held as bytes arrives as a plain Uint8Array.
        for (const file of message.message as Array<string | Uint8Array>) {
          files.push(typeof file === "string" ? file : Buffer.from(file.buffer, file.byteOffset, file.length));
        }
        continue;
      }
      const published = Atomics.load(state, PUBLISHED);
      // A batch is posted before it is counted: one counted but not yet seen is on its way.
      if (published > files.length) continue;
      if (Atomics.load(state, DONE) === 1) return false;
      Atomics.wait(state, PUBLISHED, published, 100);
    }
    return true;
  }
}

export class PrefilterPool {
  readonly #state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  readonly #workers: PoolWorker[];
  #published = 0;

  constructor(count: number, maxFileSize: number | null) {
    this.#workers = Array.from({ length: count }, () => new PoolWorker(this.#state, maxFileSize));
  }

  /** How many files have been handed to the workers. */
  get published(): number {
    return this.#published;
  }

  /** Hand over files[published..]: the workers may start on them at once. */
  publish(files: readonly FilePath[]): void {
    if (files.length <= this.#published) return;
    const batch = files.slice(this.#published);
    for (const worker of this.#workers) worker.post(batch);
    this.#published = files.length;
    Atomics.store(this.#state, PUBLISHED, this.#published);
    Atomics.notify(this.#state, PUBLISHED);
  }

  /** The listing is complete: workers stop once nothing is left. */
  finish(): void {
    Atomics.store(this.#state, DONE, 1);
    Atomics.notify(this.#state, PUBLISHED);
  }

  /** The next file for the main thread to pre-filter, from the same counter as the workers. */
  take(): number {
    return Atomics.add(this.#state, NEXT, 1);
  }

  /** Each worker's outcomes, or null for a worker that failed. */
  results(): Promise<Array<WorkerOutcomes | null>> {
    return Promise.all(this.#workers.map((worker) => worker.done));
  }

  /** Not needed after all (few files, or an error): let them go without waiting. */
  stop(): void {
    this.finish();
    for (const worker of this.#workers) worker.stop();
  }
}

class PoolWorker {
  readonly done: Promise<WorkerOutcomes | null>;
  readonly #port: MessagePort;
  #worker: Worker | null = null;

  constructor(state: Int32Array, maxFileSize: number | null) {
    // The worker runs this very module's runPrefilterWorker. In the CLI's CommonJS bundles
    // this module's URL is the bundle file that holds it (an entry, so it exports that
    // function), which is required, sparing the worker Node's ES module loader.
    const moduleUrl = import.meta.url;
    const load = moduleUrl.endsWith(".cjs")
      ? `Promise.resolve(require(require("node:url").fileURLToPath(${JSON.stringify(moduleUrl)})))`
      : `import(${JSON.stringify(moduleUrl)})`;
    const source =
      `const { parentPort, workerData } = require("node:worker_threads");` +
      `${load}.then((m) => parentPort.postMessage(m.runPrefilterWorker(workerData)));`;
    const { MessageChannel, Worker } = workerThreads();
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.done = new Promise((resolve) => {
      let settled = false;
      const settle = (value: WorkerOutcomes | null): void => {
        if (!settled) {
          settled = true;
          port1.close();
          resolve(value);
        }
      };
      try {
        const data: WorkerData = { state, port: port2, maxFileSize };
        this.#worker = new Worker(source, { eval: true, workerData: data, transferList: [port2] });
      } catch {
        settle(null);
        return;
      }
      this.#worker.once("message", (outcomes: WorkerOutcomes) => settle(outcomes));
      this.#worker.once("error", () => settle(null));
      this.#worker.once("exit", () => settle(null));
    });
  }

  post(files: FilePath[]): void {
    this.#port.postMessage(files);
  }

  stop(): void {
    void this.#worker?.terminate();
  }
}
