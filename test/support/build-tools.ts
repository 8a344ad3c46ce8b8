/**
 * Real bundlers for the build-guard tests: installed once from the registry (see
 * registry-install.ts), run as the user would run them, in a project folder made inside
 * the install so Node resolves them from there.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { cleanEnv, REPO_ROOT } from "./cli.js";
import { npmProject, projectIn } from "./registry-install.js";

/** Vite (with React) and webpack: one install serves both test files. */
export const BUNDLERS = { vite: "8.4.0", "@vitejs/plugin-react": "6.3.0", react: "19.3.1", "react-dom": "19.3.1", webpack: "5.113.0" };
export const NEXT = { next: "16.5.0", react: "19.3.1", "react-dom": "19.3.1" };

export interface ToolResult {
  readonly code: number | null;
  /** stdout and stderr together, as a terminal shows them. */
  readonly output: string;
}

export function runTool(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}, timeoutMs = 240_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv({ NO_COLOR: "1", NEXT_TELEMETRY_DISABLED: "1", CI: "1", ...env }), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** `node_modules/roxels-guard` in a test project: this repository's CLI package, as an install would place it. */
export function linkRoxelsGuard(dir: string): void {
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, "packages/cli"), path.join(dir, "node_modules", "roxels-guard"), "dir");
}

/** The code block after `<!-- recipe: name -->` in docs/build-guard.md, as a user copies it. */
export function recipe(name: string): string {
  const page = readFileSync(path.join(REPO_ROOT, "docs/build-guard.md"), "utf8");
  const match = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`).exec(page);
  if (!match) throw new Error(`docs/build-guard.md has no recipe "${name}"`);
  return match[1]!.trim();
}

/**
 * Call at a test file's top level: `dependencies` are installed (once, cached) before the
 * file's tests; `project(prefix)` makes a project folder inside the install, with
 * roxels-guard linked, removed when the file is done.
 */
export function useInstalledProjects(dependencies: Readonly<Record<string, string>>): { root(): string; project(prefix: string): string } {
  let root = "";
  const made: string[] = [];
  beforeAll(async () => {
    root = await npmProject(dependencies);
  }, 600_000);
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return {
    root: () => root,
    project(prefix) {
      const dir = projectIn(root, prefix);
      made.push(dir);
      linkRoxelsGuard(dir);
      return dir;
    },
  };
}
