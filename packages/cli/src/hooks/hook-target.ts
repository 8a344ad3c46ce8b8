/**
 * Where a hook goes. Husky projects keep their hooks as scripts in `.husky/` (husky 9:
 * core.hooksPath is `.husky/_`, whose wrappers run `.husky/<hook>`), so roxels-guard
 * adds a block to those scripts. Otherwise the hook is a file in the repository's hooks
 * folder: core.hooksPath when set (relative to the work tree's top), else the common git
 * folder's `hooks/` (shared by every worktree).
 */
import { existsSync } from "node:fs";
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { UsageError } from "@roxels-guard/core";

export type HookTarget =
  | { readonly kind: "husky"; readonly directory: string; readonly topLevel: string }
  | { readonly kind: "hooks-dir"; readonly directory: string; readonly topLevel: string; readonly fromHooksPath: boolean };

export interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** git's outcome whatever its exit code (the caller judges it); git missing is a usage error. */
export function git(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const env = { ...(options.env ?? process.env), LC_ALL: "C" };
    const child = execFile("git", args, { cwd, encoding: "utf8", env, maxBuffer: 16 * 1024 * 1024, timeout: options.timeoutMs ?? 0 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
        reject(new UsageError("git is not installed or not on PATH"));
        return;
      }
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export async function findHookTarget(cwd: string): Promise<HookTarget> {
  const where = await git(["rev-parse", "--show-toplevel", "--git-common-dir"], cwd);
  if (where.code !== 0) {
    const message = where.stderr.split("\n").find((l) => l.trim()) ?? "";
    throw new UsageError(/not a git repository/i.test(message) ? "not a git repository (run install inside the project's work tree)" : `git rev-parse failed: ${message.replace(/^fatal:\s*/, "")}`);
  }
  const [top = "", commonDir = ""] = where.stdout.split("\n");
  const topLevel = path.resolve(cwd, top);
  const configured = await git(["config", "--get", "core.hooksPath"], cwd);
  const hooksPath = configured.code === 0 ? configured.stdout.trim() : "";

  if (hooksPath) {
    const directory = path.resolve(topLevel, hooksPath.replace(/^~(?=$|\/)/, os.homedir()));
    // husky 9: `<dir>/_` holds generated wrappers (`h` runs `<dir>/<hook>`).
    if (path.basename(directory) === "_" && existsSync(path.join(directory, "h"))) {
      return { kind: "husky", directory: path.dirname(directory), topLevel };
    }
    // husky 4–8: the scripts themselves are the hooks, and source `_/husky.sh`.
    if (existsSync(path.join(directory, "_", "husky.sh"))) return { kind: "husky", directory, topLevel };
    return { kind: "hooks-dir", directory, topLevel, fromHooksPath: true };
  }
  // A fresh clone of a husky project before `npm install` has run husky.
  if (existsSync(path.join(topLevel, ".husky"))) return { kind: "husky", directory: path.join(topLevel, ".husky"), topLevel };
  return { kind: "hooks-dir", directory: path.join(path.resolve(cwd, commonDir), "hooks"), topLevel, fromHooksPath: false };
}
