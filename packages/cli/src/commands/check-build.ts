/** `roxels-guard check-build [dir]`: keys in what a finished build ships to browsers. */
import { UsageError } from "@roxels-guard/core";
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { settingsFor } from "../selection.js";
import { REPORT_OPTIONS, reportFindings, reportFormat } from "./scan.js";

export const CHECK_BUILD_HELP = `Usage: roxels-guard check-build [dir] [options]

Find Roxels secret keys in a finished build's client output: what browsers download.
Knows each framework's client folders and reads only those (not server bundles):
  .next/static and prerendered .next/server/app/**.html|.rsc (Next.js, also Turbopack),
  .svelte-kit/output/client (SvelteKit), .output/public (Nuxt), dist/client and
  build/client and build/prerendered (Astro, React Router, SvelteKit adapter-node),
  build/ (Create React App), dist/ (Vite, static), public/ (Gatsby).
dir is the project folder (default: .) or the output folder itself. A key found in a
file with a source map is traced to the source file and line that put it there.

Options:
  --config <file>      settings file (default: roxels-guard.config.json, looked up)
  --ignore-file <file> ignore file (default: .roxelsguardignore, looked up)
  -f, --format <fmt>   text (default), json or sarif
  -o, --output <file>  write the report to a file instead of stdout
  --color, --no-color  force colours on or off
  --debug              stack traces of internal errors

Exit codes: 0 no keys found, 1 keys found, 2 no build output found, a client file or folder
that could not be read, usage or runtime error.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  config: { type: "string" },
  "ignore-file": { type: "string" },
  ...REPORT_OPTIONS,
} as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(CHECK_BUILD_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`check-build takes one folder (got ${positionals.length})`);
  reportFormat(values); // a bad --format is refused before the scan
  const { checkBuild } = await import("@roxels-guard/build-guard/check-build");
  const { outputs, result } = await checkBuild(settingsFor(values, io), positionals[0] ?? ".");
  for (const output of outputs) {
    io.stderr.write(`roxels-guard: checked ${output.framework} client output (${output.paths.length} path${output.paths.length === 1 ? "" : "s"})\n`);
  }
  if (result.warnings.length > 0) {
    const { redactKeys } = await import("@roxels-guard/core");
    for (const warning of result.warnings) io.stderr.write(`roxels-guard: warning: ${redactKeys(warning)}\n`);
  }
  const code = await reportFindings(io, result, values, { explain: false, root: io.cwd });
  // A client file or folder that could not be read may hold a key: the build is not shown clean.
  const unread = result.stats.skipped.unreadable;
  if (code === 0 && unread > 0) {
    io.stderr.write(`roxels-guard: ${unread} path${unread === 1 ? "" : "s"} in the client output could not be read (see the warning${unread === 1 ? "" : "s"} above): not shown free of keys\n`);
    return 2;
  }
  return code;
}
