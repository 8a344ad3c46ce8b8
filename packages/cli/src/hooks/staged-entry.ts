/**
 * The pre-commit hook's entry, `roxels-guard scan --staged`, bundled into one file
 * (dist/hook.cjs, CommonJS, by packages/cli/build/bundle.mjs): the bin shim loads it for
 * exactly that command line, and dist/main.js for every other one.
 *
 * `git diff --cached` starts first, so that git's ~10 ms run beside the loading of the
 * rest of the CLI; then the command runs through the same `run` as any other, so the
 * bundle behaves as the unbundled CLI does (test/cli/bundle/hook-bundle.test.ts checks both).
 */
import { prestartStagedDiff } from "@roxels-guard/scanner/staged";

export async function runStaged(argv: string[]): Promise<number> {
  const early = prestartStagedDiff(process.cwd());
  try {
    const { run } = await import("../main.js");
    return await run(argv);
  } finally {
    early.discard();
  }
}
