/** `roxels-guard doctor`: will the next commit be scanned? Proven with a canary, not guessed. */
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { checkPreCommitHook, describeCheck } from "../hooks/hook-check.js";

export const DOCTOR_HELP = `Usage: roxels-guard doctor

Answer "will the next commit be scanned?" in this repository. Finds the pre-commit hook
git will run (core.hooksPath from any config, husky active or not, the hooks folder that
worktrees share), checks that it runs roxels-guard, then proves it: a canary key made up
for the check is staged in a throwaway copy of the index, the hook runs as git runs it,
and the block is observed. Your index, work tree and branches are not touched.

When the next commit would not be scanned, it says why and the one command that fixes it.

Exit codes: 0 protected, 1 not protected, 2 could not check (not a git repository, …).
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, COMMON_OPTIONS);
  if (values.help) {
    io.stdout.write(DOCTOR_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    const { UsageError } = await import("@roxels-guard/core");
    throw new UsageError(`doctor takes no arguments (got "${positionals[0]!.slice(0, 40)}")`);
  }
  const check = await checkPreCommitHook(io.cwd);
  io.stdout.write(`roxels-guard doctor: will the next commit be scanned?\n${describeCheck(check)}`);
  return check.protected ? 0 : 1;
}
