/**
 * Real git repositories in temp folders, with an environment that nothing of the
 * machine's (or of a hook this test run might be inside) leaks into.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(ROOT, "packages/cli/bin/roxels-guard.js");

const made: string[] = [];

export function tempDir(prefix = "roxels-git-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** PATH without any roxels-guard on it (the hook's PATH fallback is tested on purpose). */
export function baseEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("GIT_") && !name.startsWith("ROXELS_GUARD") && name !== "HUSKY") env[name] = value;
  }
  // npm puts node_modules/.bin dirs on PATH; the CLI must be found only where a test puts it.
  const searchPath = (env.PATH ?? "").split(path.delimiter).filter((dir) => dir && !dir.includes("node_modules"));
  return {
    ...env,
    PATH: searchPath.join(path.delimiter),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Ada Author",
    GIT_AUTHOR_EMAIL: "ada@example.com",
    GIT_COMMITTER_NAME: "Ada Author",
    GIT_COMMITTER_EMAIL: "ada@example.com",
    NO_COLOR: "1",
    ...extra,
  };
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for "no key anywhere" checks. */
  readonly all: string;
}

function toRun(result: SpawnSyncReturns<string>): Run {
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, all: result.stdout + result.stderr };
}

export class Repo {
  readonly dir: string;
  readonly home: string;
  env: NodeJS.ProcessEnv;

  constructor(dir?: string, options: { init?: boolean; branch?: string } = {}) {
    this.home = tempDir("roxels-home-");
    this.dir = dir ?? tempDir();
    this.env = baseEnv(this.home);
    if (options.init !== false) {
      this.git("init", "-q", "-b", options.branch ?? "main");
      this.git("config", "commit.gpgsign", "false");
    }
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  write(file: string, content: string | Buffer): this {
    const target = this.path(file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    return this;
  }

  /** git, throwing on failure; returns stdout. */
  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, env: this.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  /** git, returning the outcome (for `git commit` through hooks). */
  tryGit(...args: string[]): Run {
    return toRun(spawnSync("git", args, { cwd: this.dir, env: this.env, encoding: "utf8" }));
  }

  commit(message: string, ...extra: string[]): Run {
    return this.tryGit("commit", "-q", "-m", message, ...extra);
  }

  /** Commit without hooks: history set up by a test, not what is being tested. */
  commitAll(message: string, authorEmail?: string): string {
    this.git("add", "-A");
    const env = authorEmail ? { ...this.env, GIT_AUTHOR_EMAIL: authorEmail } : this.env;
    execFileSync("git", ["commit", "-q", "--no-verify", "--allow-empty", "-m", message], { cwd: this.dir, env, stdio: "ignore" });
    return this.head();
  }

  head(): string {
    return this.git("rev-parse", "HEAD").trim();
  }

  commitCount(): number {
    const r = this.tryGit("rev-list", "--count", "HEAD");
    return r.status === 0 ? Number(r.stdout.trim()) : 0;
  }

  cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
    return toRun(
      spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? this.dir, env: { ...this.env, ...options.env }, encoding: "utf8" }),
    );
  }

  /** Make the CLI findable as a dev dependency would be: node_modules/.bin/roxels-guard. */
  linkCli(): this {
    mkdirSync(this.path("node_modules/.bin"), { recursive: true });
    symlinkSync(CLI, this.path("node_modules/.bin/roxels-guard"));
    this.write(".gitignore", "node_modules/\n");
    return this;
  }

  /** A stand-in CLI (a broken scanner, say). */
  fakeCli(script: string): this {
    mkdirSync(this.path("node_modules/.bin"), { recursive: true });
    const file = this.path("node_modules/.bin/roxels-guard");
    rmSync(file, { force: true });
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return this;
  }
}

/** Every key must appear only masked: no output may hold one in full. */
export function expectNoKey(output: string, keys: readonly string[]): void {
  for (const key of keys) {
    if (output.includes(key)) throw new Error(`output holds a full key (${key.slice(0, 6)}…)`);
  }
}

/** A repository with roxels-guard's pre-commit hook installed, the CLI linked into it. */
export function installedRepo(): Repo {
  const repo = new Repo().linkCli();
  expect(repo.cli(["install"]).status).toBe(0);
  return repo;
}

/** A `git` to put first on PATH: it logs each subcommand to `log`, then runs `body`. */
export function gitWrapper(body: string): { dir: string; log: string } {
  const dir = tempDir("roxels-bin-");
  const log = path.join(dir, "calls.log");
  // The subcommand is the first argument that is not an option (after `-c name=value` pairs).
  const findSubcommand = 'sub=; skip=0\nfor a in "$@"; do\n  if [ "$skip" = 1 ]; then skip=0; continue; fi\n  case $a in -c) skip=1 ;; -*) ;; *) sub=$a; break ;; esac\ndone';
  writeFileSync(path.join(dir, "git"), `#!/bin/sh\n${findSubcommand}\necho "$sub" >> "${log}"\n${body}\n`);
  chmodSync(path.join(dir, "git"), 0o755);
  return { dir, log };
}

/** The real git on PATH, for a wrapper to hand over to. */
export function realGit(): string {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const candidate = path.join(dir, "git");
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error("git not found on PATH");
}

/** A finding of a `scan --format json` report, as the git tests read it. */
export interface JsonFinding {
  file: string;
  line: number;
  masked: string;
  place?: string;
  commit?: string;
  author?: string;
  authorName?: string;
}

/** A repository with one commit and the CLI linked in as a dev dependency, no hook installed yet. */
export function committedRepo(): Repo {
  const repo = new Repo().linkCli();
  repo.write("a.txt", "a\n").git("add", "-A");
  repo.git("commit", "-q", "--no-verify", "-m", "start");
  return repo;
}
