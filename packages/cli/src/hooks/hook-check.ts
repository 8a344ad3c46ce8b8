/**
 * "Will the next commit be scanned?", answered for `doctor` and at the end of `install`.
 *
 * It finds the pre-commit hook git will run (core.hooksPath from any config level, husky
 * active or not, the common hooks folder that linked worktrees share), checks that it is
 * executable and calls roxels-guard, then proves it: a canary key generated here is staged
 * in a throwaway copy of the index (GIT_INDEX_FILE), the hook runs as git would run it
 * (`git hook run`), and the block is observed. The user's index, work tree and refs are
 * never touched; the canary's blob is one loose object that git's gc removes.
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fingerprintKey, maskKey, UsageError } from "@roxels-guard/core";
import { git } from "./hook-target.js";

export interface HookCheck {
  readonly protected: boolean;
  /** What was found, in order, one line each. */
  readonly steps: readonly string[];
  /** Why the next commit would not be scanned. */
  readonly problem?: string;
  /** The one command that fixes it. */
  readonly fix?: string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A fresh Roxels-shaped secret key that exists nowhere else: random letters and digits. */
export function canaryKey(): string {
  let body = "";
  while (body.length < 32 || !/\d/.test(body)) {
    if (body.length >= 32) body = "";
    for (const byte of randomBytes(48)) if (byte < 248 && body.length < 32) body += ALPHABET[byte % 62];
  }
  return `sk_${body}`;
}

const shown = (top: string, file: string) => {
  const relative = path.relative(top, file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : file;
};

export async function checkPreCommitHook(cwd: string): Promise<HookCheck> {
  const where = await git(["rev-parse", "--show-toplevel", "--git-path", "hooks", "--git-path", "index"], cwd);
  if (where.code !== 0) {
    const message = where.stderr.split("\n").find((l) => l.trim()) ?? "";
    throw new UsageError(/not a git repository/i.test(message) ? "not a git repository (run it inside the project's work tree)" : `git rev-parse failed: ${message.replace(/^fatal:\s*/, "")}`);
  }
  const [top = "", gitPathHooks = "", gitPathIndex = ""] = where.stdout.split("\n");
  const topLevel = path.resolve(cwd, top);
  const steps: string[] = [];
  const notProtected = (problem: string, fix: string): HookCheck => ({ protected: false, steps, problem, fix });

  const configured = await git(["config", "--show-origin", "--get", "core.hooksPath"], cwd);
  const [origin = "", hooksPath = ""] = configured.code === 0 ? configured.stdout.trim().split("\t") : [];
  const hooksDir = hooksPath ? path.resolve(topLevel, hooksPath.replace(/^~(?=$|\/)/, os.homedir())) : path.resolve(cwd, gitPathHooks);
  const hookFile = path.join(hooksDir, "pre-commit");
  const huskyDir = path.join(topLevel, ".husky");
  const husky9 = path.basename(hooksDir) === "_" && existsSync(path.join(hooksDir, "h"));
  steps.push(
    hooksPath
      ? `git runs ${shown(topLevel, hookFile)} (core.hooksPath ${hooksPath}, set in ${origin.replace(/^file:/, "")}${husky9 ? ": husky" : ""})`
      : `git runs ${shown(topLevel, hookFile)} (no core.hooksPath)`,
  );

  const callsGuard = (file: string) => existsSync(file) && statSync(file).isFile() && readFileSync(file, "utf8").includes("roxels-guard");
  if (!hooksPath && existsSync(huskyDir) && !callsGuard(hookFile)) {
    // The block is (or `install` puts it) in .husky/pre-commit, which git does not run yet.
    const fix = callsGuard(path.join(huskyDir, "pre-commit")) ? "npx husky" : "npx roxels-guard install";
    return notProtected("husky is not active: git does not run the scripts in .husky/, because core.hooksPath is not set (run husky, as its prepare script does)", fix);
  }
  if (!existsSync(hookFile)) return notProtected(`there is no pre-commit hook: ${shown(topLevel, hookFile)} does not exist`, "npx roxels-guard install");
  try {
    accessSync(hookFile, constants.X_OK);
  } catch {
    return notProtected(`${shown(topLevel, hookFile)} is not executable, so git skips it`, `chmod +x ${shown(topLevel, hookFile)}`);
  }
  // husky 9: the wrapper in .husky/_ runs the project's script in .husky.
  const script = husky9 ? path.join(path.dirname(hooksDir), "pre-commit") : hookFile;
  if (husky9) {
    if (!existsSync(script)) return notProtected(`husky runs ${shown(topLevel, script)}, which does not exist`, "npx roxels-guard install");
    steps.push(`husky runs ${shown(topLevel, script)}`);
  }
  if (!callsGuard(script)) {
    return notProtected(`${shown(topLevel, script)} does not run roxels-guard`, "npx roxels-guard install");
  }
  steps.push(`${shown(topLevel, script)} runs roxels-guard`);
  if (!hooksPath && existsSync(huskyDir)) steps.push("note: .husky/ exists but husky is not active (core.hooksPath is not set); git runs the hook above");

  return canaryRun(cwd, topLevel, path.resolve(cwd, gitPathIndex), steps);
}

/** Stage a canary in a copy of the index, run the hook as git would, and look for the block. */
async function canaryRun(cwd: string, topLevel: string, index: string, steps: string[]): Promise<HookCheck> {
  const key = canaryKey();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "roxels-guard-doctor-"));
  try {
    const throwaway = path.join(scratch, "index");
    if (existsSync(index)) copyFileSync(index, throwaway);
    const env = { ...process.env, GIT_INDEX_FILE: throwaway };
    const blob = await git(["hash-object", "-w", "--stdin"], topLevel, { env, input: `ROXELS_API_KEY=${key}\n` });
    const file = `roxels-guard-canary-${randomBytes(4).toString("hex")}.env`;
    const staged = await git(["update-index", "--add", "--cacheinfo", `100644,${blob.stdout.trim()},${file}`], topLevel, { env });
    if (blob.code !== 0 || staged.code !== 0) throw new UsageError(`cannot stage the canary in a throwaway index: ${(blob.stderr || staged.stderr).trim().split("\n")[0]}`);
    const hook = await git(["hook", "run", "--ignore-missing", "pre-commit"], topLevel, { env, timeoutMs: 120_000 });
    const output = `${hook.stdout}\n${hook.stderr}`;
    const seen = output.includes(fingerprintKey(key)) || output.includes(maskKey(key));
    if (hook.code !== 0 && seen) {
      steps.push(`a canary key (${maskKey(key)}) staged in a throwaway index was blocked by the hook`);
      return { protected: true, steps };
    }
    if (hook.code === 0) {
      return {
        protected: false,
        steps,
        problem: `the hook ran and let a staged canary key (${maskKey(key)}, in ${file}) through: its roxels-guard part did not run, or ignores that file`,
        fix: "npx roxels-guard install",
      };
    }
    const said = output.split("\n").find((line) => line.includes("roxels-guard:")) ?? output.split("\n").find((line) => line.trim()) ?? "";
    if (/CLI was not found|could not start/.test(said)) {
      return { protected: false, steps, problem: `the hook cannot run roxels-guard: ${said.replace(/^roxels-guard: /, "")}`, fix: "npm install --save-dev roxels-guard" };
    }
    return {
      protected: false,
      steps,
      problem: `the hook failed (exit ${hook.code}) before it judged the staged canary: ${said.trim() || "no output"}`,
      fix: "git hook run pre-commit",
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The lines `doctor` prints, and `install` after writing a hook. */
export function describeCheck(check: HookCheck): string {
  const lines = check.steps.map((step) => `  ${step}`);
  if (check.protected) lines.push("protected: the next commit will be scanned by roxels-guard");
  else lines.push(`not protected: ${check.problem}`, `fix: ${check.fix}`);
  return `${lines.join("\n")}\n`;
}
