import path from "node:path";
import { formatBaseline, readBaselineEntries, writeBaseline, type BaselineEntry } from "@roxels-guard/scanner/baseline";
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { collectFindings, SELECTION_OPTIONS, settingsFor } from "../selection.js";

export const BASELINE_HELP = `Usage: roxels-guard baseline [paths…] [--output <file>] [selection options]

Write a baseline: the fingerprints of every key found now, so that later scans with
--baseline <file> report only new keys. The baseline holds fingerprints, kinds and
masked keys (never a key), sorted, with no line numbers or timestamps, so it merges
cleanly. Existing entries in the output file are kept (use --replace to drop them).

  --output <file>  where to write (default: .roxelsguard-baseline.json)
  --replace        drop entries of the existing file
  (selection options as for scan: --staged, --history, --since, --all, --no-ignore,
   --config, --ignore-file)

Exit codes: 0 written, 2 error.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...SELECTION_OPTIONS,
  output: { type: "string", short: "o" },
  replace: { type: "boolean" },
} as const;

export const DEFAULT_BASELINE = ".roxelsguard-baseline.json";

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(BASELINE_HELP);
    return 0;
  }
  const output = path.resolve(io.cwd, values.output ?? DEFAULT_BASELINE);
  // The baseline being written must not hide the keys it is meant to record.
  const result = await collectFindings(values, positionals, io, settingsFor(values, io, false));
  // An unreadable old baseline is replaced rather than merged.
  const previous: BaselineEntry[] = values.replace ? [] : (readBaselineEntries(output) ?? []);
  writeBaseline(output, formatBaseline(result.findings, previous));
  const keys = new Set(result.findings.map((f) => f.fingerprint)).size;
  io.stderr.write(`roxels-guard: baseline of ${keys} key${keys === 1 ? "" : "s"} written to ${values.output ?? DEFAULT_BASELINE}\n`);
  return 0;
}
