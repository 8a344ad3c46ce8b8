/**
 * Real tools from the registries (Vite, webpack, Next.js, Oxlint, framework parsers,
 * pre-commit), installed for tests into a cache outside the repository, once per set of
 * versions. CI runs the suite three times in a row, and a developer runs it again and
 * again: each set is installed once, and every later run finds it ready.
 *
 * A test makes its project as a folder inside the returned root, so Node's resolution
 * (which walks up from the importing file) finds the installed packages, and the project
 * stays outside this repository's own node_modules.
 *
 * Installs go to a fresh folder that is renamed into place when complete: two test files
 * asking for the same set at once both install, one rename wins, and no test ever sees a
 * half-installed folder.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const E2E_CACHE = process.env.ROXELS_E2E_CACHE ?? path.join(os.tmpdir(), "roxels-guard-e2e-cache");

/** Bumped when the layout of a cached folder changes, so old caches are never reused. */
const LAYOUT = 1;

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify([LAYOUT, value])).digest("hex").slice(0, 16);
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited ${code} in ${cwd}:\n${output.slice(-4000)}`));
    });
  });
}

async function cached(name: string, key: unknown, fill: (dir: string) => Promise<void>): Promise<string> {
  mkdirSync(E2E_CACHE, { recursive: true });
  const final = path.join(E2E_CACHE, `${name}-${digest(key)}`);
  if (existsSync(path.join(final, ".complete"))) return final;
  const work = mkdtempSync(path.join(E2E_CACHE, `.${name}-`));
  try {
    await fill(work);
    writeFileSync(path.join(work, ".complete"), "");
    try {
      renameSync(work, final);
    } catch (error) {
      // Another test file finished the same set first: use theirs.
      if (!existsSync(path.join(final, ".complete"))) throw error;
      rmSync(work, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return final;
}

export interface NpmProjectOptions {
  /** package.json "type" of the root; projects made inside may set their own. */
  readonly type?: "module" | "commonjs";
  /** Extra arguments to `npm install`, e.g. `--ignore-scripts`. */
  readonly installArgs?: readonly string[];
}

/**
 * A folder whose node_modules holds `dependencies` (name -> exact version or range) from the
 * npm registry. Pin exact versions: the cache key is what is asked for, not what resolved.
 */
export function npmProject(dependencies: Readonly<Record<string, string>>, options: NpmProjectOptions = {}): Promise<string> {
  return cached("npm", { dependencies, options }, async (dir) => {
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "roxels-e2e-deps", private: true, type: options.type ?? "module", dependencies }, null, 2),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...(options.installArgs ?? [])], dir);
  });
}

/**
 * A Python virtual environment with `requirements` (e.g. `pre-commit==4.2.0`) from the
 * Python registry. Returns its interpreter: run a tool as `python -m pre_commit`, because
 * the venv was renamed into place and its console scripts' shebangs name the old folder.
 */
export async function pythonTools(requirements: readonly string[]): Promise<string> {
  const dir = await cached("py", requirements, async (work) => {
    await run("python3", ["-m", "venv", path.join(work, "venv")], work);
    await run(path.join(work, "venv", "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...requirements], work);
  });
  return path.join(dir, "venv", "bin", "python");
}

/** A new empty folder inside `root` (a cached install), removed by the caller when done. */
export function projectIn(root: string, prefix = "app-"): string {
  return mkdtempSync(path.join(root, prefix));
}
