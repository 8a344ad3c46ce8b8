import path from "node:path";
import { formatBaseline, readBaselineForUpdate, writeBaseline } from "@roxels-guard/scanner/baseline";
import { UsageError } from "@roxels-guard/core";
import { displayPath } from "@roxels-guard/scanner/settings";
import { COMMON_OPTIONS, parse } from "../args.js";
import type { Io } from "../io.js";
import { collectFindings, SELECTION_OPTIONS, settingsFor } from "../selection.js";

export const BASELINE_HELP = `Usage: roxels-guard baseline [paths…] [--output <file>] [selection options]

Write a baseline: the fingerprints of every key found now, so that later scans with
--baseline <file> report only new keys. The baseline holds fingerprints, kinds and
masked keys (never a key), sorted, one a line, with no line numbers or timestamps.
Existing entries in the output file are kept (use --replace to drop them); a file
with git conflict markers is read as the union of both sides and written back clean.
A file that is not a baseline is not overwritten without --replace.

  -o, --output <file>  where to write (default: the config's "baseline", else
                       .roxelsguard-baseline.json)
  --replace            drop entries of the existing file, or overwrite a file that
                       is not a baseline
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
  if (values.baseline !== undefined) throw new UsageError("baseline takes no --baseline: it writes one (--output <file>), keeping the entries already there");
  if (values.explain === true) throw new UsageError("baseline takes no --explain: it lists nothing (scan --explain does)");
  // The baseline being written must not hide the keys it is meant to record: no baseline
  // is loaded, not even the config's.
  const settings = settingsFor(values, io, false);
  const { config } = settings;
  // Without --output, the config's baseline (relative to the config file, as scan reads it).
  const output =
    values.output !== undefined
      ? path.resolve(io.cwd, values.output)
      : path.resolve(config.baseline ? config.directory : io.cwd, config.baseline ?? DEFAULT_BASELINE);
  const shown = values.output ?? displayPath(io.cwd, output);
  // Checked before the scan: a file that is not a baseline is refused, not overwritten.
  const previous = readBaselineForUpdate(output, shown, values.replace === true);
  const result = await collectFindings(values, positionals, io, settings);
  writeBaseline(output, formatBaseline(result.findings, previous.entries), shown);
  const found = new Set(result.findings.map((f) => f.fingerprint));
  const keys = new Set([...found, ...previous.entries.map((e) => e.fingerprint)]).size;
  // What the file holds, not only what this scan found: entries of keys no longer seen stay.
  const kept = keys - found.size;
  const notes = [
    ...(kept > 0 ? [`${kept} kept from before, not found now`] : []),
    ...(previous.merged ? ["its git merge resolved: both sides' entries kept"] : []),
  ];
  io.stderr.write(`roxels-guard: baseline of ${keys} key${keys === 1 ? "" : "s"} written to ${shown}${notes.length ? ` (${notes.join("; ")})` : ""}\n`);
  return 0;
}
