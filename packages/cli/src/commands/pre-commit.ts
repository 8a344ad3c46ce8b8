/**
 * `roxels-guard pre-commit [files…]`: what the pre-commit framework's hook runs
 * (.pre-commit-hooks.yaml). pre-commit passes file names: on a commit they are the staged
 * files (it has stashed what is not staged), and what matters is what the commit adds, so
 * the staged changes are scanned, as by the plain git hook. Any other set of files
 * (`pre-commit run --all-files`, `--files …`) is scanned as files, so a key that is
 * already committed is found.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";

export const PRE_COMMIT_HELP = `Usage: roxels-guard pre-commit [files…]

The pre-commit framework's hook (id: roxels-guard). When the files are staged ones (a
commit, or pre-commit run without --all-files), scans what the commit adds, as
"scan --staged" does; otherwise (pre-commit run --all-files, --files …) scans the files.

Exit codes: 0 no keys found, 1 keys found, 2 the scan could not run.
`;

/** The staged files' paths relative to the top of the work tree, or null outside a repository. */
function staged(cwd: string): Promise<{ top: string; files: Set<string> } | null> {
  return new Promise((resolve) => {
    execFile("git", ["rev-parse", "--show-toplevel"], { cwd, encoding: "utf8" }, (error, top) => {
      if (error) return resolve(null);
      execFile("git", ["diff", "--cached", "--name-only", "-z", "--no-renames"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (diffError, out) => {
        resolve(diffError ? null : { top: top.trim(), files: new Set(out.split("\0").filter(Boolean)) });
      });
    });
  });
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, COMMON_OPTIONS);
  if (values.help) {
    io.stdout.write(PRE_COMMIT_HELP);
    return 0;
  }
  const index = await staged(io.cwd);
  const inIndex = (file: string) => index !== null && index.files.has(path.relative(index.top, path.resolve(io.cwd, file)).split(path.sep).join("/"));
  const commit = positionals.length === 0 || positionals.every(inIndex);
  const scan = await import("./scan.js");
  const debug = values.debug ? ["--debug"] : [];
  return scan.run(commit ? ["--staged", ...debug] : [...debug, "--", ...positionals], io);
}
