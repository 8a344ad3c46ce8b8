/** Running the built CLI as a user would: a real process, real files, captured output. */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI_BIN = path.join(REPO_ROOT, "packages/cli/bin/roxels-guard.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Environment without the developer's colour or git settings leaking into a test. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1" };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.ROXELS_API_KEY;
  delete env.ROXELS_API_BASE;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** A temporary folder with the given files; `cleanup()` removes it. */
export function tempTree(files: Record<string, string | Buffer> = {}): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "roxels-guard-test-"));
  const write = (name: string, content: string | Buffer): string => {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  };
  for (const [name, content] of Object.entries(files)) write(name, content);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The body of each key must appear nowhere in `texts`. Checking the body (not the whole
 * key) also catches a key printed with its prefix cut or changed.
 */
export function expectNoKeyIn(texts: readonly string[], keys: readonly string[]): void {
  for (const key of keys) {
    const body = key.replace(/^(?:sk|rk)[_-](?:(?:live|test|proj|ant)[_-])?/, "");
    for (const text of texts) {
      if (text.includes(body) || text.includes(key)) {
        throw new Error(`a full key appeared in output (masked: ${key.slice(0, 7)}…)`);
      }
    }
  }
}
