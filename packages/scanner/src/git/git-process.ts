/**
 * Running git: argument arrays (never a shell), a bounded time, and failures turned into
 * one line a user can act on ("git is not installed", "not a git repository", git's own
 * `fatal:` line). Every scan that reads git goes through here, so the pre-commit hook
 * fails closed on any of them instead of passing a commit it could not judge.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { UsageError } from "@roxels-guard/core";

/** See PINNED_CONFIG. */
export const BIG_FILE_THRESHOLD = "16m";

/** Settings that would change what git prints, pinned for every call. */
const PINNED_CONFIG = [
  "-c", "core.quotePath=false",
  "-c", "diff.noprefix=false",
  "-c", "diff.mnemonicPrefix=false",
  "-c", "diff.suppressBlankEmpty=false",
  "-c", "color.ui=false",
  "-c", "log.showSignature=false",
  // Files past this size are "binary" to git's diff: git never loads them whole to diff
  // them (a 200 MB line took git 400 MB), and the scanner streams their blobs out of
  // `git cat-file` instead (git/blob-check.ts), judging each against its previous version.
  "-c", `core.bigFileThreshold=${BIG_FILE_THRESHOLD}`,
];

/** Environment variables that change diff output behind the arguments' back. */
const UNSAFE_ENV = ["GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "PAGER", "GIT_TRACE"];

/** Default limit on one git process: generous for huge diffs, finite for a hung one. */
export const DEFAULT_GIT_TIMEOUT_MS = 300_000;

export function gitTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ROXELS_GUARD_GIT_TIMEOUT;
  if (raw === undefined || raw === "") return DEFAULT_GIT_TIMEOUT_MS;
  const seconds = Number(raw);
  if (!(seconds > 0)) throw new UsageError(`ROXELS_GUARD_GIT_TIMEOUT must be a number of seconds (got "${raw.slice(0, 20)}")`);
  return seconds * 1000;
}

export interface GitOptions {
  readonly cwd: string;
  readonly timeoutMs?: number;
  /** Exit codes that are not failures (e.g. 1 for `rev-parse --verify -q`). */
  readonly okCodes?: readonly number[];
}

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", LANGUAGE: "C", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
  for (const name of UNSAFE_ENV) delete env[name];
  return env;
}

function commandName(args: readonly string[]): string {
  const sub = args.find((a) => !a.startsWith("-"));
  return `git ${sub ?? ""}`.trim();
}

/** The one-line message for a git failure. */
export function describeGitFailure(args: readonly string[], code: number | null, stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? `exit code ${code}`;
  const message = fatal.replace(/^(fatal|error):\s*/, "");
  if (/not a git repository/i.test(message)) return "not a git repository (run this inside a git work tree)";
  return `${commandName(args)} failed: ${message.slice(0, 300)}`;
}

export class GitProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly #args: readonly string[];
  readonly #okCodes: readonly number[];
  #stderr = "";
  #timedOut = false;
  #spawnError: NodeJS.ErrnoException | null = null;
  readonly #exit: Promise<number | null>;
  readonly #timer: NodeJS.Timeout;

  constructor(args: readonly string[], options: GitOptions) {
    this.#args = args;
    this.#okCodes = options.okCodes ?? [0];
    // Loaded on the first git run, not at start-up: most scans of a folder never start git.
    this.child = process.getBuiltinModule("node:child_process").spawn("git", [...PINNED_CONFIG, ...args], { cwd: options.cwd, env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (text: string) => {
      if (this.#stderr.length < 16_384) this.#stderr += text;
    });
    // A reader that stops early must not turn into an unhandled EPIPE.
    this.child.stdin.on("error", () => {});
    const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.child.kill("SIGKILL");
    }, timeoutMs);
    this.#timer.unref();
    this.#exit = new Promise((resolve) => {
      this.child.on("error", (error: NodeJS.ErrnoException) => {
        this.#spawnError = error;
        resolve(null);
      });
      this.child.on("close", (code) => resolve(code));
    });
    this.timeoutMs = timeoutMs;
  }

  readonly timeoutMs: number;

  /** Resolves when git has exited successfully; throws a one-line UsageError otherwise. */
  async done(): Promise<void> {
    const code = await this.#exit;
    clearTimeout(this.#timer);
    if (this.#spawnError) {
      throw new UsageError(
        this.#spawnError.code === "ENOENT" ? "git is not installed or not on PATH" : `cannot run git: ${this.#spawnError.code ?? this.#spawnError.message}`,
      );
    }
    if (this.#timedOut) {
      throw new UsageError(`${commandName(this.#args)} did not finish within ${+(this.timeoutMs / 1000).toFixed(3)} s (ROXELS_GUARD_GIT_TIMEOUT sets the limit)`);
    }
    if (code === null || !this.#okCodes.includes(code)) throw new UsageError(describeGitFailure(this.#args, code, this.#stderr));
  }

  /** The exit code, for callers that accept several (`okCodes`). */
  async exitCode(): Promise<number | null> {
    await this.done();
    return this.#exit;
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/** Run git to completion and return its stdout (small outputs only). */
export async function runGit(args: readonly string[], options: GitOptions): Promise<{ stdout: string; code: number }> {
  const git = new GitProcess(args, options);
  git.child.stdin.end();
  const chunks: Buffer[] = [];
  git.child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const code = await git.exitCode();
  return { stdout: Buffer.concat(chunks).toString("utf8"), code: code ?? 0 };
}

/**
 * Start git now and stream its stdout later (`consume`): a caller can run another git
 * call meanwhile, and git waits on the full pipe rather than output piling up in memory.
 */
export function startGit(
  args: readonly string[],
  options: GitOptions & { readonly stdin?: NodeJS.ReadableStream },
): { consume(onChunk: (chunk: Buffer) => void): Promise<void>; kill(): void } {
  const git = new GitProcess(args, options);
  if (options.stdin) options.stdin.pipe(git.child.stdin);
  else git.child.stdin.end();
  const finished = git.done();
  // Surface spawn failures (git missing) even though the loop below would just end.
  finished.catch(() => {});
  // Listening now matters: on exit, Node drains (discards) output nobody listens to yet.
  // Until `consume`, the stream stays paused: git waits on the full pipe.
  const stdout = git.child.stdout;
  const waiting = (): void => {};
  stdout.on("readable", waiting);
  return {
    async consume(onChunk) {
      try {
        // 'data' events, not an async iterator: git writes its pipe ~4 KB at a time, and a
        // promise and a few ticks per chunk were a sizeable part of a history scan's CPU.
        await new Promise<void>((resolve, reject) => {
          stdout.on("data", (chunk: Buffer) => {
            try {
              onChunk(chunk);
            } catch (error) {
              stdout.pause();
              reject(error);
            }
          });
          stdout.once("end", resolve);
          stdout.once("close", resolve);
          stdout.once("error", reject);
          stdout.removeListener("readable", waiting);
          stdout.resume();
        });
      } catch (error) {
        git.kill();
        await finished.catch(() => {});
        throw error;
      }
      await finished;
    },
    kill() {
      git.kill();
    },
  };
}

/** Stream git's stdout to `onChunk` without holding it. */
export async function streamGit(args: readonly string[], options: GitOptions, onChunk: (chunk: Buffer) => void): Promise<void> {
  await startGit(args, options).consume(onChunk);
}
