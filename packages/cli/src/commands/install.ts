/** `roxels-guard install [--pre-push]`: wire the hooks into husky or the repository's hooks folder. */
import path from "node:path";
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { findHookTarget } from "../hooks/hook-target.js";
import { installHook, type InstallResult } from "../hooks/install-hook.js";
import type { HookName } from "../hooks/scripts.js";

export const INSTALL_HELP = `Usage: roxels-guard install [--pre-push]

Install the git pre-commit hook that runs "roxels-guard scan --staged" and blocks a
commit adding a key. With husky (a .husky folder, or core.hooksPath set by husky) the
hook is a block added to .husky/pre-commit; otherwise it is a file in the repository's
hooks folder (core.hooksPath when set, else .git/hooks). Safe to run again: an existing
hook is never overwritten; it is kept as <hook>.pre-roxels-guard and still runs first.

  --pre-push   also install a pre-push hook that scans the commits being pushed

The hook finds the CLI in the project's node_modules/.bin (add roxels-guard as a dev
dependency), else on PATH; if neither has it, the commit is blocked ("run npm install").

Exit codes: 0 installed (or already installed), 2 error.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  "pre-push": { type: "boolean" },
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(INSTALL_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    const { UsageError } = await import("@roxels-guard/scanner/errors");
    throw new UsageError(`install takes no arguments (got "${positionals[0]!.slice(0, 40)}")`);
  }
  const target = await findHookTarget(io.cwd);
  const hooks: HookName[] = values["pre-push"] ? ["pre-commit", "pre-push"] : ["pre-commit"];
  for (const hook of hooks) {
    const result = installHook(target, hook);
    io.stdout.write(`${describe(hook, result, target.kind, io.cwd)}\n`);
  }
  return 0;
}

function describe(hook: HookName, result: InstallResult, kind: "husky" | "hooks-dir", cwd: string): string {
  const shown = (file: string) => path.relative(cwd, file).split(path.sep).join("/") || file;
  const where = `${shown(result.file)}${kind === "husky" ? " (husky)" : ""}`;
  switch (result.outcome) {
    case "unchanged":
      return `roxels-guard: ${hook} hook already installed in ${where}`;
    case "updated":
      return `roxels-guard: ${hook} hook updated in ${where}`;
    case "chained":
      return `roxels-guard: ${hook} hook installed in ${where}; the existing hook was kept as ${shown(result.previous!)} and runs first`;
    default:
      return `roxels-guard: ${hook} hook installed in ${where}`;
  }
}
