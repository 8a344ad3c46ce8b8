/** Running the real CLI as a child process against the local API, checking every output for keys. */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startMockApi, type MockApi, type MockApiOptions } from "@roxels-guard/mock-api";
import { secretKey } from "./keys.js";
import { expectNoKey, FAST_RETRY_ENV } from "./api.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(ROOT, "packages/cli/bin/roxels-guard.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
}

/**
 * Every key a test made: each run's stdout and stderr are checked against all of them,
 * so no test can forget to.
 */
export const knownKeys: string[] = [];

export function remember<T extends string>(key: T): T {
  knownKeys.push(key);
  return key;
}

export async function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  // A clean environment: nothing of the developer's ROXELS_* settings leaks into a test.
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: options.cwd, NO_COLOR: "1", ...FAST_RETRY_ENV };
  for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[name] = value;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  expectNoKey(stdout, knownKeys, `stdout of roxels-guard ${args[0]}`);
  expectNoKey(stderr, knownKeys, `stderr of roxels-guard ${args[0]}`);
  return { code, stdout, stderr };
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "roxels-api-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * stderr without the line that names a base URL other than the Roxels API's (every test
 * here talks to a loopback server): for tests about the other lines.
 */
export function withoutBaseNotice(stderr: string): string {
  return stderr.replace(/^roxels-guard: sending .* to \S+, not the Roxels API \(https:\/\/api\.roxels\.ai\/\): set by --api-base or ROXELS_API_BASE\n/m, "");
}

/**
 * A test file's loopback Roxels API, with a management key, and a fresh folder per test:
 * the set-up of the CLI tests that need nothing more. Read `api` and `dir` inside tests.
 */
export function loopbackApi(serverOptions: Pick<MockApiOptions, "onRequest" | "recordRaw"> = {}) {
  const management = remember(secretKey());
  const state: { api?: MockApi; dir?: string; cleanup?: () => Promise<void> } = {};
  beforeAll(async () => {
    state.api = await startMockApi({ ...serverOptions, keys: [{ key: management, canManage: true }] });
  });
  afterAll(() => state.api?.close());
  beforeEach(async () => {
    const made = await tempDir();
    state.dir = made.dir;
    state.cleanup = made.cleanup;
  });
  afterEach(() => state.cleanup?.());
  return {
    management,
    get api(): MockApi {
      return state.api!;
    },
    get dir(): string {
      return state.dir!;
    },
    /** A live key of the org, made now. */
    orgKey(): string {
      const key = remember(secretKey());
      state.api!.addKey({ key });
      return key;
    },
    /** Options for runCli: this test's folder, the local API and the management key. */
    options(env: Record<string, string> = {}): CliOptions {
      return { cwd: state.dir!, env: { ROXELS_API_BASE: state.api!.url, ROXELS_API_KEY: management, ...env } };
    },
  };
}
