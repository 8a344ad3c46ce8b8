/**
 * `roxels-guard install [--pre-push]`: wire the hooks into husky or the repository's hooks
 * folder, then prove the pre-commit hook as `doctor` does: "installed" is said only of a
 * hook that git will run and that blocked a canary key.
 */
import path from "node:path";
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { checkPreCommitHook, describeCheck } from "../hooks/hook-check.js";
import { findHookTarget } from "../hooks/hook-target.js";
import { installHook, type InstallResult } from "../hooks/install-hook.js";
import type { HookName } from "../hooks/scripts.js";

export const INSTALL_HELP = `Usage: roxels-guard install [--pre-push] [--commit-msg]

Install the git pre-commit hook that runs "roxels-guard scan --staged" and blocks a
commit adding a key. With husky (a .husky folder, or core.hooksPath set by husky) the
hook is a block added at the end of .husky/pre-commit, after the steps that rewrite and
re-stage files; otherwise it is a file in the repository's hooks folder (core.hooksPath
when set, else .git/hooks). Safe to run again: an existing hook is never overwritten; it
is kept as <hook>.pre-roxels-guard and still runs first.

Then it checks, as "roxels-guard doctor" does, that git will run the hook and that it
blocks a canary key staged in a throwaway index; if not, it says why and what fixes it.

  --pre-push   also install a pre-push hook that scans the commits being pushed
  --commit-msg also install a commit-msg hook that blocks a commit message holding a key

The hook finds the CLI in the project's node_modules/.bin (add roxels-guard as a dev
dependency), else on PATH; if neither has it, the commit is blocked ("run npm install").

Exit codes: 0 installed and proven, 1 written but the next commit would not be scanned
(the fix is printed), 2 error.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  "pre-push": { type: "boolean" },
  "commit-msg": { type: "boolean" },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(INSTALL_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    const { UsageError } = await import("@roxels-guard/core");
    throw new UsageError(`install takes no arguments (got "${positionals[0]!.slice(0, 40)}")`);
  }
  const target = await findHookTarget(io.cwd);
  const hooks: HookName[] = ["pre-commit"];
  if (values["pre-push"]) hooks.push("pre-push");
  if (values["commit-msg"]) hooks.push("commit-msg");
  const written = hooks.map((hook) => ({ hook, result: installHook(target, hook) }));
  const check = await checkPreCommitHook(io.cwd);
  if (!check.protected) {
    for (const { hook, result } of written) {
      io.stdout.write(`roxels-guard: ${hook} hook written to ${where(result, target.kind, io.cwd)}, but the next commit would not be scanned:\n`);
    }
    io.stdout.write(describeCheck(check));
    return 1;
  }
  for (const { hook, result } of written) io.stdout.write(`${describe(hook, result, target.kind, io.cwd)}\n`);
  io.stdout.write("roxels-guard: checked: a canary key staged in a throwaway index was blocked by the hook\n");
  return 0;
}

function where(result: InstallResult, kind: "husky" | "hooks-dir", cwd: string): string {
  return `${path.relative(cwd, result.file).split(path.sep).join("/") || result.file}${kind === "husky" ? " (husky)" : ""}`;
}

function describe(hook: HookName, result: InstallResult, kind: "husky" | "hooks-dir", cwd: string): string {
  const shown = (file: string) => path.relative(cwd, file).split(path.sep).join("/") || file;
  const at = where(result, kind, cwd);
  switch (result.outcome) {
    case "unchanged":
      return `roxels-guard: ${hook} hook already installed in ${at}`;
    case "updated":
      return `roxels-guard: ${hook} hook updated in ${at}`;
    case "chained":
      return `roxels-guard: ${hook} hook installed in ${at}; the existing hook was kept as ${shown(result.previous!)} and runs first`;
    default:
      return `roxels-guard: ${hook} hook installed in ${at}`;
  }
}
